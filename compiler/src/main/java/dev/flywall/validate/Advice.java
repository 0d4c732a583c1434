package dev.flywall.validate;

import dev.flywall.diag.Code;
import dev.flywall.diag.Diagnostic;
import dev.flywall.diag.DiagnosticSink;
import dev.flywall.model.Config;
import dev.flywall.model.DurationText;
import dev.flywall.model.HealthCheck;
import dev.flywall.model.Interface;
import dev.flywall.model.IpSet;
import dev.flywall.model.Secret;
import dev.flywall.model.UplinkGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Warnings: the configuration works, but probably not as its author meant. */
final class Advice {

    /** Failure detection slower than this is worth a warning (mwan3's defaults take 60–130 s). */
    static final Duration SLOW_DETECTION = Duration.ofSeconds(60);

    private final Config config;
    private final DiagnosticSink findings;

    Advice(Config config, DiagnosticSink findings) {
        this.config = config;
        this.findings = findings;
    }

    void check() {
        unusedWans();
        lanSide();
        for (UplinkGroup g : config.uplinkGroups()) {
            group(g);
            g.members().forEach(m -> healthCheck(m.healthCheck()));
        }
        config.interfaces().forEach(i -> i.healthCheck().ifPresent(this::healthCheck));
        config.ipsets().forEach(this::overlaps);
        secrets();
        hostRunPppoe();
    }

    /**
     * With interfaces = "host", flywall starts no pppd: the host's does, and names the PPP device
     * itself (Debian's pon calls it ppp0 unless told otherwise), so an unnamed device is a guess
     * that would leave the uplink routed through a device that never appears.
     */
    private void hostRunPppoe() {
        if (config.runtime().manageInterfaces()) {
            return;
        }
        for (Interface i : config.interfaces()) {
            i.pppoe()
                    .filter(p -> p.deviceSpan().equals(p.span()))
                    .ifPresent(p -> findings.add(Diagnostic.warning(
                                    Code.W0513,
                                    "PPP device of \"" + i.name() + "\" not named",
                                    "With runtime { interfaces = \"host\" } the host runs pppd for \"" + i.name()
                                            + "\" and names its PPP device, but flywall routes, NATs and probes"
                                            + " the uplink through \"" + p.device()
                                            + "\" (the default) unless told otherwise.",
                                    p.span())
                            .withHint("Write the device the host's pppd creates: pppoe { device = \"ppp0\" }.")));
        }
    }

    /**
     * Only traffic arriving on a non-WAN interface is classified and NATed (set lan_devices), so a
     * configuration of WANs alone steers nothing but the gateway's own connections.
     */
    private void lanSide() {
        if (config.wans().isEmpty() || config.interfaces().stream().anyMatch(i -> !i.isWan())) {
            return;
        }
        findings.warning(
                Code.W0511,
                "No LAN-side interface",
                "Every interface here is a WAN, so flywall balances,"
                        + " fails over and masquerades only the gateway's own connections: traffic forwarded from your"
                        + " network is neither classified nor NATed and follows the main routing table. Declare the"
                        + " interface your clients are on, e.g. interface \"eth2\" { zone = \"LAN\" }.",
                config.interfaces().get(0).span());
    }

    private void unusedWans() {
        for (Interface i : config.interfaces()) {
            boolean inGroup = config.uplinkGroups().stream()
                    .anyMatch(g -> g.members().stream().anyMatch(m -> m.iface().equals(i.name())));
            if (i.isWan() && !inGroup) {
                findings.warning(
                        Code.W0501,
                        "WAN \"" + i.name() + "\" is in no uplink group",
                        "No uplink_group has a"
                                + " member \"" + i.name()
                                + "\", so no default traffic uses it and nothing fails over to it."
                                + " Add member \"" + i.name() + "\" { } to a group.",
                        i.span());
            }
            if (!i.isWan() && i.zone().toUpperCase(Locale.ROOT).equals("WAN")) {
                findings.warning(
                        Code.W0510,
                        "WAN zone without wan block",
                        "\"" + i.name() + "\" is in zone \"" + i.zone()
                                + "\" but has no wan block, so flywall does not use it as an uplink. Add wan { }.",
                        i.span());
            }
        }
    }

