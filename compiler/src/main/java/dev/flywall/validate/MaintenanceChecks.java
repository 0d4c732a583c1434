package dev.flywall.validate;

import dev.flywall.diag.Code;
import dev.flywall.diag.Diagnostic;
import dev.flywall.diag.DiagnosticSink;
import dev.flywall.model.Config;
import dev.flywall.model.Interface;
import dev.flywall.model.Maintenance;
import dev.flywall.model.MaintenanceWindow;
import dev.flywall.model.UplinkGroup;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The maintenance windows against the rest of the configuration: their uplinks are WAN
 * interfaces (E0403, E0424); a one-off window already over (W0516, against the injected clock, so
 * that lint's answer is reproducible in tests); a window that takes every member of a group at
 * once (W0517).
 */
final class MaintenanceChecks {

    private final Config config;
    private final DiagnosticSink findings;
    private final Clock clock;

    MaintenanceChecks(Config config, DiagnosticSink findings, Clock clock) {
        this.config = config;
        this.findings = findings;
        this.clock = clock;
    }

    void check() {
        List<String> wans = config.wans().stream().map(Interface::name).toList();
        List<String> names = config.interfaces().stream().map(Interface::name).toList();
        for (MaintenanceWindow w : config.maintenance()) {
            uplinks(w, names, wans);
            over(w);
            wholeGroups(w);
        }
    }

    private void uplinks(MaintenanceWindow w, List<String> names, List<String> wans) {
        List<String> uplinks = w.maintenance().uplinks();
        for (int i = 0; i < uplinks.size(); i++) {
            String u = uplinks.get(i);
            if (!names.contains(u)) {
                String hint = DiagnosticSink.didYouMean(u, wans);
                findings.add(Diagnostic.error(
                                Code.E0403,
                                "Unknown interface \"" + u + "\"",
                                "The maintenance window \"" + w.name() + "\" lists \"" + u
                                        + "\", but no interface block has that name. The uplinks of a window are"
                                        + " WAN interfaces: " + String.join(", ", wans) + ".",
                                w.uplinkSpans().get(i))
                        .withHint(hint));
            } else if (!wans.contains(u)) {
                findings.error(
                        Code.E0424,
                        "\"" + u + "\" is not a WAN",
                        "The maintenance window \"" + w.name() + "\" lists \"" + u + "\", which has no wan block:"
                                + " a maintenance window takes uplinks out of use, and only WAN interfaces"
                                + " are uplinks (" + String.join(", ", wans) + ").",
                        w.uplinkSpans().get(i),
                        "Remove \"" + u + "\" from uplinks.");
            }
        }
    }

    private void over(MaintenanceWindow w) {
        if (w.maintenance().schedule() instanceof Maintenance.Once once) {
            Instant end = ZonedDateTime.of(once.until(), w.maintenance().zone()).toInstant();
            if (!end.isAfter(clock.instant())) {
                findings.warning(
                        Code.W0516,
                        "Maintenance window \"" + w.name() + "\" already over",
                        "The one-off maintenance window \"" + w.name() + "\" ended at "
                                + once.until().toLocalDate()
                                + " " + once.until().toLocalTime() + " ("
                                + w.maintenance().zone().getId()
                                + "), before now: it never applies. Remove the block, or correct its dates.",
                        w.span("until"));
            }
        }
    }

    private void wholeGroups(MaintenanceWindow w) {
        Set<String> taken = new HashSet<>(w.maintenance().uplinks());
        for (UplinkGroup g : config.uplinkGroups()) {
            if (!g.members().isEmpty() && g.members().stream().allMatch(m -> taken.contains(m.iface()))) {
                findings.warning(
                        Code.W0517,
                        "Maintenance takes every member of \"" + g.name() + "\"",
                        "The maintenance window \"" + w.name() + "\" covers every member of the uplink group \""
                                + g.name() + "\" at once. During it the group has no usable member and keeps its"
                                + " last active set (a dead route beats none), so its traffic still leaves by an"
                                + " uplink under maintenance. Give the group another member, or split the window"
                                + " so that one member stays in use.",
                        w.span("uplinks"));
            }
        }
    }
}
