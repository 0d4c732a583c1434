package dev.flywall.cli;

import dev.flywall.runtime.engine.Health;
import dev.flywall.runtime.engine.Status;
import dev.flywall.runtime.history.History;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The text the {@code wan} commands print: left-aligned columns two spaces apart, the last one
 * unpadded, times in the gateway's zone. The status table is the one the Flywall guide shows:
 *
 * <pre>
 * INTERFACE  STATUS  PRIORITY  LATENCY  PACKET LOSS
 * eth0       UP      1         12ms     0.0%
 * </pre>
 */
final class WanTables {

    /** Eight heights for a round-trip time, lowest to highest within one row. */
    static final String BARS = "▁▂▃▄▅▆▇█";

    /** A probe that got no answer. */
    static final char LOST = '·';

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private WanTables() {}

    /**
     * For a node of an HA pair its role first; then the gateway's problems (its table gone, its
     * history unwritable: what the daemon could not repair, so the rest must not read as health),
     * then the uplink table, a blank line, and one line per group.
     */
    static String status(Status status, ZoneId zone) {
        StringBuilder problems = new StringBuilder();
        status.problems()
                .forEach(p -> problems.append("BROKEN ")
                        .append(p.subject())
                        .append(": ")
                        .append(p.detail())
                        .append('\n'));
        if (!problems.isEmpty()) {
            problems.append('\n');
        }
        return ha(status, zone) + problems + uplinksAndGroups(status, zone);
    }

    /**
     * For a node of an HA pair, its role first ({@code HA: master since 2026-11-22 12:00:01
     * (priority 200, peer 10.99.0.2)}), with keepalived or conntrackd named when not running; nothing
     * for a gateway that stands alone.
     */
    static String ha(Status status, ZoneId zone) {
        if (status.ha().isEmpty()) {
            return "";
        }
        Status.HaStatus h = status.ha().get();
        StringBuilder line = new StringBuilder("HA: ")
                .append(h.role())
                .append(" since ")
                .append(time(h.since(), zone))
                .append(" (priority ")
                .append(h.priority())
                .append(", peer ")
                .append(h.peer())
                .append(')');
        List<String> notRunning = new ArrayList<>();
        if (!h.keepalived().equals("running")) {
            notRunning.add("keepalived " + h.keepalived());
        }
        if (!h.conntrackd().equals("running")) {
            notRunning.add("conntrackd " + h.conntrackd());
        }
        if (!notRunning.isEmpty()) {
            line.append("; ").append(String.join(", ", notRunning));
        }
        return line.append("\n\n").toString();
    }

    private static String uplinksAndGroups(Status status, ZoneId zone) {
        List<List<String>> rows = new ArrayList<>();
        for (Status.UplinkStatus u : status.uplinks()) {
            rows.add(List.of(
                    u.name(),
                    u.state().toUpperCase(Locale.ROOT),
                    Integer.toString(u.priority()),
                    u.rttMs().map(WanTables::millis).orElse("-"),
                    percent(u.lossPercent())));
        }
        StringBuilder out =
                new StringBuilder(table(List.of("INTERFACE", "STATUS", "PRIORITY", "LATENCY", "PACKET LOSS"), rows));
        // what a dynamic IPv6 uplink learned, under the table (only when some uplink has it)
        status.uplinks().stream()
                .filter(u -> u.ipv6Address().isPresent() || u.delegatedPrefix().isPresent())
                .forEach(u -> out.append(u.name())
                        .append(" IPv6: ")
                        .append(u.ipv6Address().orElse("no address"))
                        .append(u.delegatedPrefix().map(d -> ", delegated " + d).orElse(""))
                        .append('\n'));
        // the operator's drains and the maintenance windows: the uplink takes no new connections
        status.uplinks().forEach(u -> {
            u.drainedSince()
                    .ifPresent(t -> out.append(u.name())
                            .append(" DRAINED since ")
                            .append(time(t, zone))
                            .append(u.drainReason().map(r -> " (" + r + ")").orElse(""))
                            .append(": no new connections\n"));
            u.maintenance()
                    .ifPresent(w -> out.append(u.name())
                            .append(" MAINTENANCE window ")
                            .append(w)
                            .append(u.maintenanceUntil()
                                    .map(t -> " until " + time(t, zone))
                                    .orElse(""))
                            .append(": no new connections, health alerts muted\n"));
        });
        if (!status.groups().isEmpty()) {
            out.append('\n');
            status.groups().forEach(g -> out.append(group(g, zone)).append('\n'));
        }
        return out.toString();
    }

