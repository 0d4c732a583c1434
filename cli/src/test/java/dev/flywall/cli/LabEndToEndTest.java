package dev.flywall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.runtime.history.History;
import dev.flywall.runtime.lab.Lab;
import dev.flywall.testing.NeedsRoot;
import dev.flywall.testing.NeedsTools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * End to end in real network namespaces: {@code flywall lab} builds the gateway of
 * {@code lab/fast.hcl} with two fake ISPs and a LAN client, applies it and runs the real daemon
 * (a separate JVM inside the gateway namespace). Its DHCP uplinks lease their addresses from the
 * ISPs' dnsmasq through the daemon's dhclient. Needs root, nft, ip, conntrack, dnsmasq and
 * dhclient; skipped with the reason printed otherwise.
 */
@NeedsRoot
@NeedsTools({"nft", "ip", "conntrack", "sysctl", "dnsmasq", "dhclient"})
class LabEndToEndTest {

    static final String NAME = "fwe2e" + ProcessHandle.current().pid() % 10000;
    static final String CONFIG =
            Path.of("src", "test", "resources", "lab", "fast.hcl").toString();

    @AfterEach
    void down() throws Exception {
        new Lab().down(NAME);
    }

    /**
     * Scenario 1: failover and failback, with the outage a LAN client sees; then, in the same lab,
     * the lease scenario: the primary's ISP hands out a new address and gateway by DHCP, the
     * client's traffic follows, and the history has the lease event; then the shaping scenario:
     * a bulk upload from the LAN client through eth0, shaped to 20 Mbit/s, stays within 10 %.
     */
    @Test
    void failoverAndFailbackWithTheClientVisibleOutageThenANewLease() {
        LabTests.Result r = LabTests.run("lab", "run", CONFIG, "--name", NAME, "--scenario", "failover,lease,shaping");
        System.out.println(r.out());
        assertThat(r.exitCode()).as(r.err()).isZero();
        Matcher failover =
                Pattern.compile("now uses eth1 \\((\\d+) ms after the break\\)").matcher(r.out());
        assertThat(failover.find()).as(r.out()).isTrue();
        Matcher outage = Pattern.compile("saw an outage of (\\d+) ms").matcher(r.out());
        assertThat(outage.find()).as(r.out()).isTrue();
        // 3 rounds of 200 ms (+100 ms timeout) to detect, then the switch: well under 2 s on a loaded CI machine
        assertThat(Long.parseLong(failover.group(1))).isLessThan(2000);
        assertThat(Long.parseLong(outage.group(1))).isBetween(200L, 2500L);
        assertThat(r.out()).contains("failback: group default uses eth0 again").contains("Lab " + NAME + " removed.");
        assertThat(r.out())
                .containsPattern("wan_down +eth0")
                .containsPattern("failover +default eth0 -> eth1")
                .containsPattern("failback +default eth1 -> eth0");
        // real DHCP: the daemon's dhclient leased the addresses the ISPs' dnsmasq hands out
        assertThat(r.out())
                .contains("DHCP: eth0 leased 198.51.100.2/30 via 198.51.100.1, eth1 leased 198.51.100.6/30 via"
                        + " 198.51.100.5");
        // the lease scenario: one lease event old -> new, the uplink's table and the client's traffic follow
        assertThat(r.out())
                .contains("the daemon's dhclient took 198.51.100.10")
                .contains("the daemon recorded: lease eth0  198.51.100.2 via 198.51.100.1 → 198.51.100.10 via"
                        + " 198.51.100.9")
                .containsPattern("the uplink's table: default via 198\\.51\\.100\\.9 dev eth0")
                .contains("the LAN client's traffic follows: answered again through 198.51.100.10")
                .containsPattern("lease +eth0  198\\.51\\.100\\.2 via 198\\.51\\.100\\.1 → 198\\.51\\.100\\.10");
        Matcher lease = Pattern.compile("took 198\\.51\\.100\\.10 \\((\\d+) ms after the change\\)")
                .matcher(r.out());
        assertThat(lease.find()).isTrue();
        // the next renewal (T1 = 10 s, jittered) is refused at once and the new lease follows
        assertThat(Long.parseLong(lease.group(1))).isLessThan(20_000);
        Matcher leaseOutage = Pattern.compile("its outage: (\\d+) ms").matcher(r.out());
        assertThat(leaseOutage.find()).as(r.out()).isTrue();
        assertThat(Long.parseLong(leaseOutage.group(1))).isLessThan(3000);
        // the shaping scenario: eth0's 20 Mbit/s bandwidth holds a bulk upload from the LAN client
        Matcher shaped = Pattern.compile(
                        "got ([0-9.]+) Mbit/s of payload \\(([0-9.]+) % of the bandwidth: within 10 %\\)")
                .matcher(r.out());
        assertThat(shaped.find()).as(r.out()).isTrue();
        assertThat(Double.parseDouble(shaped.group(2))).isBetween(90.0, 110.0);
    }

    /** Scenario 2: 20 % loss on the primary for 60 s with two targets and thresholds 3/2 is no failover; 100 % is. */
    @Test
    void hysteresisRidesOutLossButNotAnOutage() throws Exception {
        LabTests.Result up = LabTests.run(
                "lab",
                "up",
                Path.of("src", "test", "resources", "lab", "hysteresis.hcl").toString(),
                "--name",
                NAME);
        assertThat(up.exitCode()).as(up.err()).isZero();
        Lab lab = new Lab();
        Path state = Lab.dir(NAME).resolve("state");
        assertThat(RunningLab.await(
                        Duration.ofSeconds(30), () -> RunningLab.allUp(new RunningLab(null, Lab.dir(NAME)))))
                .isTrue();
        lab.loss(NAME, "eth0", 20);
        // 60 s = 30 rounds of two probes: a round fails only when both are lost (4 %), and it takes
        // three such rounds in a row to go down: about 1 in 500 windows of 60 s would
        // (the ISP drops 20 % of the echo requests; the replies are not dropped)
        Thread.sleep(60_000);
        assertThat(events(state))
                .as("20% loss for 60 s")
                .doesNotContain("failover")
                .doesNotContain("wan_down");
        lab.loss(NAME, "eth0", 100);
        assertThat(RunningLab.await(Duration.ofSeconds(15), () -> events(state).contains("failover")))
                .isTrue();
        LabTests.Result status = LabTests.run("lab", "status", "--name", NAME);
        assertThat(status.out())
                .contains("ISP of eth0: broken (drops everything: 100% loss)")
                .contains("group default (failover): active eth1");
    }

    private static List<String> events(Path state) {
        try (History h = History.openReadOnly(state.resolve("history.db"))) {
            return h.recent(100).stream().map(History.Event::kind).toList();
        } catch (Exception e) {
            return List.of();
        }
    }
}
