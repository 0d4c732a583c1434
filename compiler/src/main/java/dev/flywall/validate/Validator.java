package dev.flywall.validate;

import dev.flywall.diag.Code;
import dev.flywall.diag.Diagnostic;
import dev.flywall.diag.DiagnosticSink;
import dev.flywall.model.Api;
import dev.flywall.model.Cidr;
import dev.flywall.model.Config;
import dev.flywall.model.HealthCheck;
import dev.flywall.model.Interface;
import dev.flywall.model.IpSet;
import dev.flywall.model.MaintenanceWindow;
import dev.flywall.model.PolicyRoute;
import dev.flywall.model.UplinkGroup;
import dev.flywall.source.SourceSpan;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The checks that concern several blocks at once: names that must be unique, references that
 * must resolve (members, uplinks, {@code @sets}), and consistency (address families, tables
 * and marks). Warnings for likely mistakes are in {@link Advice}.
 */
public final class Validator {

    private static final Cidr LOOPBACK_V4 = Cidr.parse("127.0.0.0/8").orElseThrow();
    private static final Cidr LOOPBACK_V6 = Cidr.parse("::1/128").orElseThrow();

    private final Config config;
    private final DiagnosticSink findings;

    private Validator(Config config, List<Diagnostic> sink) {
        this.config = config;
        this.findings = new DiagnosticSink(sink);
    }

    /** Checks the configuration, adding diagnostics to {@code sink}; "now" is the system clock's. */
    public static void validate(Config config, List<Diagnostic> sink) {
        validate(config, sink, Clock.systemUTC());
    }

    /**
     * Checks the configuration, adding diagnostics to {@code sink}; {@code clock} says when lint
     * runs (a one-off maintenance window already over is a warning).
     */
    public static void validate(Config config, List<Diagnostic> sink, Clock clock) {
        Validator v = new Validator(config, sink);
        v.uniqueNames();
        v.pppDevices();
        v.groups();
        v.oneHealthCheckPerUplink();
        new Routes(config, v.findings).check();
        v.tablesAndMarks();
        v.apiAccess();
        new Ipv6Checks(config, v.findings).check();
        new HaChecks(config, v.findings).check();
        new MaintenanceChecks(config, v.findings, clock).check();
        new Advice(config, v.findings).check();
    }

    private void uniqueNames() {
        unique("interface", config.interfaces(), Interface::name, Interface::span);
        unique("uplink_group", config.uplinkGroups(), UplinkGroup::name, UplinkGroup::span);
        unique("policy_route", config.policyRoutes(), PolicyRoute::name, PolicyRoute::span);
        unique("ipset", config.ipsets(), IpSet::name, IpSet::span);
        unique("maintenance", config.maintenance(), MaintenanceWindow::name, MaintenanceWindow::span);
        for (UplinkGroup g : config.uplinkGroups()) {
            config.iface(g.name())
                    .ifPresent(i -> findings.error(
                            Code.E0401,
                            "Duplicate name \"" + g.name() + "\"",
                            "An uplink_group and an interface are both named \"" + g.name() + "\", so a policy route's"
                                    + " uplink = \"" + g.name() + "\" would be ambiguous. Rename the group.",
                            header(g.span())));
        }
    }

    /**
     * A PPP device is a network interface of its own: its name must not be an interface's name
     * (the kernel has one namespace of names) nor another PPPoE interface's PPP device.
     */
    private void pppDevices() {
        Map<String, Interface> devices = new HashMap<>();
        for (Interface i : config.interfaces()) {
            devices.putIfAbsent(i.name(), i);
        }
        for (Interface i : config.interfaces()) {
            if (i.pppoe().isEmpty()) {
                continue;
            }
            Interface.Pppoe p = i.pppoe().get();
            Interface earlier = devices.putIfAbsent(p.device(), i);
            if (earlier == null) {
                continue;
            }
            String what = earlier.name().equals(p.device())
                    ? "the interface declared on line " + earlier.span().start().line()
                    : "the PPP device of interface \"" + earlier.name() + "\" (line "
                            + earlier.span().start().line() + ")";
            findings.add(Diagnostic.error(
                            Code.E0414,
                            "Conflicting device name \"" + p.device() + "\"",
                            "Interface \"" + i.name() + "\" runs its PPPoE session on the device \"" + p.device()
                                    + "\", which is also the name of " + what
                                    + ". Linux has one name per device, so the two would be confused.",
                            p.deviceSpan())
                    .withHint("Set pppoe { device = \"...\" } to a name that no interface and no other PPPoE"
                            + " session uses."));
        }
    }

    private <T> void unique(String type, List<T> items, Function<T, String> name, Function<T, SourceSpan> span) {
        Map<String, T> first = new HashMap<>();
        for (T item : items) {
            T earlier = first.putIfAbsent(name.apply(item), item);
            if (earlier != null) {
                findings.error(
                        Code.E0401,
                        "Duplicate name \"" + name.apply(item) + "\"",
                        "Another " + type
                                + " block is named \"" + name.apply(item) + "\" (line "
                                + span.apply(earlier).start().line()
                                + "). Names of " + type + " blocks must be unique.",
                        header(span.apply(item)));
            }
        }
    }

    private void groups() {
        List<String> names = config.interfaces().stream().map(Interface::name).toList();
        for (UplinkGroup g : config.uplinkGroups()) {
            if (g.members().isEmpty()) {
                findings.error(
                        Code.E0410,
                        "Empty uplink group \"" + g.name() + "\"",
                        "An uplink group needs at" + " least one member \"IFACE\" { } block.",
                        header(g.span()));
            }
            Map<String, UplinkGroup.Member> seen = new HashMap<>();
            for (UplinkGroup.Member m : g.members()) {
                UplinkGroup.Member earlier = seen.putIfAbsent(m.iface(), m);
                if (earlier != null) {
                    findings.error(
                            Code.E0402,
                            "Duplicate member \"" + m.iface() + "\"",
                            "The group \"" + g.name()
                                    + "\" already has a member \"" + m.iface() + "\" (line "
                                    + earlier.span().start().line()
                                    + "). Each interface is a member once; merge the two blocks.",
                            header(m.span()));
                    continue;
                }
                member(g, m, names);
            }
        }
    }

