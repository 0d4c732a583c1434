package dev.flywall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.runtime.lab.Lab;
import dev.flywall.testing.NeedsRoot;
import dev.flywall.testing.NeedsTools;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An HA pair end to end in real network namespaces: {@code flywall lab run
 * examples/ha-primary.hcl --peer examples/ha-secondary.hcl} builds both gateways on shared ISP and
 * LAN bridges, runs the real {@code flywall apply} and {@code flywall run} in each (keepalived,
 * conntrackd), and plays the ha scenario once (one lab for every test here: it is the slow part):
 * the master crashes, reboots and takes the addresses back, then its primary ISP breaks. The LAN
 * client's {@value LabHaScenario#SESSIONS} TCP sessions must all survive both switches; the
 * outages are bounded loosely (the figures themselves are bench/run-ha.sh's). Needs root, nft, ip,
 * conntrack, sysctl, keepalived and conntrackd; skipped with the reason printed otherwise.
 */
@NeedsRoot
@NeedsTools({"nft", "ip", "conntrack", "sysctl", "ss", "keepalived", "conntrackd"})
class LabHaTest {

    static final String NAME = "fwha" + ProcessHandle.current().pid() % 10000;
    static final String PRIMARY = Path.of("..", "examples", "ha-primary.hcl").toString();
    static final String SECONDARY =
            Path.of("..", "examples", "ha-secondary.hcl").toString();

    private static LabTests.Result run;

    @BeforeAll
    static void playTheScenario() {
        run = LabTests.run("lab", "run", PRIMARY, "--peer", SECONDARY, "--name", NAME);
        System.out.println(run.out());
        System.out.println(run.err());
    }

    @AfterAll
    static void down() throws Exception {
        new Lab().down(NAME);
    }

    @Test
    void theBackupTakesOverWhenTheMasterCrashesAndEverySessionSurvives() {
        assertThat(run.out())
                .contains("HA pair: " + NAME + "-gw (the configuration) and " + NAME + "-gw2 (--peer)")
                .contains("the client " + NAME + "-lan-eth2 192.168.1.254 routes through the virtual address"
                        + " 192.168.1.1")
                .containsPattern(NAME + "-gw2 holds 192\\.168\\.1\\.1 \\(\\d+ ms after the crash\\)");
        Phase p = phase("master killed");
        assertThat(p.kept()).as(run.out()).isEqualTo(p.held()).isEqualTo(LabHaScenario.SESSIONS);
        // 3 missed adverts of 200 ms and the skew: about 0.7 s; loosely bounded for a loaded machine
        assertThat(p.outageMs()).as(run.out()).isBetween(1L, 5000L);
    }

    @Test
    void theMasterTakesTheAddressesBackAfterItsRebootAndEverySessionSurvives() {
        assertThat(run.out())
                .containsPattern(NAME + "-gw holds 192\\.168\\.1\\.1 again \\(\\d+ ms after its daemon" + " started");
        Phase p = phase("master back");
        assertThat(p.kept()).as(run.out()).isEqualTo(p.held()).isEqualTo(LabHaScenario.SESSIONS);
        assertThat(p.outageMs()).as(run.out()).isLessThan(5000L);
        // both daemons recorded the switches: the secondary master, then backup again
        assertThat(run.out())
                .containsPattern("ha_master +keepalived: GROUP \"flywall\" MASTER \\(was backup\\)")
                .containsPattern("ha_backup +keepalived: GROUP \"flywall\" BACKUP \\(was master\\)");
    }

    @Test
    void aWanFailoverOnTheMasterKeepsTheRolesAndTheSessionsComeBackThroughTheOtherIsp() {
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .containsPattern("failover on the master: group default now uses eth1 \\(\\d+ ms after the break\\)")
                .contains("roles unchanged: " + NAME + "-gw is still the master")
                .contains("failback: group default uses eth0 again")
                .contains("Lab " + NAME + " removed.");
        Phase p = phase("WAN failover on the master");
        // the sessions through the broken ISP die with its NAT; the scenario checked they all echo again
        assertThat(p.held()).isEqualTo(LabHaScenario.SESSIONS);
        assertThat(p.outageMs()).as(run.out()).isBetween(1L, 5000L);
    }

    @Test
    void thePairsScenarioAndThePeerGoTogether() {
        LabTests.Result alone = LabTests.run(
                "lab",
                "run",
                Path.of("..", "examples", "dual-wan.hcl").toString(),
                "--scenario",
                "ha",
                "--name",
                NAME + "x");
        assertThat(alone.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(alone.err())
                .isEqualTo("flywall lab run: the ha scenario needs --peer PATH (the other node's configuration)\n");
        LabTests.Result other = LabTests.run(
                "lab", "run", PRIMARY, "--peer", SECONDARY, "--scenario", "failover", "--name", NAME + "x");
        assertThat(other.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(other.err()).isEqualTo("flywall lab run: with --peer the scenario is ha (the pair's), alone\n");
        // refused before anything is built
        LabTests.Result single = LabTests.run(
                "lab",
                "up",
                PRIMARY,
                "--peer",
                Path.of("..", "examples", "dual-wan.hcl").toString(),
                "--name",
                NAME + "x");
        assertThat(single.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(single.err())
                .isEqualTo("flywall lab: the --peer configuration has no ha { } block; --peer labs the two nodes of"
                        + " an HA pair\n");
    }

    record Phase(long outageMs, long kept, long held) {}

    private static Phase phase(String name) {
        Matcher m = Pattern.compile(Pattern.quote(name)
                        + ": the LAN client's pings saw an outage of (\\d+) ms; sessions kept (\\d+) of (\\d+)")
                .matcher(run.out());
        assertThat(m.find()).as(run.out() + run.err()).isTrue();
        return new Phase(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)));
    }
}
