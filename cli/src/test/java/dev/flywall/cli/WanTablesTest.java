package dev.flywall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.runtime.engine.Status;
import dev.flywall.runtime.history.History;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The exact text of the wan tables, the status table as the Flywall guide shows it. */
class WanTablesTest {

    private static final Instant AT = Instant.parse("2026-11-22T10:00:00Z");

    private static Status.UplinkStatus uplink(
            String name, String state, int priority, Optional<Double> rtt, double loss) {
        return new Status.UplinkStatus(
                name,
                name,
                state,
                priority,
                AT,
                "",
                rtt,
                Optional.empty(),
                loss,
                100,
                0,
                true,
                Optional.empty(),
                Optional.empty());
    }

    private static Status.GroupStatus group(
            String name,
            String mode,
            List<String> active,
            Optional<String> pinned,
            boolean allDown,
            boolean manual,
            Optional<Instant> failbackAt) {
        return new Status.GroupStatus(name, mode, active, active, pinned, allDown, manual, failbackAt);
    }

    @Test
    void statusTableAsInTheGuide() {
        Status status = new Status(
                AT,
                "sha256:abc",
                AT,
                List.of(
                        uplink("eth0", "up", 1, Optional.of(12.2), 0.0),
                        uplink("eth1", "up", 2, Optional.of(24.6), 0.1)),
                List.of(group(
                        "default", "failover", List.of("eth0"), Optional.empty(), false, false, Optional.empty())),
                0);

        assertThat(WanTables.status(status, ZoneOffset.UTC)).isEqualTo("""
        INTERFACE  STATUS  PRIORITY  LATENCY  PACKET LOSS
        eth0       UP      1         12ms     0.0%
        eth1       UP      2         25ms     0.1%

        group default (failover): active eth0
        """);
    }

    @Test
    void aNodeOfAnHaPairSaysItsRoleFirst() {
        Status status = new Status(
                        AT,
                        "sha256:abc",
                        AT,
                        List.of(uplink("eth0", "up", 1, Optional.of(12.2), 0.0)),
                        List.of(group(
                                "default",
                                "failover",
                                List.of("eth0"),
                                Optional.empty(),
                                false,
                                false,
                                Optional.empty())),
                        0)
                .withHa(Optional.of(new Status.HaStatus(
                        "master", AT.plusSeconds(7201), 200, "10.99.0.2", 51, "running", "running", 1)));

        assertThat(WanTables.status(status, ZoneOffset.UTC)).isEqualTo("""
        HA: master since 2026-11-22 12:00:01 (priority 200, peer 10.99.0.2)

        INTERFACE  STATUS  PRIORITY  LATENCY  PACKET LOSS
        eth0       UP      1         12ms     0.0%

        group default (failover): active eth0
        """);
        Status starting = status.withHa(
                Optional.of(new Status.HaStatus("init", AT, 100, "10.99.0.1", 51, "waiting", "restarting", 0)));
        assertThat(WanTables.status(starting, ZoneOffset.UTC))
                .startsWith("HA: init since 2026-11-22 10:00:00 (priority 100, peer 10.99.0.1); keepalived waiting,"
                        + " conntrackd restarting\n\nINTERFACE");
    }

    @Test
    void aDynamicIpv6UplinkShowsWhatItLearned() throws Exception {
        Status status = new Status(
                        AT,
                        "sha256:abc",
                        AT,
                        List.of(
                                uplink("eth0", "up", 1, Optional.of(12.2), 0.0),
                                uplink("eth1", "up", 2, Optional.of(24.6), 0.1)),
                        List.of(group(
                                "default",
                                "failover",
                                List.of("eth0"),
                                Optional.empty(),
                                false,
                                false,
                                Optional.empty())),
                        0)
                .withIpv6(
                        java.util.Map.of("eth0", "2001:db8:100::1000"), java.util.Map.of("eth0", "2001:db8:1100::/60"));

        assertThat(WanTables.status(status, ZoneOffset.UTC)).isEqualTo("""
        INTERFACE  STATUS  PRIORITY  LATENCY  PACKET LOSS
        eth0       UP      1         12ms     0.0%
        eth1       UP      2         25ms     0.1%
        eth0 IPv6: 2001:db8:100::1000, delegated 2001:db8:1100::/60

        group default (failover): active eth0
        """);
        // the API carries them, and reads them back
        var json = dev.flywall.runtime.api.ApiJson.status(status);
        assertThat(json.path("uplinks").path(0).path("ipv6_address").asText()).isEqualTo("2001:db8:100::1000");
        assertThat(json.path("uplinks").path(0).path("delegated_prefix").asText())
                .isEqualTo("2001:db8:1100::/60");
        assertThat(json.path("uplinks").path(1).has("ipv6_address")).isFalse();
        Status back = dev.flywall.runtime.api.ApiJson.status(json);
        assertThat(back.uplink("eth0").orElseThrow().delegatedPrefix()).contains("2001:db8:1100::/60");
        assertThat(back.uplink("eth1").orElseThrow().ipv6Address()).isEmpty();
    }

