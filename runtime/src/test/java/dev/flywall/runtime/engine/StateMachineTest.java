package dev.flywall.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywall.Compiler;
import dev.flywall.runtime.watchdog.WatchdogConfig;
import dev.flywall.source.SourceFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the golden timelines do not show: restoring a saved state (restart and reload), inputs
 * about unknown uplinks, a pin on a dead member, and the timer.
 */
class StateMachineTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static WatchdogConfig config(String example) throws Exception {
        Path file = Path.of("..", "examples", example);
        return WatchdogConfig.parse(Compiler.compile(List.of(new SourceFile(file.toString(), Files.readString(file))),
                Map.of()).artifacts().orElseThrow().watchdogJson());
    }

    static StateMachine.Round fail(String uplink, WatchdogConfig c) {
        List<String> targets = c.group("default").flatMap(g -> g.member(uplink)).orElseThrow().healthCheck().probeTargets();
        return new StateMachine.Round(uplink, targets.stream().map(t -> StateMachine.Sample.lost(t, "timeout")).toList());
    }

    static StateMachine.Round ok(String uplink, WatchdogConfig c) {
        List<String> targets = c.group("default").flatMap(g -> g.member(uplink)).orElseThrow().healthCheck().probeTargets();
        return new StateMachine.Round(uplink, targets.stream()
                .map(t -> StateMachine.Sample.ok(t, Duration.ofMillis(5))).toList());
    }

    @Test
    void aRestoredStateContinuesAndDropsWhatNoLongerExists() throws Exception {
        WatchdogConfig c = config("dual-wan.hcl");
        StateMachine first = new StateMachine(c, T0);
        for (int i = 0; i < 3; i++) {
            first.apply(fail("eth0", c), T0.plusSeconds(i));
        }
        first.apply(new StateMachine.Pin("default", "eth1"), T0.plusSeconds(4));
        StateMachine.Snapshot saved = first.snapshot();
        assertThat(saved.failovers()).isEqualTo(1);

        // a snapshot from an older configuration: an uplink and a group that are gone, a pin on a non-member
        Map<String, StateMachine.UplinkSnapshot> uplinks = new java.util.LinkedHashMap<>(saved.uplinks());
        uplinks.put("eth9", new StateMachine.UplinkSnapshot(StateMachine.Health.DOWN, T0, "gone", false));
        Map<String, StateMachine.GroupSnapshot> groups = new java.util.LinkedHashMap<>(saved.groups());
        groups.put("old", new StateMachine.GroupSnapshot(List.of("eth9"), Optional.of("eth9"), false));
        StateMachine second = new StateMachine(c, T0.plusSeconds(10));
        StateMachine.Decisions sync = second.restore(new StateMachine.Snapshot(uplinks, groups, 1), T0.plusSeconds(10));
        assertThat(second.health("eth0")).isEqualTo(StateMachine.Health.DOWN);
        assertThat(second.active("default")).containsExactly("eth1");
        assertThat(sync.groups()).containsEntry("default", List.of("eth1"));
        assertThat(sync.routes()).containsEntry("work-vpn", StateMachine.RouteTarget.DEFAULT);
        assertThat(second.status(T0, T0, Map.of(), Map.of()).groups().get(0).pinned()).contains("eth1");

        // unpinned, the group stays off eth0 until it has earned threshold_up good rounds again
        second.apply(new StateMachine.Unpin("default"), T0.plusSeconds(11));
        assertThat(second.active("default")).containsExactly("eth1");
        second.apply(ok("eth0", c), T0.plusSeconds(12));
        assertThat(second.active("default")).containsExactly("eth1");
        StateMachine.Decisions back = second.apply(ok("eth0", c), T0.plusSeconds(13));
        assertThat(back.groups()).containsEntry("default", List.of("eth0"));
        assertThat(back.events()).extracting(StateMachine.Event::kind).containsExactly("wan_up", "failback");
        assertThat(back.flush()).isEmpty();
    }

    @Test
    void roundsAndLinksOfUnknownUplinksChangeNothing() throws Exception {
        WatchdogConfig c = config("dual-wan.hcl");
        StateMachine m = new StateMachine(c, T0);
        assertThat(m.apply(new StateMachine.Round("eth9", List.of()), T0).isEmpty()).isTrue();
        assertThat(m.apply(new StateMachine.Link("eth9", false), T0).isEmpty()).isTrue();
        assertThat(m.apply(new StateMachine.Link("eth0", true), T0).isEmpty()).as("already up").isTrue();
        assertThatThrownBy(() -> m.apply(new StateMachine.Unpin("nosuch"), T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.apply(new StateMachine.Failback("nosuch"), T0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPinOnADeadMemberHoldsAndSaysSo() throws Exception {
        WatchdogConfig c = config("dual-wan.hcl");
        StateMachine m = new StateMachine(c, T0);
        m.apply(new StateMachine.Link("eth1", false), T0);
        StateMachine.Decisions d = m.apply(new StateMachine.Pin("default", "eth1"), T0.plusSeconds(1));
        assertThat(d.groups()).containsEntry("default", List.of("eth1"));
        Status.GroupStatus g = m.status(T0, T0, Map.of(), Map.of()).groups().get(0);
        assertThat(g.pinned()).contains("eth1");
        assertThat(g.allDown()).isTrue();
        assertThat(m.apply(new StateMachine.Pin("default", "eth1"), T0.plusSeconds(2)).isEmpty()).as("same pin").isTrue();
    }

    @Test
    void theTimerFiresTheFailbackDelay() throws Exception {
        WatchdogConfig c = config("ipv6-dual-stack.hcl"); // failback_delay = "30s"
        String primary = c.group("default").orElseThrow().tiers().get(0).get(0);
        StateMachine m = new StateMachine(c, T0);
        int down = c.group("default").flatMap(g -> g.member(primary)).orElseThrow().healthCheck().thresholdDown();
        int up = c.group("default").flatMap(g -> g.member(primary)).orElseThrow().healthCheck().thresholdUp();
        for (int i = 0; i < down; i++) {
            m.apply(fail(primary, c), T0.plusSeconds(i));
        }
        assertThat(m.active("default")).doesNotContain(primary);
        Instant t = T0.plusSeconds(100);
        for (int i = 0; i < up; i++) {
            m.apply(ok(primary, c), t);
        }
        assertThat(m.active("default")).doesNotContain(primary);
        assertThat(m.nextDeadline()).contains(t.plusSeconds(30));
        assertThat(m.apply(new StateMachine.Tick(), t.plusSeconds(29)).groups()).isEmpty();
        assertThat(m.apply(new StateMachine.Tick(), t.plusSeconds(30)).groups()).containsEntry("default", List.of(primary));
        assertThat(m.nextDeadline()).isEmpty();
    }
}
