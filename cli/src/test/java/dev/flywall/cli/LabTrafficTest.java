package dev.flywall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.runtime.apply.Kernel;
import dev.flywall.runtime.lab.Lab;
import dev.flywall.testing.NeedsRoot;
import dev.flywall.testing.NeedsTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where real flows go, counted by the fake ISPs (new TCP connections to port 80, UDP datagrams to
 * port 1194) in a lab built from the test configurations in {@code lab/}: weights, sticky
 * sessions, policy routes and pins. Needs root, nft, ip and conntrack; skipped with the reason
 * printed otherwise.
 */
@NeedsRoot
@NeedsTools({"nft", "ip", "conntrack", "sysctl", "dnsmasq", "dhclient"})
class LabTrafficTest {

    static final String NAME = "fwtr" + ProcessHandle.current().pid() % 10000;
    static final Path CONFIGS = Path.of("src", "test", "resources", "lab");

    private final Lab lab = new Lab();

    @AfterEach
    void down() throws Exception {
        lab.down(NAME);
    }

    /** Builds the lab of a test configuration and waits until the daemon has seen every uplink up. */
    private void up(String config) throws Exception {
        LabTests.Result r = LabTests.run("lab", "up", CONFIGS.resolve(config).toString(), "--name", NAME);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(RunningLab.await(
                        Duration.ofSeconds(30), () -> RunningLab.allUp(new RunningLab(null, Lab.dir(NAME)))))
                .as("every uplink up")
                .isTrue();
    }

    /** Runs flywall inside the lab's LAN client (or, with {@code gateway}, in the gateway) and waits for it. */
    private String inside(String namespace, String... args) throws Exception {
        Path log = Files.createTempFile(Lab.dir(NAME), "run", ".log");
        Process p = RunningLab.spawn(namespace, log, args);
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return Files.readString(log);
    }

