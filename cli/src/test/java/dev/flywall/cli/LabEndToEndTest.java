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
 * (a separate JVM inside the gateway namespace). Needs root, nft, ip and conntrack; skipped with
 * the reason printed otherwise.
 */
@NeedsRoot
@NeedsTools({"nft", "ip", "conntrack", "sysctl"})
class LabEndToEndTest {

    static final String NAME = "fwe2e" + ProcessHandle.current().pid() % 10000;
    static final String CONFIG =
            Path.of("src", "test", "resources", "lab", "fast.hcl").toString();

    @AfterEach
    void down() throws Exception {
        new Lab().down(NAME);
    }

    /** Scenario 1: failover and failback, with the outage a LAN client sees. */
    @Test
    void failoverAndFailbackWithTheClientVisibleOutage() {
        LabTests.Result r = LabTests.run("lab", "run", CONFIG, "--name", NAME);
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
