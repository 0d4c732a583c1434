package dev.flywall.runtime.engine;

import dev.flywall.bundle.EventKind;
import dev.flywall.runtime.watchdog.WatchdogConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code maintenance} windows as the engine follows them: which window each uplink is in at a
 * given instant (recomputed from the clock, never saved), the events of entering and leaving one,
 * and the next instant a window opens or closes (for the engine's timer).
 */
final class MaintenanceWindows {

    private MaintenanceWindows() {}

    /**
     * Brings each uplink's maintenance window in line with the clock: records {@code
     * maintenance_end} for a window it left and {@code maintenance_start} for one it entered (when
     * windows overlap, the one ending last). Returns the cause for the groups that switch because
     * of it, or "".
     */
    static String follow(
            WatchdogConfig config, Collection<UplinkState> members, Instant now, List<StateMachine.Event> events) {
        List<String> causes = new ArrayList<>();
        for (UplinkState m : members) {
            Optional<UplinkState.InWindow> in = Optional.empty();
            for (dev.flywall.model.Maintenance w : config.maintenance()) {
                if (!w.uplinks().contains(m.uplink)) {
                    continue;
                }
                Optional<dev.flywall.model.Maintenance.Window> active = w.activeAt(now);
                if (active.isPresent()
                        && (in.isEmpty() || active.get().end().isAfter(in.get().end()))) {
                    in = Optional.of(new UplinkState.InWindow(
                            w.name(), active.get().start(), active.get().end(), w.zone()));
                }
            }
            if (in.equals(m.maintenance)) {
                continue;
            }
            if (m.maintenance.isPresent()) {
                UplinkState.InWindow was = m.maintenance.get();
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("window", was.name());
                details.put("since", was.start().toString());
                events.add(new StateMachine.Event(
                        now,
                        EventKind.MAINTENANCE_END,
                        null,
                        m.uplink,
                        null,
                        "maintenance window " + was.name() + " ended",
                        details));
                causes.add(m.uplink + " out of maintenance window " + was.name());
            }
            m.maintenance = in;
            if (in.isPresent()) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("window", in.get().name());
                details.put("until", in.get().end().toString());
                events.add(new StateMachine.Event(
                        now,
                        EventKind.MAINTENANCE_START,
                        null,
                        m.uplink,
                        null,
                        "maintenance window " + in.get().name() + " until "
                                + in.get().localEnd(),
                        details));
                causes.add(m.uplink + " in maintenance window " + in.get().name());
            }
        }
        return String.join(", ", causes);
    }

    /** The first start or end of a window after {@code after}, if any will come. */
    static Optional<Instant> nextChange(WatchdogConfig config, Instant after) {
        return config.maintenance().stream()
                .flatMap(w -> w.nextChange(after).stream())
                .min(Instant::compareTo);
    }
}