    private void group(UplinkGroup g) {
        if (g.mode() == UplinkGroup.Mode.FAILOVER
                && g.members().size() > 1
                && g.members().stream()
                                .mapToInt(UplinkGroup.Member::priority)
                                .distinct()
                                .count()
                        == 1) {
            findings.warning(
                    Code.W0502,
                    "Failover group balances",
                    "All members of \"" + g.name() + "\" have"
                            + " priority " + g.members().get(0).priority()
                            + ", so they form one tier and share the traffic by"
                            + " weight. Give the backup a higher priority number, or write mode = \"balance\" to say so.",
                    g.span());
        }
        if (g.stickyTimeout().isPresent() && !g.sticky()) {
            findings.warning(
                    Code.W0504,
                    "sticky_timeout without sticky",
                    "sticky_timeout has no effect unless" + " sticky = true in \"" + g.name() + "\".",
                    g.span());
        }
    }

    private void healthCheck(HealthCheck hc) {
        if (hc.timeout().compareTo(hc.interval()) >= 0) {
            findings.warning(
                    Code.W0503,
                    "Timeout not below interval",
                    "timeout (" + DurationText.format(hc.timeout())
                            + ") is not shorter than interval (" + DurationText.format(hc.interval())
                            + "): a probe may still"
                            + " wait when the next round starts. Make timeout shorter than interval.",
                    hc.span());
        }
        if (hc.probe().targetCount() == 1 && !(hc.probe() instanceof HealthCheck.Http)) {
            findings.warning(
                    Code.W0508,
                    "Single health-check target",
                    "This check probes one target, so one"
                            + " flaky or rate-limiting host can take a healthy link down. List two or more independent targets.",
                    hc.span());
        }
        if (hc.detectionTime().compareTo(SLOW_DETECTION) > 0) {
            findings.warning(
                    Code.W0509,
                    "Slow failure detection",
                    "interval × threshold_down = "
                            + DurationText.format(hc.interval()) + " × " + hc.thresholdDown() + " = "
                            + DurationText.format(hc.detectionTime())
                            + " before a dead link is noticed. Lower either to"
                            + " detect failures within " + SLOW_DETECTION.toSeconds() + "s.",
                    hc.span());
        }
    }

    /** Entries of a set inside an earlier, broader entry. Sorted scan: O(n log n). */
    private void overlaps(IpSet set) {
        List<IpSet.Entry> sorted = new ArrayList<>(set.entries());
        sorted.sort(Comparator.comparing(IpSet.Entry::cidr));
        List<IpSet.Entry> open = new ArrayList<>();
        for (IpSet.Entry e : sorted) {
            open.removeIf(o -> !o.cidr().contains(e.cidr()));
            if (!open.isEmpty()) {
                IpSet.Entry outer = open.get(open.size() - 1);
                findings.warning(
                        Code.W0506,
                        "Overlapping set entries",
                        e.cidr() + " is inside " + outer.cidr() + " (also in ipset \"" + set.name()
                                + "\"); the smaller entry is redundant.",
                        e.span());
                continue;
            }
            open.add(e);
        }
    }

    private void secrets() {
        for (Interface i : config.interfaces()) {
            i.pppoe().ifPresent(p -> plaintext(p.password(), "PPPoE password"));
        }
        config.notifications().email().ifPresent(e -> e.password().ifPresent(p -> plaintext(p, "SMTP password")));
        config.notifications()
                .webhook()
                .ifPresent(w -> new java.util.TreeMap<>(w.headers())
                        .forEach((k, v) -> plaintext(v, "webhook header \"" + k + "\"")));
        config.api().token().ifPresent(t -> plaintext(t, "API token"));
    }

    private void plaintext(Secret secret, String what) {
        if (secret instanceof Secret.Plain plain && !plain.value().isEmpty()) {
            findings.add(Diagnostic.warning(
                            Code.W0507,
                            "Plaintext secret",
                            "The " + what + " is written in the"
                                    + " configuration file, where anyone who can read the file (or its copies in backups and version"
                                    + " control) sees it. Use env(\"NAME\") or file(\"/path\") instead.",
                            plain.span())
                    .sensitive());
        }
    }

    static Optional<Duration> none() {
        return Optional.empty();
    }
}
