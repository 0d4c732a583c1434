package dev.flywall.runtime.daemon;

import dev.flywall.bundle.EventKind;
import dev.flywall.model.Cidr;
import dev.flywall.runtime.engine.KernelEffects;
import dev.flywall.runtime.history.History;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a dynamic uplink's address and gateway, as the daemon re-reads them, into {@code lease}
 * events: one event per new lease, not one per kernel change. A client installs a lease in steps
 * (dhclient's hook after a NAK: the old address goes, the new one comes, then the route), so a
 * change is recorded once it has {@link #SETTLE}d; an address that is gone is recorded only when it
 * stays gone for {@link #LOSS_GRACE} (a lease that is replaced at once is one event, old → new).
 * The first reading of an uplink is where it starts, no event. Engine thread only.
 */
final class LeaseWatch {

    static final Duration SETTLE = Duration.ofSeconds(1);
    static final Duration LOSS_GRACE = Duration.ofSeconds(5);

    /**
     * An uplink's IPv4 address and gateway, either possibly absent, and for an uplink with dynamic
     * IPv6 its IPv6 addresses and delegated prefix (the IPv6 gateway, a link-local address the
     * router advertises, is followed but is no lease).
     */
    record Lease(
            Optional<InetAddress> address,
            Optional<InetAddress> gateway,
            List<InetAddress> v6,
            Optional<String> delegated) {
        Lease(Optional<InetAddress> address, Optional<InetAddress> gateway) {
            this(address, gateway, List.of(), Optional.empty());
        }

        static Lease of(KernelEffects.LinkInfo info) {
            return info.exists()
                    ? new Lease(info.address(), info.gateway(), info.v6().addresses(), info.delegated())
                    : new Lease(Optional.empty(), Optional.empty());
        }

        /** Whether the uplink holds anything (a loss waits {@link #LOSS_GRACE}, a gain {@link #SETTLE}). */
        boolean holds() {
            return address.isPresent() || !v6.isEmpty() || delegated.isPresent();
        }

        boolean hasV6() {
            return !v6.isEmpty() || delegated.isPresent();
        }

        String text() {
            String v4 = address.map(Cidr::addressText).orElse("no address")
                    + gateway.map(g -> " via " + Cidr.addressText(g)).orElse("");
            if (!hasV6()) {
                return v4;
            }
            return v4 + ", IPv6 "
                    + (v6.isEmpty()
                            ? "no address"
                            : String.join(
                                    " ", v6.stream().map(Cidr::addressText).toList()))
                    + delegated.map(d -> " delegated " + d).orElse("");
        }
    }

    private final Map<String, Lease> recorded = new LinkedHashMap<>();
    private final Map<String, Lease> current = new LinkedHashMap<>();
    /** Since when an uplink's reading differs from its recorded lease. */
    private final Map<String, Instant> changedSince = new LinkedHashMap<>();

    /** A fresh reading of an uplink. */
    void observe(String uplink, KernelEffects.LinkInfo info, Instant now) {
        Lease lease = Lease.of(info);
        current.put(uplink, lease);
        Lease before = recorded.putIfAbsent(uplink, lease);
        if (before == null || before.equals(lease)) {
            changedSince.remove(uplink);
        } else {
            changedSince.putIfAbsent(uplink, now);
        }
    }

    /** When {@link #due} next has something to say, if anything changed. */
    Optional<Instant> nextDue() {
        return changedSince.entrySet().stream()
                .map(e -> e.getValue().plus(current.get(e.getKey()).holds() ? SETTLE : LOSS_GRACE))
                .min(Instant::compareTo);
    }

    /** The lease events due now (the changes that settled), marking them recorded. */
    List<History.Event> due(Instant now) {
        List<History.Event> out = new ArrayList<>();
        for (String uplink : new ArrayList<>(changedSince.keySet())) {
            Instant since = changedSince.get(uplink);
            Lease lease = current.get(uplink);
            Duration wait = lease.holds() ? SETTLE : LOSS_GRACE;
            if (now.isBefore(since.plus(wait))) {
                continue;
            }
            Lease was = recorded.put(uplink, lease);
            changedSince.remove(uplink);
            out.add(event(uplink, was, lease, now));
        }
        return out;
    }

    /** Forgets the uplinks a reloaded bundle no longer has. */
    void retain(List<String> uplinks) {
        recorded.keySet().retainAll(uplinks);
        current.keySet().retainAll(uplinks);
        changedSince.keySet().retainAll(uplinks);
    }

    static History.Event event(String uplink, Lease was, Lease now, Instant at) {
        String details = "{\"old_address\":" + json(was.address()) + ",\"new_address\":" + json(now.address())
                + ",\"old_gateway\":" + json(was.gateway()) + ",\"new_gateway\":" + json(now.gateway())
                + (was.hasV6() || now.hasV6()
                        ? ",\"old_ipv6\":" + json(was.v6()) + ",\"new_ipv6\":" + json(now.v6())
                                + ",\"old_delegated\":" + prefix(was.delegated()) + ",\"new_delegated\":"
                                + prefix(now.delegated())
                        : "")
                + "}";
        return new History.Event(
                at, EventKind.LEASE.word(), null, uplink, null, was.text() + " → " + now.text(), details);
    }

    private static String json(List<InetAddress> all) {
        return "["
                + String.join(",", all.stream().map(a -> json(Optional.of(a))).toList()) + "]";
    }

    /** A prefix the kernel gave back in canonical form (checked by KernelEffects): nothing to escape. */
    private static String prefix(Optional<String> p) {
        return p.map(x -> "\"" + x + "\"").orElse("null");
    }

    private static String json(Optional<InetAddress> a) {
        // address literals only (KernelEffects.literal): nothing to escape
        return a.map(x -> "\"" + Cidr.addressText(x) + "\"").orElse("null");
    }
}