    /** {@code group default (failover): active eth0}, and what is unusual about the group. */
    static String group(Status.GroupStatus g, ZoneId zone) {
        String active = g.active().isEmpty() ? "none" : String.join(", ", g.active());
        StringBuilder line = new StringBuilder("group " + g.name() + " (" + g.mode() + "): ");
        line.append(g.allDown() ? "no member is up — keeping " + active : "active " + active);
        g.pinned().ifPresent(p -> line.append(", pinned to ").append(p));
        if (g.awaitingManualFailback()) {
            line.append(", waiting for manual failback");
        }
        g.failbackAt().ifPresent(at -> line.append(", failing back at ").append(time(at, zone)));
        return line.toString();
    }

    /** Events as given (newest first): TIME, EVENT, GROUP, FROM → TO, REASON. */
    static String history(List<History.Event> events, ZoneId zone) {
        List<List<String>> rows = new ArrayList<>();
        for (History.Event e : events) {
            String move = e.from() == null && e.to() == null
                    ? "-"
                    : Optional.ofNullable(e.from()).orElse("-") + " → "
                            + Optional.ofNullable(e.to()).orElse("-");
            rows.add(List.of(
                    time(e.at(), zone),
                    e.kind(),
                    Optional.ofNullable(e.group()).orElse("-"),
                    move,
                    Optional.ofNullable(e.reason()).orElse("")));
        }
        return table(List.of("TIME", "EVENT", "GROUP", "FROM → TO", "REASON"), rows);
    }

    /** One row per probe target: its loss, a sparkline of the recent probes, and the last result. */
    static String health(Health health) {
        List<List<String>> rows = new ArrayList<>();
        for (Health.Target t : health.targets()) {
            List<Optional<Double>> recent = t.recentRttMs();
            Optional<Double> lastRtt = recent.isEmpty() ? Optional.empty() : recent.get(recent.size() - 1);
            String last = t.lastOk()
                    ? "ok" + lastRtt.map(ms -> " " + millis(ms)).orElse("")
                    : t.lastError().orElse("failed");
            rows.add(List.of(t.uplink(), t.type(), t.target(), percent(t.lossPercent()), sparkline(recent), last));
        }
        return table(List.of("UPLINK", "TYPE", "TARGET", "LOSS", "RECENT", "LAST"), rows);
    }

    /**
     * One character per probe, oldest first: the bar's height places the round-trip time between
     * the row's fastest and slowest answer (all equal: the lowest bar); {@link #LOST} for no answer.
     */
    static String sparkline(List<Optional<Double>> rtts) {
        if (rtts.isEmpty()) {
            return "-";
        }
        double min = rtts.stream()
                .flatMap(Optional::stream)
                .mapToDouble(Double::doubleValue)
                .min()
                .orElse(0);
        double max = rtts.stream()
                .flatMap(Optional::stream)
                .mapToDouble(Double::doubleValue)
                .max()
                .orElse(0);
        StringBuilder out = new StringBuilder();
        for (Optional<Double> rtt : rtts) {
            if (rtt.isEmpty()) {
                out.append(LOST);
            } else {
                int level = max > min ? (int) Math.round((rtt.get() - min) / (max - min) * (BARS.length() - 1)) : 0;
                out.append(BARS.charAt(level));
            }
        }
        return out.toString();
    }

    static String time(Instant at, ZoneId zone) {
        return TIME.format(at.atZone(zone));
    }

    /** {@code 12ms}; below one millisecond one decimal, so a LAN gateway does not read {@code 0ms}. */
    private static String millis(double ms) {
        return ms < 1 ? String.format(Locale.ROOT, "%.1fms", ms) : Math.round(ms) + "ms";
    }

    private static String percent(double value) {
        return String.format(Locale.ROOT, "%.1f%%", value);
    }

    /** Columns as wide as their widest cell plus two spaces; the last column is not padded. */
    static String table(List<String> headers, List<List<String>> rows) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        List<List<String>> lines = new ArrayList<>();
        lines.add(headers);
        lines.addAll(rows);
        for (List<String> line : lines) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                text.append(line.get(i));
                if (i < widths.length - 1) {
                    text.append(" ".repeat(widths[i] - line.get(i).length() + 2));
                }
            }
            out.append(text.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
