package dev.flywall.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.runtime.history.History;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The daemon's log line per event kind; a health change must be found by {@code grep -i health}. */
class EventLineTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            wan_down | null    | eth0 | null | 3 failed rounds: 0 of 2 targets answered (timeout) | health: eth0 down (3 failed rounds: 0 of 2 targets answered (timeout))
            wan_up   | null    | eth0 | null | 2 good rounds                                       | health: eth0 up (2 good rounds)
            wan_down | null    | eth1 | null | link down                                           | health: eth1 down (link down)
            failover | default | eth0 | eth1 | eth0 down (link down)                               | failover default: eth0 → eth1 (eth0 down (link down))
            unpin    | default | eth1 | null | unpinned by the operator                            | unpin default: eth1 (unpinned by the operator)
            ha_master | null   | null | null | keepalived: GROUP "flywall" MASTER (was backup)     | ha: master (keepalived: GROUP "flywall" MASTER (was backup))
            ha_fault  | null   | null | null | keepalived: GROUP "flywall" FAULT (was master)      | ha: fault (keepalived: GROUP "flywall" FAULT (was master))
            drain     | null   | eth0 | null | drained by the operator: ISP works                  | drain: eth0 (drained by the operator: ISP works)
            maintenance_start | null | eth0 | null | maintenance window isp1-weekly until 2026-12-05 04:00 Europe/Berlin | maintenance_start: eth0 (maintenance window isp1-weekly until 2026-12-05 04:00 Europe/Berlin)
            """)
    void oneLinePerEvent(String kind, String group, String from, String to, String reason, String line) {
        History.Event e = new History.Event(Instant.EPOCH, kind, group, from, to, reason, "{}");
        assertThat(EventLine.of(e)).isEqualTo(line);
    }

    @org.junit.jupiter.api.Test
    void aMutedHealthChangeSaysWhyNoNotificationFollowed() {
        History.Event e = new History.Event(
                Instant.EPOCH,
                "wan_down",
                null,
                "eth0",
                null,
                "link down",
                "{\"loss_percent\":0.0,\"muted\":\"maintenance isp1-weekly\"}");
        assertThat(EventLine.of(e)).isEqualTo("health: eth0 down (link down) [muted: maintenance isp1-weekly]");
    }
}
