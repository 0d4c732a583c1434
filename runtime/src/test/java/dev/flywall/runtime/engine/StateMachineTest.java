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
                    """,
            "routes", """
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
                    policy_route "voip" {
                      match {
                        protocol = "udp"
                        dest_port = ["5060"]
                      }
                      uplink = "eth0"
                      strict = true
                    }
                    policy_route "web" {
                      match {
                        protocol = "tcp"
                      }
                      uplink = "default"
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
            a drained member leaves a failover group and its route | shared | 0s drain eth0 works | 1s | default | eth1 | DEFAULT
            a drained member leaves a balance | shared | 0s drain eth0 | 1s | bulk | eth1 | DEFAULT
            draining two tiers leaves the third | three-tiers | 0s drain eth0; 0s drain eth1 | 1s | default | wwan0 | DEFAULT
            an undrained member returns at once, without a delay | shared | 0s drain eth0; 5s undrain eth0 | 5s | default | eth0 | UPLINK
            an undrained member rejoins its balance at once | shared | 0s drain eth0; 5s undrain eth0 | 5s | bulk | eth0,eth1 | UPLINK
            a hold from its own wan_up during the drain still applies | shared | 0s drain eth0; 1s eth0 fail; 2s eth0 ok; 3s undrain eth0 | 11s | default | eth1 | DEFAULT
            and ends at its own time | shared | 0s drain eth0; 1s eth0 fail; 2s eth0 ok; 3s undrain eth0 | 12s | default | eth0 | DEFAULT
            the route waits for the longest hold of its uplink's groups | shared | 0s drain eth0; 1s eth0 fail; 2s eth0 ok; 3s undrain eth0 | 42s | bulk | eth0,eth1 | UPLINK
            a drained member that goes down stays out when it comes back while drained | shared | 0s drain eth0; 1s eth0 fail; 2s eth0 ok | 1h | default | eth1 | DEFAULT
            draining the last usable member keeps it | three-tiers | 0s eth1 fail; 0s wwan0 fail; 1s drain eth0 | 2s | default | eth0 | DEFAULT
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

    // ------------------------------------------------------------------ drain

    static WatchdogConfig compiled(String groups) throws Exception {
        String hcl = WANS + GROUPS.get(groups).formatted(FAST);
        Compiler.Result compiled = Compiler.compile(List.of(new SourceFile(groups + ".hcl", hcl)), Map.of());
        assertThat(compiled.artifacts())
                .as("%s compiles: %s", groups, compiled.diagnostics())
                .isPresent();
        return WatchdogConfig.parse(compiled.artifacts().orElseThrow().watchdogJson());
    }

    /** Plays one timeline line ({@code "5s drain eth0"}) at its time; returns the decisions. */
    static StateMachine.Decisions play(StateMachine m, WatchdogConfig c, String line) throws Exception {
        Timeline.Entry e = Timeline.parse(line, c).entries().get(0);
        return m.apply(e.input(), T0.plus(e.at()));
    }

    @Test
    void aDrainMovesNewConnectionsWithoutFlushingAndSaysWhy() throws Exception {
        WatchdogConfig c = compiled("routes");
        StateMachine m = new StateMachine(c, T0);

        StateMachine.Decisions d = play(m, c, "10s drain eth0 ISP works tonight");

        assertThat(d.events())
                .extracting(StateMachine.Event::kind, StateMachine.Event::from, StateMachine.Event::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                EventKind.DRAIN, "eth0", "drained by the operator: ISP works tonight"),
                        org.assertj.core.groups.Tuple.tuple(EventKind.FAILOVER, "eth0", "eth0 drained"));
        assertThat(d.events().get(1).to()).isEqualTo("eth1");
        assertThat(d.flush()).as("established connections keep flowing").isEmpty();
        assertThat(d.groups()).containsExactly(Map.entry("default", List.of("eth1")));
        assertThat(d.routes())
                .containsEntry("vpn", StateMachine.RouteTarget.DEFAULT)
                .containsEntry("voip", StateMachine.RouteTarget.BLOCK)
                .doesNotContainKey("web");
        assertThat(m.route("web")).as("a route via the group follows it").isEqualTo(StateMachine.RouteTarget.GROUP);
        assertThat(m.health("eth0")).isEqualTo(StateMachine.Health.UNKNOWN);

        Status.UplinkStatus eth0 =
                m.status(T0, T0, Map.of(), Map.of()).uplink("eth0").orElseThrow();
        assertThat(eth0.drained()).isTrue();
        assertThat(eth0.usable()).isFalse();
        assertThat(eth0.drainedSince()).contains(T0.plusSeconds(10));
        assertThat(eth0.drainReason()).contains("ISP works tonight");
        assertThat(eth0.maintenance()).isEmpty();
        Status.GroupStatus group = m.status(T0, T0, Map.of(), Map.of()).groups().get(0);
        assertThat(group.failovers()).isEqualTo(1);
        assertThat(group.lastFailoverAt()).contains(T0.plusSeconds(10));

        assertThat(play(m, c, "11s drain eth0 again").isEmpty())
                .as("draining a drained uplink is a no-op")
                .isTrue();
        assertThat(play(m, c, "11s undrain eth1").isEmpty())
                .as("eth1 is not drained")
                .isTrue();

        StateMachine.Decisions back = play(m, c, "20s undrain eth0");
        assertThat(back.events())
                .extracting(StateMachine.Event::kind, StateMachine.Event::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(EventKind.UNDRAIN, "undrained by the operator"),
                        org.assertj.core.groups.Tuple.tuple(EventKind.FAILBACK, "eth0 undrained"));
        assertThat(back.routes())
                .containsEntry("vpn", StateMachine.RouteTarget.UPLINK)
                .containsEntry("voip", StateMachine.RouteTarget.UPLINK);
        assertThat(m.status(T0, T0, Map.of(), Map.of())
                        .uplink("eth0")
                        .orElseThrow()
                        .drained())
                .isFalse();
    }

    @Test
    void aDrainWithoutAReasonSaysOnlyWhoDrained() throws Exception {
        WatchdogConfig c = compiled("routes");
        StateMachine m = new StateMachine(c, T0);

        assertThat(play(m, c, "0s drain eth1").events())
                .extracting(StateMachine.Event::kind, StateMachine.Event::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(EventKind.DRAIN, "drained by the operator"));
        assertThat(m.active("default")).as("eth1 carried nothing").containsExactly("eth0");
        assertThat(m.status(T0, T0, Map.of(), Map.of())
                        .uplink("eth1")
                        .orElseThrow()
                        .drainReason())
                .isEmpty();
    }

    @Test
    void drainingAnUnknownUplinkIsRefusedWithTheUplinks() throws Exception {
        WatchdogConfig c = compiled("routes");
        StateMachine m = new StateMachine(c, T0);

        assertThatThrownBy(() -> m.apply(new StateMachine.Drain("eth9", ""), T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("there is no uplink \"eth9\"; uplinks: eth0, eth1, wwan0");
        assertThatThrownBy(() -> m.apply(new StateMachine.Undrain("eth9"), T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no uplink \"eth9\"");
    }

    @Test
    void healthIsStillJudgedWhileDrainedAndADownDrainedUplinkIsFlushed() throws Exception {
        WatchdogConfig c = compiled("routes");
        StateMachine m = new StateMachine(c, T0);
        play(m, c, "0s drain eth0");

        StateMachine.Decisions down = play(m, c, "1s eth0 fail");
        assertThat(down.events()).extracting(StateMachine.Event::kind).containsExactly(EventKind.WAN_DOWN);
        assertThat(down.flush())
                .as("a dead link's connections are flushed, drained or not")
                .containsExactly("eth0");
        assertThat(down.groups()).isEmpty();

        StateMachine.Decisions up = play(m, c, "2s eth0 ok");
        assertThat(up.events()).extracting(StateMachine.Event::kind).containsExactly(EventKind.WAN_UP);
        assertThat(up.groups()).as("still drained").isEmpty();
    }

    @Test
    void drainingTheLastUsableMemberKeepsItAndRecordsAllDown() throws Exception {
        WatchdogConfig c = compiled("routes");
        StateMachine m = new StateMachine(c, T0);
        play(m, c, "0s eth1 fail");

        StateMachine.Decisions d = play(m, c, "1s drain eth0");

        assertThat(d.events())
                .extracting(StateMachine.Event::kind)
                .containsExactly(EventKind.DRAIN, EventKind.ALL_DOWN);
        assertThat(d.groups()).isEmpty();
        assertThat(m.active("default")).as("a dead route beats none").containsExactly("eth0");
        assertThat(m.status(T0, T0, Map.of(), Map.of()).groups().get(0).allDown())
                .isTrue();
        assertThat(m.route("voip")).isEqualTo(StateMachine.RouteTarget.BLOCK);

        StateMachine.Decisions back = play(m, c, "5s undrain eth0");
        assertThat(back.events()).extracting(StateMachine.Event::kind).containsExactly(EventKind.UNDRAIN);
        assertThat(m.status(T0, T0, Map.of(), Map.of()).groups().get(0).allDown())
                .isFalse();
        assertThat(m.route("voip")).isEqualTo(StateMachine.RouteTarget.UPLINK);
    }

    @Test
    void aRestartKeepsTheDrainAndTheGroupsFailovers() throws Exception {
        WatchdogConfig c = compiled("routes");
        StateMachine first = new StateMachine(c, T0);
        play(first, c, "5s drain eth0 fiber splice");
        StateMachine.Snapshot saved = first.snapshot();
        assertThat(saved.uplinks().get("eth0").drained())
                .contains(new StateMachine.Drained("fiber splice", T0.plusSeconds(5)));
        assertThat(saved.groups().get("default").failovers()).isEqualTo(1);

        StateMachine second = new StateMachine(c, T0.plusSeconds(60));
        StateMachine.Decisions sync = second.restore(saved, T0.plusSeconds(60));

        assertThat(sync.events()).as("a restart is no new drain").isEmpty();
        assertThat(sync.groups()).containsEntry("default", List.of("eth1"));
        assertThat(sync.routes())
                .containsEntry("vpn", StateMachine.RouteTarget.DEFAULT)
                .containsEntry("voip", StateMachine.RouteTarget.BLOCK);
        Status status = second.status(T0, T0, Map.of(), Map.of());
        assertThat(status.uplink("eth0").orElseThrow().drainedSince()).contains(T0.plusSeconds(5));
        assertThat(status.groups().get(0).failovers()).isEqualTo(1);
        assertThat(status.groups().get(0).lastFailoverAt()).contains(T0.plusSeconds(5));
        assertThat(play(second, c, "61s undrain eth0").groups()).containsEntry("default", List.of("eth0"));
    }

    @Test
    void aDrainOfAnUplinkThatNoLongerExistsIsDropped() throws Exception {
        WatchdogConfig c = compiled("routes");
        Map<String, StateMachine.UplinkSnapshot> uplinks = Map.of(
                "eth9",
                new StateMachine.UplinkSnapshot(
                        StateMachine.Health.UP, T0, "", true, Optional.of(new StateMachine.Drained("", T0))));
        StateMachine m = new StateMachine(c, T0);
        m.restore(new StateMachine.Snapshot(uplinks, Map.of(), 0), T0);

        assertThat(m.snapshot().uplinks().values())
                .allSatisfy(u -> assertThat(u.drained()).isEmpty());
    }

    /**
     * The lead's decision (issue 18): pin is about the group. A route via the group follows the pin;
     * a route to an interface stays on it when a group is pinned away from it. Drain moves both.
     */
    @Test
    void pinningAGroupAwayFromAnUplinkMovesOnlyTheRoutesViaTheGroup() throws Exception {
        WatchdogConfig c = compiled("routes");
        StateMachine m = new StateMachine(c, T0);

        StateMachine.Decisions pinned = play(m, c, "0s pin default eth1");

        assertThat(pinned.groups()).containsExactly(Map.entry("default", List.of("eth1")));
        assertThat(pinned.routes()).as("no route changes its target").isEmpty();
        assertThat(m.route("vpn")).as("uplink = eth0 stays on eth0").isEqualTo(StateMachine.RouteTarget.UPLINK);
        assertThat(m.route("voip")).isEqualTo(StateMachine.RouteTarget.UPLINK);
        assertThat(m.route("web"))
                .as("uplink = default follows the group, now on eth1")
                .isEqualTo(StateMachine.RouteTarget.GROUP);

        StateMachine.Decisions drained = play(m, c, "1s drain eth0");
        assertThat(drained.routes())
                .containsEntry("vpn", StateMachine.RouteTarget.DEFAULT)
                .containsEntry("voip", StateMachine.RouteTarget.BLOCK);
    }

    @Test
    void aPinToADrainedUplinkStillWinsLikeAPinToADeadOne() throws Exception {
        WatchdogConfig c = compiled("routes");
        StateMachine m = new StateMachine(c, T0);
        play(m, c, "0s pin default eth0");

        StateMachine.Decisions d = play(m, c, "1s drain eth0");

        assertThat(d.groups()).isEmpty();
        assertThat(m.active("default")).containsExactly("eth0");
        assertThat(m.status(T0, T0, Map.of(), Map.of()).groups().get(0).allDown())
                .as("the pinned member takes no new connections")
                .isTrue();
    }

    // ------------------------------------------------------------------ maintenance windows

    /** Saturdays and Sundays 02:00-04:00 in Berlin (CET in December: 01:00-03:00 UTC) for eth0. */
    static final String WEEKLY = """
            maintenance "isp1-weekly" {
              uplinks   = ["eth0"]
              time_zone = "Europe/Berlin"
              days      = ["sat", "sun"]
              start     = "02:00"
              duration  = "2h"
            }
            """;

    static final Instant SATURDAY = Instant.parse("2026-12-05T00:55:00Z");

    static WatchdogConfig withWindow() throws Exception {
        String hcl = WANS + GROUPS.get("routes").formatted(FAST) + WEEKLY;
        Compiler.Result compiled = Compiler.compile(List.of(new SourceFile("maintenance.hcl", hcl)), Map.of());
        assertThat(compiled.artifacts())
                .as("compiles: %s", compiled.diagnostics())
                .isPresent();
        WatchdogConfig c =
                WatchdogConfig.parse(compiled.artifacts().orElseThrow().watchdogJson());
        assertThat(c.maintenance()).hasSize(1);
        return c;
    }

    static StateMachine.Round round(String uplink, boolean ok) {
        return new StateMachine.Round(
                uplink,
                List.of(
                        ok
                                ? StateMachine.Sample.ok("192.0.2.1", Duration.ofMillis(5))
                                : StateMachine.Sample.lost("192.0.2.1", "timeout")));
    }

    @Test
    void aMaintenanceWindowTakesItsUplinkOutAndMutesItsHealthEvents() throws Exception {
        WatchdogConfig c = withWindow();
        StateMachine m = new StateMachine(c, SATURDAY);
        assertThat(m.apply(new StateMachine.Tick(), SATURDAY).isEmpty()).isTrue();
        Instant start = Instant.parse("2026-12-05T01:00:00Z");
        Instant end = Instant.parse("2026-12-05T03:00:00Z");
        assertThat(m.nextDeadline()).as("the window's start is the next timer").contains(start);

        StateMachine.Decisions in = m.apply(new StateMachine.Tick(), start);

        assertThat(in.events())
                .extracting(StateMachine.Event::kind, StateMachine.Event::from, StateMachine.Event::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                EventKind.MAINTENANCE_START,
                                "eth0",
                                "maintenance window isp1-weekly until 2026-12-05 04:00 Europe/Berlin"),
                        org.assertj.core.groups.Tuple.tuple(
                                EventKind.FAILOVER, "eth0", "eth0 in maintenance window isp1-weekly"));
        assertThat(in.events().get(0).details())
                .containsExactly(Map.entry("window", "isp1-weekly"), Map.entry("until", "2026-12-05T03:00:00Z"));
        assertThat(in.flush()).as("established connections keep flowing").isEmpty();
        assertThat(in.routes())
                .containsEntry("vpn", StateMachine.RouteTarget.DEFAULT)
                .containsEntry("voip", StateMachine.RouteTarget.BLOCK);
        Status.UplinkStatus eth0 =
                m.status(start, start, Map.of(), Map.of()).uplink("eth0").orElseThrow();
        assertThat(eth0.maintenance()).contains("isp1-weekly");
        assertThat(eth0.maintenanceUntil()).contains(end);
        assertThat(eth0.usable()).isFalse();
        assertThat(eth0.drained()).isFalse();
        assertThat(m.nextDeadline()).contains(end);

        StateMachine.Decisions down = m.apply(round("eth0", false), start.plusSeconds(1800));
        assertThat(down.events()).extracting(StateMachine.Event::kind).containsExactly(EventKind.WAN_DOWN);
        assertThat(down.events().get(0).details()).containsEntry("muted", "maintenance isp1-weekly");
        StateMachine.Decisions up = m.apply(round("eth0", true), start.plusSeconds(3600));
        assertThat(up.events().get(0).details()).containsEntry("muted", "maintenance isp1-weekly");
        assertThat(m.apply(round("eth1", false), start.plusSeconds(3601))
                        .events()
                        .get(0)
                        .details())
                .as("eth1 is in no window")
                .doesNotContainKey("muted");
        m.apply(round("eth1", true), start.plusSeconds(3602));

        StateMachine.Decisions out = m.apply(new StateMachine.Tick(), end);
        assertThat(out.events())
                .extracting(StateMachine.Event::kind, StateMachine.Event::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                EventKind.MAINTENANCE_END, "maintenance window isp1-weekly ended"),
                        org.assertj.core.groups.Tuple.tuple(
                                EventKind.FAILBACK, "eth0 out of maintenance window isp1-weekly"));
        assertThat(out.events().get(0).details())
                .containsExactly(Map.entry("window", "isp1-weekly"), Map.entry("since", "2026-12-05T01:00:00Z"));
        assertThat(out.routes())
                .containsEntry("vpn", StateMachine.RouteTarget.UPLINK)
                .containsEntry("voip", StateMachine.RouteTarget.UPLINK);
        assertThat(m.nextDeadline()).as("Sunday's window").contains(Instant.parse("2026-12-06T01:00:00Z"));
        assertThat(m.apply(round("eth0", false), end.plusSeconds(1))
                        .events()
                        .get(0)
                        .details())
                .doesNotContainKey("muted");
    }

    @Test
    void aHoldFromARecoveryInsideTheWindowOutlastsItsEnd() throws Exception {
        WatchdogConfig c = withWindow(); // failback_delay = "10s"
        StateMachine m = new StateMachine(c, SATURDAY);
        Instant end = Instant.parse("2026-12-05T03:00:00Z");
        m.apply(new StateMachine.Tick(), Instant.parse("2026-12-05T01:00:00Z"));
        m.apply(round("eth0", false), end.minusSeconds(5));
        m.apply(round("eth0", true), end.minusSeconds(2));

        StateMachine.Decisions out = m.apply(new StateMachine.Tick(), end);
        assertThat(out.events()).extracting(StateMachine.Event::kind).containsExactly(EventKind.MAINTENANCE_END);
        assertThat(m.active("default")).containsExactly("eth1");
        assertThat(m.nextDeadline()).contains(end.plusSeconds(8));
        assertThat(m.apply(new StateMachine.Tick(), end.plusSeconds(8)).groups())
                .containsEntry("default", List.of("eth0"));
    }

    @Test
    void aRestartInsideAWindowIsInItWithoutANewStart() throws Exception {
        WatchdogConfig c = withWindow();
        StateMachine first = new StateMachine(c, SATURDAY);
        Instant inside = Instant.parse("2026-12-05T02:00:00Z");
        first.apply(new StateMachine.Tick(), inside);
        first.apply(new StateMachine.Drain("eth1", "cable works"), inside.plusSeconds(1));

        StateMachine second = new StateMachine(c, inside.plusSeconds(60));
        StateMachine.Decisions sync = second.restore(first.snapshot(), inside.plusSeconds(60));

        assertThat(sync.events()).isEmpty();
        Status status = second.status(inside, inside, Map.of(), Map.of());
        assertThat(status.uplink("eth0").orElseThrow().maintenance()).contains("isp1-weekly");
        assertThat(status.uplink("eth1").orElseThrow().drained()).isTrue();
        assertThat(status.groups().get(0).allDown())
                .as("one member in maintenance, the other drained")
                .isTrue();
        assertThat(second.apply(new StateMachine.Tick(), inside.plusSeconds(61)).events())
                .as("nothing new at the next input")
                .isEmpty();
        assertThat(second.nextDeadline()).contains(Instant.parse("2026-12-05T03:00:00Z"));
    }
}