    private String client(String... args) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of("lab", "client"));
        all.addAll(List.of(args));
        return inside(NAME + "-lan-lan0", all.toArray(String[]::new));
    }

    /**
     * SYNs each ISP received on port 80. A flow's first SYN can be retransmitted (the first packet
     * on a fresh link waits for ARP), so counts may exceed the flows by a few.
     */
    private long[] syns(String... uplinks) throws Exception {
        long[] out = new long[uplinks.length];
        for (int i = 0; i < uplinks.length; i++) {
            out[i] = lab.counter(NAME, uplinks[i], "web_syn");
        }
        return out;
    }

    private static double share(long part, long[] all) {
        return (double) part / java.util.Arrays.stream(all).sum();
    }

    /** Scenario 4: weights 2:1 over 1,000 new flows land within ±5 % of 2/3 : 1/3. */
    @Test
    void weightsTwoToOne() throws Exception {
        up("balance-2-1.hcl");
        assertThat(client("--target", "203.0.113.202", "--tcp", "1000")).contains("connected 1000 of 1000");
        long[] n = syns("eth0", "eth1");
        System.out.printf("weights 2:1 over 1000 flows: eth0 %d, eth1 %d%n", n[0], n[1]);
        assertThat(n[0] + n[1]).isBetween(1000L, 1005L);
        assertThat(share(n[0], n)).isBetween(2 / 3.0 - 0.05, 2 / 3.0 + 0.05);
    }

    /** Scenario 4: weights 5:3:2 over three uplinks, 1,000 flows, each within ±5 %. */
    @Test
    void weightsFiveThreeTwo() throws Exception {
        up("balance-5-3-2.hcl");
        assertThat(client("--target", "203.0.113.202", "--tcp", "1000")).contains("connected 1000 of 1000");
        long[] n = syns("eth0", "eth1", "eth3");
        System.out.printf("weights 5:3:2 over 1000 flows: eth0 %d, eth1 %d, eth3 %d%n", n[0], n[1], n[2]);
        assertThat(n[0] + n[1] + n[2]).isBetween(1000L, 1005L);
        assertThat(share(n[0], n)).isBetween(0.45, 0.55);
        assertThat(share(n[1], n)).isBetween(0.25, 0.35);
        assertThat(share(n[2], n)).isBetween(0.15, 0.25);
    }

    /** Scenario 5: one LAN source keeps its uplink across 100 new connections. */
    @Test
    void stickyKeepsASourceOnOneUplink() throws Exception {
        up("sticky.hcl");
        assertThat(client("--target", "203.0.113.202", "--tcp", "100")).contains("connected 100 of 100");
        long[] n = syns("eth0", "eth1");
        System.out.printf("sticky over 100 flows from one source: eth0 %d, eth1 %d%n", n[0], n[1]);
        assertThat(Math.min(n[0], n[1])).as("the other uplink").isZero();
        assertThat(Math.max(n[0], n[1])).isBetween(100L, 102L);
    }

    /** Scenario 3: UDP 1194 and an ipset destination leave via eth0 while the default group prefers eth1. */
    @Test
    void policyRoutesBeatTheDefaultGroup() throws Exception {
        up("policy.hcl");
        assertThat(client("--target", "203.0.113.202", "--tcp", "20")).contains("connected 20 of 20");
        long[] before = syns("eth0", "eth1");
        assertThat(before[0]).isZero();
        assertThat(before[1]).isBetween(20L, 22L);
        assertThat(client("--target", "203.0.113.203", "--tcp", "20"))
                .as("@office")
                .contains("connected 20 of 20");
        assertThat(syns("eth0", "eth1")[0]).isBetween(20L, 22L);
        assertThat(syns("eth0", "eth1")[1]).isEqualTo(before[1]);
        client("--target", "203.0.113.202", "--udp", "30", "--port", "1194");
        assertThat(lab.counter(NAME, "eth0", "udp_1194")).isEqualTo(30);
        assertThat(lab.counter(NAME, "eth1", "udp_1194")).isZero();

        // eth0 dies: the VPN falls back to the default group, the strict office route is blocked
        lab.breakIsp(NAME, "eth0");
        Path state = Lab.dir(NAME).resolve("state");
        assertThat(RunningLab.await(
                        Duration.ofSeconds(10),
                        () -> RunningLab.health(new RunningLab(null, Lab.dir(NAME)), "eth0")
                                .equals("DOWN")))
                .isTrue();
        client("--target", "203.0.113.202", "--udp", "30", "--port", "1194");
        assertThat(lab.counter(NAME, "eth1", "udp_1194")).as("vpn falls back").isEqualTo(30);
        assertThat(client("--target", "203.0.113.203", "--tcp", "5"))
                .as("strict: no fallback")
                .contains("connected 0 of 5");
        assertThat(lab.counter(NAME, "eth1", "web_syn")).isEqualTo(before[1]);
        assertThat(state).isDirectory();
    }

    /** Scenario 8: a pin sends new connections through the pinned uplink until unpinned. */
    @Test
    void pinAndUnpin() throws Exception {
        up("balance-2-1.hcl");
        String gw = NAME + "-gw";
        String state = Lab.dir(NAME).resolve("state").toString();
        assertThat(inside(gw, "wan", "pin", "eth1", "--state-dir", state)).contains("Pinned group default to eth1.");
        client("--target", "203.0.113.202", "--tcp", "100");
        assertThat(syns("eth0", "eth1")[0]).isZero();
        assertThat(syns("eth0", "eth1")[1]).isBetween(100L, 102L);
        assertThat(inside(gw, "wan", "unpin", "--state-dir", state)).contains("Unpinned group default.");
        client("--target", "203.0.113.202", "--tcp", "300");
        long[] n = syns("eth0", "eth1");
        assertThat(n[0]).as("eth0 is back in the balance").isGreaterThan(100);
    }

    private Process holdSession(Path log, Duration duration) throws Exception {
        return RunningLab.spawn(
                NAME + "-lan-lan0",
                log,
                "lab",
                "client",
                "--target",
                "203.0.113.202",
                "--hold",
                duration.toMillis() + "ms");
    }

    private static String health(String uplink) {
        return RunningLab.health(new RunningLab(null, Lab.dir(NAME)), uplink);
    }

    private static String activeOf() {
        return RunningLab.active(new RunningLab(null, Lab.dir(NAME)), "default");
    }

    /**
     * Scenario 6: a session that started on the backup survives the failback (its connection keeps
     * its mark); a failure moves sessions off the dead link: the old one breaks (its conntrack
     * entry was flushed) and a new one opens through the live link within the detection time.
     */
    @Test
    void failbackKeepsSessionsAndAFailureMovesThem() throws Exception {
        up("fast.hcl");
        // a failure: the session on eth0 breaks and the application's next one opens via eth1
        Path first = Lab.dir(NAME).resolve("first.log");
        Process p = holdSession(first, Duration.ofSeconds(6));
        assertThat(RunningLab.await(Duration.ofSeconds(15), () -> opened(first) >= 1))
                .isTrue();
        long broke = System.currentTimeMillis();
        lab.breakIsp(NAME, "eth0");
        assertThat(RunningLab.await(Duration.ofSeconds(10), () -> activeOf().equals("eth1")))
                .isTrue();
        assertThat(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        List<String> lines = read(first).lines().toList();
        long reopened = lines.stream()
                .filter(l -> l.matches("\\d+ open \\d+"))
                .skip(1)
                .mapToLong(l -> Long.parseLong(l.substring(0, l.indexOf(' '))))
                .findFirst()
                .orElse(-1);
        System.out.println("session moved off the dead link " + (reopened - broke) + " ms after the break: " + lines);
        assertThat(reopened).as("a new session after the break").isGreaterThan(broke);
        // detection is 3 x 200 ms + 100 ms; the client's own 1 s read timeout and reconnect come on top
        assertThat(reopened - broke).isLessThan(4000);

        // failback: a session that started on the backup stays alive
        Path second = Lab.dir(NAME).resolve("second.log");
        Process q = holdSession(second, Duration.ofSeconds(5));
        assertThat(RunningLab.await(Duration.ofSeconds(15), () -> opened(second) >= 1))
                .isTrue();
        lab.heal(NAME, "eth0");
        assertThat(RunningLab.await(Duration.ofSeconds(10), () -> activeOf().equals("eth0")))
                .isTrue();
        assertThat(q.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(read(second))
                .as("the session on the backup across the failback")
                .doesNotContain("broken")
                .contains(" closed");
        assertThat(health("eth0")).isEqualTo("UP");
    }

    /** Scenario 7: with the main table preferring eth1, eth0's probes still leave through eth0. */
    @Test
    void probesLeaveThroughTheirOwnUplink() throws Exception {
        up("fast.hcl");
        new Kernel(Optional.of(NAME + "-gw"))
                .run("", "ip", "route", "replace", "default", "via", "198.51.100.5", "dev", "eth1", "metric", "1");
        long before = lab.counter(NAME, "eth0", "probes_in");
        Thread.sleep(2000);
        long after = lab.counter(NAME, "eth0", "probes_in");
        // 2 targets every 200 ms: about 20 echo requests in 2 s, all through eth0's ISP
        assertThat(after - before).isGreaterThanOrEqualTo(14);
        assertThat(health("eth0")).isEqualTo("UP");
    }

    /** Scenario 8: the daemon killed with SIGKILL and restarted: state and rules intact, nothing doubled. */
    @Test
    void aKilledDaemonRestartsWhereItStopped() throws Exception {
        up("fast.hcl");
        lab.breakIsp(NAME, "eth0");
        assertThat(RunningLab.await(Duration.ofSeconds(10), () -> activeOf().equals("eth1")))
                .isTrue();
        Kernel gw = new Kernel(Optional.of(NAME + "-gw"));
        String rules = gw.run("", "nft", "list", "ruleset").out();
        String ipRules = gw.run("", "ip", "rule", "show").out();
        List<String> pids = Files.readAllLines(Lab.dir(NAME).resolve("pids"));
        long daemon = Long.parseLong(pids.get(pids.size() - 1).strip());
        ProcessHandle.of(daemon).orElseThrow().destroyForcibly();
        assertThat(RunningLab.await(
                        Duration.ofSeconds(10), () -> ProcessHandle.of(daemon).isEmpty()))
                .isTrue();
        assertThat(gw.run("", "nft", "list", "ruleset").out())
                .as("rules stay when the daemon dies")
                .isEqualTo(rules);

        Process again = RunningLab.spawn(
                NAME + "-gw",
                Lab.dir(NAME).resolve("daemon2.log"),
                "run",
                "--state-dir",
                Lab.dir(NAME).resolve("state").toString());
        Files.writeString(Lab.dir(NAME).resolve("pids"), String.join("\n", pids) + "\n" + again.pid() + "\n");
        Thread.sleep(3000);
        assertThat(again.isAlive())
                .as(read(Lab.dir(NAME).resolve("daemon2.log")))
                .isTrue();
        assertThat(health("eth0")).isEqualTo("DOWN");
        assertThat(activeOf()).isEqualTo("eth1");
        assertThat(gw.run("", "nft", "list", "ruleset").out())
                .as("no duplicates, same decisions")
                .isEqualTo(rules);
        assertThat(gw.run("", "ip", "rule", "show").out()).isEqualTo(ipRules);
        lab.heal(NAME, "eth0");
        assertThat(RunningLab.await(Duration.ofSeconds(10), () -> activeOf().equals("eth0")))
                .as("failback after restart")
                .isTrue();
    }

    /** Scenario 8: notifications reach a webhook receiver and an SMTP server running in the lab. */
    @Test
    void notificationsReachTheLabsWebhookAndMailServer() throws Exception {
        up("notify.hcl");
        lab.breakIsp(NAME, "eth0");
        Path received = Lab.dir(NAME).resolve("received.log");
        assertThat(RunningLab.await(
                        Duration.ofSeconds(20),
                        () -> read(received).contains("mail ") && read(received).contains("\"event\":\"failover\"")))
                .as(read(received))
                .isTrue();
        String got = read(received);
        assertThat(got)
                .contains("webhook /webhook/services/T000/B000")
                .contains("\"from\":\"eth0\"")
                .contains("\"to\":\"eth1\"");
        assertThat(got)
                .containsPattern("mail MAIL FROM: ?<gateway@example.com>.*RCPT TO: ?<admin@example.com>.*Subject:");
    }

    private static long opened(Path log) {
        return read(log).lines().filter(l -> l.matches("\\d+ open \\d+")).count();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
