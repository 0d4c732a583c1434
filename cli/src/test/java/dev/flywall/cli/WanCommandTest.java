package dev.flywall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywall.runtime.api.ApiServer;
import dev.flywall.runtime.history.History;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code flywall wan} against a real API server with a fake daemon, and without any daemon. */
class WanCommandTest {

    private static final String TOKEN = "s3cret";

    @TempDir
    Path stateDir;

    private final WanFakeDaemon daemon = new WanFakeDaemon();
    private History history;
    private ApiServer server;

    private record Result(int exitCode, String out, String err) {}

    @BeforeEach
    void start() throws Exception {
        history = History.open(stateDir.resolve("history.db"));
        server = new ApiServer(new InetSocketAddress("127.0.0.1", 0), Optional.of(TOKEN), daemon, history);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        history.close();
    }

    private Result wan(String... args) {
        return run(args, "--api", "http://127.0.0.1:" + server.port());
    }

    private Result run(String[] args, String... more) {
        List<String> all = new ArrayList<>(List.of("wan"));
        all.addAll(List.of(args));
        all.addAll(List.of("--state-dir", stateDir.toString()));
        all.addAll(List.of(more));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Main.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Result(exitCode, out.toString(), err.toString());
    }

    /** An address where nothing listens: a port the system just gave out and took back. */
    private static String nobody() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return "127.0.0.1:" + s.getLocalPort();
        }
    }

    private void record(Instant at, String kind, String group, String from, String to, String reason) throws Exception {
        history.record(new History.Event(at, kind, group, from, to, reason, "{}"));
    }

    @Test
    void statusShowsTheTableAndTheGroups() {
        Result r = wan("status");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.SUCCESS);
        assertThat(r.out()).isEqualTo("""
        INTERFACE  STATUS  PRIORITY  LATENCY  PACKET LOSS
        eth0       UP      1         12ms     0.0%
        eth1       DOWN    2         -        100.0%

        group default (failover): active eth0
        group backup (failover): no member is up — keeping eth1
        """);
        assertThat(r.err()).isEmpty();
    }

    @Test
    void statusJsonIsTheApiDocument() throws Exception {
        Result r = wan("status", "--json");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.SUCCESS);
        var json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("config_hash").asText()).isEqualTo("sha256:abc");
        assertThat(json.get("uplinks").get(1).get("rtt_ms").isNull()).isTrue();
    }

    @Test
    void statusWithoutDaemonShowsTheLastEvents() throws Exception {
        Instant at = Instant.parse("2026-11-22T10:00:00Z");
        record(at, "failover", "default", "eth0", "eth1", "3 probes lost");
        String address = nobody();

        Result r = run(new String[] {"status"}, "--api", address);

        assertThat(r.exitCode()).isEqualTo(ExitCodes.DAEMON_NOT_RUNNING);
        assertThat(r.err()).isEqualTo("flywall: the daemon is not running (no answer on " + address + ")\n");
        assertThat(r.out())
                .isEqualTo("Last events in " + stateDir.resolve("history.db") + ":\n"
                        + WanTables.history(history.recent(10), ZoneId.systemDefault()));
        assertThat(r.out()).contains("failover  default  eth0 → eth1  3 probes lost");
    }

    @Test
    void statusWithoutDaemonOrHistory() throws Exception {
        Path empty = Files.createDirectory(stateDir.resolve("elsewhere"));
        String address = nobody();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exitCode = Main.run(
                new String[] {"wan", "status", "--state-dir", empty.toString(), "--api", address},
                new PrintWriter(out),
                new PrintWriter(err));

        assertThat(exitCode).isEqualTo(ExitCodes.DAEMON_NOT_RUNNING);
        assertThat(out.toString())
                .isEqualTo("No events recorded yet (" + empty.resolve("history.db") + " does not exist).\n");
    }

    @Test
    void historyFromTheApiWithFilters() throws Exception {
        Instant now = Instant.now();
        record(now.minusSeconds(3 * 86400), "failover", "default", "eth0", "eth1", "old");
        record(now.minusSeconds(3600), "failover", "default", "eth0", "eth1", "3 probes lost");
        record(now.minusSeconds(60), "failback", "default", "eth1", "eth0", "eth0 answers again");
        record(now.minusSeconds(30), "wan_down", null, "usb0", null, "link down");

        Result day = wan("history", "--since", "24h", "--uplink", "eth1");

        assertThat(day.exitCode()).as(day.err()).isEqualTo(ExitCodes.SUCCESS);
        assertThat(day.out())
                .isEqualTo(WanTables.history(
                        history.query(now.minusSeconds(86400), Optional.of("eth1"), 100), ZoneId.systemDefault()));
        assertThat(day.out().lines()).hasSize(3);
        assertThat(wan("history", "--limit", "1").out().lines())
                .hasSize(2)
                .last()
                .asString()
                .contains("link down");
        assertThat(wan("history", "--since", Instant.now().plusSeconds(60).toString())
                        .out())
                .isEqualTo("No events.\n");
        var json = new ObjectMapper()
                .readTree(wan("history", "--json", "--limit", "2").out());
        assertThat(json.get("events")).hasSize(2);
    }

    @Test
    void historyWithoutDaemonReadsTheDatabase() throws Exception {
        record(Instant.now().minusSeconds(60), "failover", "default", "eth0", "eth1", "3 probes lost");
        String address = nobody();

        Result r = run(new String[] {"history", "--since", "1h"}, "--api", address);

        assertThat(r.exitCode()).isEqualTo(ExitCodes.SUCCESS);
        assertThat(r.err())
                .isEqualTo("flywall: the daemon is not running (no answer on " + address + "); reading "
                        + stateDir.resolve("history.db") + "\n");
        assertThat(r.out()).contains("failover  default  eth0 → eth1  3 probes lost");
    }

    /** As {@code status}: no daemon is exit 3, also when nothing was ever recorded (it was 1, "cannot read"). */
    @Test
    void historyWithoutDaemonOrHistoryIsDaemonNotRunning() throws Exception {
        Path empty = Files.createDirectory(stateDir.resolve("elsewhere"));
        String address = nobody();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exitCode = Main.run(
                new String[] {"wan", "history", "--state-dir", empty.toString(), "--api", address},
                new PrintWriter(out),
                new PrintWriter(err));

        assertThat(exitCode).isEqualTo(ExitCodes.DAEMON_NOT_RUNNING);
        assertThat(out.toString())
                .isEqualTo("No events recorded yet (" + empty.resolve("history.db") + " does not exist).\n");
        assertThat(err.toString())
                .isEqualTo("flywall: the daemon is not running (no answer on " + address + "); reading "
                        + empty.resolve("history.db") + "\n");
    }

    @Test
    void historyRefusesABadSinceBeforeAskingAnyone() throws Exception {
        Result r = run(new String[] {"history", "--since", "yesterday"}, "--api", nobody());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err())
                .isEqualTo("flywall: since=yesterday is neither a duration such as 24h nor an instant such"
                        + " as 2026-11-22T10:00:00Z\n");
    }

    @Test
    void healthShowsASparklinePerTarget() {
        Result r = wan("health");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.SUCCESS);
        assertThat(r.out()).isEqualTo("""
        UPLINK  TYPE  TARGET   LOSS    RECENT  LAST
        eth0    icmp  1.1.1.1  20.0%   ▁█·▅▁   ok 10ms
        eth1    dns   8.8.8.8  100.0%  ··      timeout after 2s
        """);
    }

    @Test
    void healthWithoutDaemon() throws Exception {
        String address = nobody();
        Result r = run(new String[] {"health"}, "--api", address);

        assertThat(r.exitCode()).isEqualTo(ExitCodes.DAEMON_NOT_RUNNING);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("flywall: the daemon is not running (no answer on " + address + ")\n");
    }

    @Test
    void pinAndUnpinWithTheToken() {
        Result pin = wan("pin", "eth1", "--group", "default", "--token", TOKEN);
        assertThat(pin.exitCode()).as(pin.err()).isEqualTo(ExitCodes.SUCCESS);
        assertThat(pin.out()).isEqualTo("Pinned group default to eth1.\n");
        assertThat(daemon.pin("default")).hasValue("eth1");
        assertThat(wan("status").out()).contains("group default (failover): active eth1, pinned to eth1\n");

        assertThat(wan("pin", "eth1", "--token", TOKEN).out())
                .isEqualTo("Pinned group default to eth1.\nPinned group backup to eth1.\n");

        Result unpin = wan("unpin", "--group", "backup", "--token", TOKEN);
        assertThat(unpin.out()).isEqualTo("Unpinned group backup.\n");
        assertThat(wan("unpin", "--token", TOKEN).out()).isEqualTo("Unpinned group default.\n");
        assertThat(wan("unpin", "--token", TOKEN).out()).isEqualTo("No group was pinned.\n");
        assertThat(wan("unpin", "--group", "default", "--token", TOKEN).out())
                .isEqualTo("Group default was not pinned.\n");
    }

    @Test
    void failbackAGroup() {
        Result r = wan("failback", "default", "--token", TOKEN);
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.SUCCESS);
        assertThat(r.out()).isEqualTo("Group default fails back to its preferred uplinks (see flywall wan status).\n");
        assertThat(daemon.failbacks).containsExactly("default");
        Result unknown = wan("failback", "nosuch", "--token", TOKEN);
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(unknown.err()).contains("no group named nosuch");
    }

    @Test
    void drainAndUndrainWithTheToken() {
        Result drain = wan("drain", "eth0", "--reason", "ISP works tonight", "--token", TOKEN);
        assertThat(drain.exitCode()).as(drain.err()).isEqualTo(ExitCodes.SUCCESS);
        assertThat(drain.out())
                .isEqualTo("Drained eth0: new connections leave through the other uplinks; established ones keep"
                        + " flowing.\n");
        assertThat(daemon.drains()).containsEntry("eth0", "ISP works tonight");
        assertThat(wan("status").out())
                .contains("eth0 DRAINED since " + local(WanFakeDaemon.AT.minusSeconds(120))
                        + " (ISP works tonight): no new connections\n");

        Result undrain = wan("undrain", "eth0", "--token", TOKEN);
        assertThat(undrain.exitCode()).as(undrain.err()).isEqualTo(ExitCodes.SUCCESS);
        assertThat(undrain.out()).isEqualTo("Undrained eth0.\n");
        assertThat(daemon.drains()).isEmpty();
        assertThat(wan("status").out()).doesNotContain("DRAINED");
    }

    @Test
    void aDrainThatLeavesAGroupOnTheUplinkPrintsTheWarning() {
        Result drain = wan("drain", "eth1", "--token", TOKEN);

        assertThat(drain.exitCode()).as(drain.err()).isEqualTo(ExitCodes.SUCCESS);
        assertThat(drain.out())
                .endsWith("warning: uplink_group backup has no other usable member: it keeps eth1 (a dead route beats"
                        + " none)\n");
        assertThat(daemon.drains()).containsEntry("eth1", "");
    }

    @Test
    void statusShowsAMaintenanceWindow() {
        daemon.maintenance = true;

        assertThat(wan("status").out())
                .contains("eth1 MAINTENANCE window isp2-weekly until " + local(WanFakeDaemon.AT.plusSeconds(3600))
                        + ": no new connections, health alerts muted\n");
    }

    @Test
    void drainRefusals() {
        Result noToken = wan("drain", "eth0");
        assertThat(noToken.exitCode()).isEqualTo(ExitCodes.NOT_AUTHORIZED);

        Result unknown = wan("drain", "eth9", "--token", TOKEN);
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(unknown.err()).isEqualTo("flywall: there is no uplink \"eth9\"; uplinks: eth0, eth1\n");

        Result undrainUnknown = wan("undrain", "eth9", "--token", TOKEN);
        assertThat(undrainUnknown.exitCode()).isEqualTo(ExitCodes.FAILURE);

        Result tooLong = wan("drain", "eth0", "--reason", "x".repeat(201), "--token", TOKEN);
        assertThat(tooLong.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(tooLong.err())
                .isEqualTo("flywall wan drain: the drain reason has 201 characters; at most 200 are allowed\n");
        Result control = wan("drain", "eth0", "--reason", "two\nlines", "--token", TOKEN);
        assertThat(control.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(daemon.drains()).isEmpty();

        assertThat(run(new String[] {"drain"}).exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run(new String[] {"undrain"}).exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    /** An instant as {@code wan status} prints it, in this machine's zone. */
    private static String local(Instant at) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                .format(at.atZone(ZoneId.systemDefault()));
    }

    @Test
    void pinRefusals() {
        Result noToken = wan("pin", "eth1");
        assertThat(noToken.exitCode()).isEqualTo(ExitCodes.NOT_AUTHORIZED);
        assertThat(noToken.err())
                .isEqualTo("flywall: the API needs a token: pass --token TOKEN or set FLYWALL_API_TOKEN\n");

        Result wrong = wan("unpin", "--token", "guess");
        assertThat(wrong.exitCode()).isEqualTo(ExitCodes.NOT_AUTHORIZED);
        assertThat(wrong.err()).isEqualTo("flywall: the API refused the token (the token is not the API's token)\n");

        Result unknown = wan("pin", "eth1", "--group", "nope", "--token", TOKEN);
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(unknown.err()).isEqualTo("flywall: no group named nope\n");

        Result notMember = wan("pin", "eth0", "--group", "backup", "--token", TOKEN);
        assertThat(notMember.err()).isEqualTo("flywall: eth0 is not a member of group backup\n");
        assertThat(daemon.pin("default")).isEmpty();
    }

    @Test
    void addressAndTokenComeFromTheAppliedBundle() throws Exception {
        Path current = Files.createDirectory(stateDir.resolve("current"));
        Files.writeString(current.resolve("watchdog.json"), """
        {"schema_version": 1, "config_hash": "sha256:00",
         "nft": {"family": "inet", "table": "flywall", "mark_mask": "0xff00", "blackhole_mark": "0xff00"},
         "uplinks": [], "groups": [], "policy_routes": [], "notifications": {},
         "api": {"listen": "127.0.0.1:%d", "token": {"bundled": "api.token"}},
         "runtime": {"state_dir": "/var/lib/flywall", "history_retention_s": 2592000}}
        """.formatted(server.port()));
        Files.writeString(current.resolve("secrets.json"), "{\"api.token\": \"" + TOKEN + "\"}");

        Result r = run(new String[] {"pin", "eth1", "--group", "backup"});

        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.SUCCESS);
        assertThat(daemon.pin("backup")).hasValue("eth1");
    }

    @Test
    void usageErrors() {
        StringWriter err = new StringWriter();
        assertThat(Main.run(new String[] {"wan"}, new PrintWriter(new StringWriter()), new PrintWriter(err)))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString())
                .startsWith(
                        "flywall: missing wan command (status, history, health, pin, unpin, failback, drain or undrain)\n");

        Result badApi = run(new String[] {"status"}, "--api", "ftp://x");
        assertThat(badApi.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badApi.err()).contains("'ftp://x' is not an API address such as http://127.0.0.1:8080");

        assertThat(run(new String[] {"pin"}).exitCode()).isEqualTo(ExitCodes.USAGE);
    }
}
