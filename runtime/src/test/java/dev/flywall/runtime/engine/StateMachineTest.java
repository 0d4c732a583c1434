package dev.flywall.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywall.Compiler;
import dev.flywall.bundle.EventKind;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the golden timelines do not show: restoring a saved state (restart and reload), inputs
 * about unknown uplinks, a pin on a dead member, the timer, and a table of when a recovered
 * uplink gets traffic back.
 */
class StateMachineTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static WatchdogConfig config(String example) throws Exception {
        Path file = Path.of("..", "examples", example);
        return WatchdogConfig.parse(
                Compiler.compile(List.of(new SourceFile(file.toString(), Files.readString(file))), Map.of())
                        .artifacts()
                        .orElseThrow()
                        .watchdogJson());
    }

    static StateMachine.Round fail(String uplink, WatchdogConfig c) {
        List<String> targets = c.group("default")
                .flatMap(g -> g.member(uplink))
                .orElseThrow()
                .healthCheck()
                .probeTargets();
        return new StateMachine.Round(
                uplink,
                targets.stream()
                        .map(t -> StateMachine.Sample.lost(t, "timeout"))
                        .toList());
    }

    static StateMachine.Round ok(String uplink, WatchdogConfig c) {
        List<String> targets = c.group("default")
                .flatMap(g -> g.member(uplink))
                .orElseThrow()
                .healthCheck()
                .probeTargets();
        return new StateMachine.Round(
                uplink,
                targets.stream()
                        .map(t -> StateMachine.Sample.ok(t, Duration.ofMillis(5)))
                        .toList());
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
        assertThat(second.status(T0, T0, Map.of(), Map.of()).groups().get(0).pinned())
                .contains("eth1");

        // unpinned, the group stays off eth0 until it has earned threshold_up good rounds again
        second.apply(new StateMachine.Unpin("default"), T0.plusSeconds(11));
        assertThat(second.active("default")).containsExactly("eth1");
        second.apply(ok("eth0", c), T0.plusSeconds(12));
        assertThat(second.active("default")).containsExactly("eth1");
        StateMachine.Decisions back = second.apply(ok("eth0", c), T0.plusSeconds(13));
        assertThat(back.groups()).containsEntry("default", List.of("eth0"));
        assertThat(back.events())
                .extracting(StateMachine.Event::kind)
                .containsExactly(EventKind.WAN_UP, EventKind.FAILBACK);
        assertThat(back.flush()).isEmpty();
    }

    @Test
    void roundsAndLinksOfUnknownUplinksChangeNothing() throws Exception {
        WatchdogConfig c = config("dual-wan.hcl");
        StateMachine m = new StateMachine(c, T0);
        assertThat(m.apply(new StateMachine.Round("eth9", List.of()), T0).isEmpty())
                .isTrue();
        assertThat(m.apply(new StateMachine.Link("eth9", false), T0).isEmpty()).isTrue();
        assertThat(m.apply(new StateMachine.Link("eth0", true), T0).isEmpty())
                .as("already up")
                .isTrue();
        assertThatThrownBy(() -> m.apply(new StateMachine.Unpin("nosuch"), T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.apply(new StateMachine.Failback("nosuch"), T0))
                .isInstanceOf(IllegalArgumentException.class);
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
        assertThat(m.apply(new StateMachine.Pin("default", "eth1"), T0.plusSeconds(2))
                        .isEmpty())
                .as("same pin")
                .isTrue();
    }

    @Test
    void theTimerFiresTheFailbackDelay() throws Exception {
        WatchdogConfig c = config("ipv6-dual-stack.hcl"); // failback_delay = "30s"
        String primary = c.group("default").orElseThrow().tiers().get(0).get(0);
        StateMachine m = new StateMachine(c, T0);
        int down = c.group("default")
                .flatMap(g -> g.member(primary))
                .orElseThrow()
                .healthCheck()
                .thresholdDown();
        int up = c.group("default")
                .flatMap(g -> g.member(primary))
                .orElseThrow()
                .healthCheck()
                .thresholdUp();
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
        assertThat(m.apply(new StateMachine.Tick(), t.plusSeconds(30)).groups())
                .containsEntry("default", List.of(primary));
        assertThat(m.nextDeadline()).isEmpty();
    }

    // ------------------------------------------------------------------ when a recovered uplink gets traffic back

    static final String WANS = """
            interface "eth0" {
              zone = "WAN"
              dhcp = true
              wan {}
            }
            interface "eth1" {
              zone = "WAN"
              dhcp = true
              wan {}
            }
            interface "wwan0" {
              zone = "WAN"
              dhcp = true
              wan {}
            }
            interface "lan0" {
              zone    = "LAN"
              address = "10.0.0.1/24"
            }
            policy_route "vpn" {
              match {
                protocol = "udp"
              }
              uplink = "eth0"
            }
            """;

    static final String FAST = "health_check {\ntargets = [\"192.0.2.1\"]\ninterval = \"1s\"\ntimeout = \"500ms\"\n"
            + "threshold_down = 1\nthreshold_up = 1\n}";

    /** The groups of each configuration of the table below (the interfaces and the route are {@link #WANS}). */
    static final Map<String, String> GROUPS = Map.of(
            "three-tiers", """
                    uplink_group "default" {
                      failback_delay = "1m"
                      member "eth0" {
                        priority = 1
                        %1$s
                      }
                      member "eth1" {
                        priority = 2
                        %1$s
                      }
                      member "wwan0" {
                        priority = 3
                        %1$s
                      }
                    }
                    """,
            "shared", """
                    uplink_group "default" {
                      failback_delay = "10s"
                      member "eth0" {
                        priority = 1
                        %1$s
                      }
                      member "eth1" {
                        priority = 2
                        %1$s
                      }
                    }
                    uplink_group "bulk" {
                      mode           = "balance"
                      failback_delay = "40s"
                      member "eth0" {
                        %1$s
                      }
                      member "eth1" {
                        %1$s
                      }
                    }
                    """,
            "manual", """
                    uplink_group "default" {
                      failback = "manual"
                      member "eth0" {
                        priority = 1
                        %1$s
                      }
                      member "eth1" {
                        priority = 2
                        %1$s
                      }
                    }
                    """);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a failover while a recovered member waits skips it | three-tiers | 0s eth1 fail; 1s eth1 ok; 2s eth0 fail | 3s | default | wwan0 | DEFAULT
            it gets the traffic once its own delay is over | three-tiers | 0s eth1 fail; 1s eth1 ok; 2s eth0 fail | 61s | default | eth1 | DEFAULT
            when every usable member waits the best of them takes the traffic | three-tiers | 0s eth0 fail; 0s eth1 fail; 0s wwan0 fail; 5s eth1 ok; 6s wwan0 ok | 7s | default | eth1 | DEFAULT
            a route waits for the longest delay of its uplink's groups | shared | 0s eth0 fail; 1s eth0 ok | 30s | default | eth0 | DEFAULT
            a route returns when no group of its uplink holds it | shared | 0s eth0 fail; 1s eth0 ok | 41s | bulk | eth0,eth1 | UPLINK
            a balance member rejoins after its delay only | shared | 0s eth0 fail; 1s eth0 ok | 40s | bulk | eth1 | DEFAULT
            a manual group holds its member and a route to it | manual | 0s eth0 fail; 1s eth0 ok | 1h | default | eth1 | DEFAULT
            the operator's failback releases both | manual | 0s eth0 fail; 1s eth0 ok; 50s failback default | 51s | default | eth0 | UPLINK
            a failback releases only the members up at that moment | manual | 0s eth0 fail; 1s eth0 ok; 50s failback default; 60s eth0 fail; 61s eth0 ok | 1h | default | eth1 | DEFAULT
            """)
    void aRecoveredUplinkGetsTrafficBackOnlyWhenItsHoldsEnd(
            String why,
            String groups,
            String timeline,
            String at,
            String group,
            String active,
            StateMachine.RouteTarget vpn)
            throws Exception {
        String hcl = WANS + GROUPS.get(groups).formatted(FAST);
        Compiler.Result compiled = Compiler.compile(List.of(new SourceFile(groups + ".hcl", hcl)), Map.of());
        assertThat(compiled.artifacts())
                .as("%s compiles: %s", groups, compiled.diagnostics())
                .isPresent();
        WatchdogConfig c =
                WatchdogConfig.parse(compiled.artifacts().orElseThrow().watchdogJson());
        Timeline t = Timeline.parse(timeline.replace(";", "\n"), c);
        StateMachine m = new StateMachine(c, T0);
        for (Timeline.Entry e : t.entries()) {
            tickUntil(m, T0.plus(e.at()));
            m.apply(e.input(), T0.plus(e.at()));
        }
        tickUntil(m, T0.plus(dev.flywall.model.DurationText.parse(at).orElseThrow()));
        assertThat(m.active(group)).as(why).containsExactly(active.split(","));
        assertThat(m.route("vpn")).as(why).isEqualTo(vpn);
    }

    /** Fires the failback timers due by {@code until}, as the daemon's timer does. */
    private static void tickUntil(StateMachine m, Instant until) {
        for (Optional<Instant> next = m.nextDeadline();
                next.isPresent() && !next.get().isAfter(until);
                next = m.nextDeadline()) {
            m.apply(new StateMachine.Tick(), next.get());
        }
    }

    @Test
    void aRestartKeepsAWaitingMemberWaitingFromItsOwnWanUp() throws Exception {
        WatchdogConfig c = config("three-tier-failover.hcl"); // failback_delay = "2m"
        Map<String, StateMachine.UplinkSnapshot> uplinks = Map.of(
                "eth0", new StateMachine.UplinkSnapshot(StateMachine.Health.UP, T0, "5 good rounds", true),
                "eth1", new StateMachine.UplinkSnapshot(StateMachine.Health.UP, T0.minusSeconds(600), "", true),
                "wwan0", new StateMachine.UplinkSnapshot(StateMachine.Health.UP, T0.minusSeconds(900), "", true));
        Map<String, StateMachine.GroupSnapshot> groups =
                Map.of("default", new StateMachine.GroupSnapshot(List.of("eth1"), Optional.empty(), false));
        StateMachine m = new StateMachine(c, T0.plusSeconds(30));
        StateMachine.Decisions sync = m.restore(new StateMachine.Snapshot(uplinks, groups, 1), T0.plusSeconds(30));
        assertThat(sync.groups()).containsEntry("default", List.of("eth1"));
        assertThat(m.nextDeadline())
                .as("eth0 came up at T0, not at the restart")
                .contains(T0.plusSeconds(120));
        assertThat(m.status(T0, T0, Map.of(), Map.of()).groups().get(0).failbackAt())
                .contains(T0.plusSeconds(120));
        assertThat(m.apply(new StateMachine.Tick(), T0.plusSeconds(120)).groups())
                .containsEntry("default", List.of("eth0"));
    }
}