    @Test
    void aBrokenGatewaySaysSoBeforeTheUplinks() {
        Status status = new Status(
                AT,
                "sha256:abc",
                AT,
                List.of(uplink("eth0", "up", 1, Optional.of(12.2), 0.0)),
                List.of(group(
                        "default", "failover", List.of("eth0"), Optional.empty(), false, false, Optional.empty())),
                0,
                List.of(new Status.Problem(
                        "ruleset", "table inet flywall was deleted and could not be restored: nft refused")));

        assertThat(WanTables.status(status, ZoneOffset.UTC)).isEqualTo("""
        BROKEN ruleset: table inet flywall was deleted and could not be restored: nft refused

        INTERFACE  STATUS  PRIORITY  LATENCY  PACKET LOSS
        eth0       UP      1         12ms     0.0%

        group default (failover): active eth0
        """);
    }

    @Test
    void statusTableWidensForLongNamesAndShowsUnknownLatency() {
        Status status = new Status(
                AT,
                "sha256:abc",
                AT,
                List.of(
                        uplink("wwan-backup0", "unknown", 10, Optional.empty(), 0.0),
                        uplink("lan", "down", 2, Optional.of(0.42), 100.0)),
                List.of(),
                0);

        assertThat(WanTables.status(status, ZoneOffset.UTC)).isEqualTo("""
        INTERFACE     STATUS   PRIORITY  LATENCY  PACKET LOSS
        wwan-backup0  UNKNOWN  10        -        0.0%
        lan           DOWN     2         0.4ms    100.0%
        """);
    }

    @Test
    void groupLinesSayWhatIsUnusual() {
        assertThat(WanTables.group(
                        group(
                                "default",
                                "failover",
                                List.of("eth1"),
                                Optional.of("eth1"),
                                false,
                                false,
                                Optional.empty()),
                        ZoneOffset.UTC))
                .isEqualTo("group default (failover): active eth1, pinned to eth1");
        assertThat(WanTables.group(
                        group("default", "failover", List.of("eth0"), Optional.empty(), true, false, Optional.empty()),
                        ZoneOffset.UTC))
                .isEqualTo("group default (failover): no member is up — keeping eth0");
        assertThat(WanTables.group(
                        group("default", "failover", List.of("eth1"), Optional.empty(), false, true, Optional.empty()),
                        ZoneOffset.UTC))
                .isEqualTo("group default (failover): active eth1, waiting for manual failback");
        assertThat(WanTables.group(
                        group(
                                "lb",
                                "balance",
                                List.of("eth0", "eth1"),
                                Optional.empty(),
                                false,
                                false,
                                Optional.of(AT)),
                        ZoneOffset.UTC))
                .isEqualTo("group lb (balance): active eth0, eth1, failing back at 2026-11-22 10:00:00");
        assertThat(WanTables.group(
                        group("new", "failover", List.of(), Optional.empty(), false, false, Optional.empty()),
                        ZoneOffset.UTC))
                .isEqualTo("group new (failover): active none");
    }

    @Test
    void historyTable() {
        List<History.Event> events = List.of(
                new History.Event(AT, "failover", "default", "eth0", "eth1", "3 probes lost", "{}"),
                new History.Event(AT.minusSeconds(3600), "wan_down", null, "eth0", null, "link down", null),
                new History.Event(AT.minusSeconds(7200), "apply", null, null, null, "flywall apply", "{}"));

        assertThat(WanTables.history(events, ZoneOffset.UTC)).isEqualTo("""
        TIME                 EVENT     GROUP    FROM → TO    REASON
        2026-11-22 10:00:00  failover  default  eth0 → eth1  3 probes lost
        2026-11-22 09:00:00  wan_down  -        eth0 → -     link down
        2026-11-22 08:00:00  apply     -        -            flywall apply
        """);
    }

    @Test
    void sparklineScalesBetweenFastestAndSlowestAndMarksLostProbes() {
        assertThat(WanTables.sparkline(List.of(
                        Optional.of(10.0), Optional.of(20.0), Optional.empty(), Optional.of(15.0), Optional.of(10.0))))
                .isEqualTo("▁█·▅▁");
        assertThat(WanTables.sparkline(List.of(Optional.of(5.0), Optional.of(5.0))))
                .isEqualTo("▁▁");
        assertThat(WanTables.sparkline(List.of(Optional.empty()))).isEqualTo("·");
        assertThat(WanTables.sparkline(List.of())).isEqualTo("-");
    }
}