    private void member(UplinkGroup g, UplinkGroup.Member m, List<String> names) {
        var iface = config.iface(m.iface());
        if (iface.isEmpty()) {
            findings.add(Diagnostic.error(
                            Code.E0403,
                            "Unknown interface \"" + m.iface() + "\"",
                            "The group \"" + g.name() + "\" has a member \"" + m.iface()
                                    + "\", but no interface block has that name.",
                            header(m.span()))
                    .withHint(DiagnosticSink.didYouMean(m.iface(), names)));
        } else if (!iface.get().isWan()) {
            findings.error(
                    Code.E0404,
                    "Member \"" + m.iface() + "\" is not a WAN",
                    "\"" + m.iface() + "\" is a member of \"" + g.name()
                            + "\" but has no wan block. Add wan { priority = ... } to interface \"" + m.iface()
                            + "\" to make it an uplink.",
                    header(m.span()));
        }
    }

    /**
     * The daemon probes each uplink once and shares its health between its groups, so every
     * membership of an uplink must probe it the same way; different checks would leave all but
     * one of them unused.
     */
    private void oneHealthCheckPerUplink() {
        Map<String, UplinkGroup> firstGroup = new HashMap<>();
        Map<String, UplinkGroup.Member> firstMember = new HashMap<>();
        for (UplinkGroup g : config.uplinkGroups()) {
            for (UplinkGroup.Member m : g.members()) {
                UplinkGroup.Member earlier = firstMember.putIfAbsent(m.iface(), m);
                if (earlier == null) {
                    firstGroup.put(m.iface(), g);
                } else if (earlier != m && !sameProbing(earlier.healthCheck(), m.healthCheck())) {
                    UplinkGroup other = firstGroup.get(m.iface());
                    findings.error(
                            Code.E0411,
                            "Conflicting health checks for \"" + m.iface() + "\"",
                            "\"" + m.iface()
                                    + "\" is a member of \"" + other.name() + "\" (line "
                                    + earlier.span().start().line()
                                    + ") and of \"" + g.name()
                                    + "\" with a different health check. An uplink is probed once and"
                                    + " its health is shared by all its groups, so its memberships must probe it alike: put"
                                    + " the health_check in interface \"" + m.iface()
                                    + "\" and remove it from the members, or"
                                    + " make the members' checks identical.",
                            header(m.span()));
                }
            }
        }
    }

    /** Two health checks probe alike when everything but their place in the file is equal. */
    static boolean sameProbing(HealthCheck a, HealthCheck b) {
        return a.probe().equals(b.probe())
                && a.interval().equals(b.interval())
                && a.timeout().equals(b.timeout())
                && a.thresholdDown() == b.thresholdDown()
                && a.thresholdUp() == b.thresholdUp()
                && a.reliability() == b.reliability()
                && a.maxLatency().equals(b.maxLatency())
                && a.maxLoss().equals(b.maxLoss());
    }

    private void tablesAndMarks() {
        Map<Integer, Interface> tables = new HashMap<>();
        Map<Integer, Interface> marks = new HashMap<>();
        for (Interface i : config.wans()) {
            Interface.Wan w = i.wan().orElseThrow();
            w.table().ifPresent(t -> claim(tables, t, i, "routing table"));
            w.mark().ifPresent(mk -> claim(marks, mk, i, "mark"));
        }
    }

    private void claim(Map<Integer, Interface> claimed, int value, Interface i, String what) {
        Interface earlier = claimed.putIfAbsent(value, i);
        if (earlier != null) {
            findings.error(
                    Code.E0408,
                    "Conflicting " + what,
                    "The WAN interfaces \"" + earlier.name() + "\" and \"" + i.name() + "\" both use " + what + " "
                            + value + "; each uplink needs its own.",
                    i.wan().orElseThrow().span());
        }
    }

    /**
     * Without a token, the daemon accepts pin, unpin and failback from loopback clients only, and
     * refuses to start on an address beyond loopback (anyone reaching it could pin uplinks). Caught
     * here, {@code apply} refuses what the daemon would refuse at its next start. A host name other
     * than {@code localhost} is resolved only at start, so it cannot be vouched for here.
     */
    private void apiAccess() {
        Api api = config.api();
        if (api.token().isPresent()
                || loopback(api.listen().host())
                || api.span().isEmpty()) {
            return;
        }
        findings.error(
                Code.E0413,
                "API open without a token",
                "api { listen = \"" + api.listen() + "\" } accepts"
                        + " connections from beyond this host, and without a token anyone who reaches it could pin uplinks"
                        + " and fail groups back, so flywall run refuses to start with it. Set api { token = env(\"NAME\") },"
                        + " or listen on 127.0.0.1.",
                api.span().get());
    }

    /** 127.0.0.0/8, [::1] and localhost; 0.0.0.0 and [::] listen on every address. */
    static boolean loopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        String address = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return Cidr.parse(address)
                .filter(c -> c.isHost() && (LOOPBACK_V4.contains(c) || LOOPBACK_V6.contains(c)))
                .isPresent();
    }

    /** Model spans of blocks are their headers ({@code type "label"}), where diagnostics point. */
    static SourceSpan header(SourceSpan span) {
        return span;
    }
}
