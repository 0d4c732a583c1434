package dev.flywall.runtime.probe;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves the host names of http checks through the probed uplink, never through the system
 * resolver: the query leaves from a socket bound to the uplink's device and carrying its mark
 * ({@link NameLookup}), to the DNS servers of {@code resolv.conf}, within the round's deadline.
 * When the WAN the system resolver happens to use dies, only that WAN's checks fail.
 *
 * <p>A and AAAA are both asked (each kept in the {@link AnswerCache} for its TTL); the address
 * used is of the uplink's address family when its address is known, otherwise IPv4, and of the
 * other family when the name has none of the preferred one.
 *
 * <p>Thread-safe: shared by the rounds of every uplink.
 */
final class UplinkResolver {

    /** Enough for every http check of a large configuration on every uplink, in both families. */
    static final int CACHE_CAPACITY = 1024;

    /** The two record types asked, in the order of their numbers. */
    enum Family {
        IPV4(org.xbill.DNS.Type.A, "IPv4"),
        IPV6(org.xbill.DNS.Type.AAAA, "IPv6");

        final int type;
        final String label;

        Family(int type, String label) {
            this.type = type;
            this.label = label;
        }
    }

    private final ResolvConf resolvConf;
    private final AnswerCache cache = new AnswerCache(CACHE_CAPACITY);
    private volatile ResolvConf.Servers servers;

    UplinkResolver(ResolvConf resolvConf) {
        this.resolvConf = resolvConf;
    }

    /**
     * Starts resolving {@code host} for a probe through {@code egress}, on the round's thread: from
     * the cache when it knows enough, else by opening the lookup's socket (in this thread's network
     * namespace) for {@link NameLookup#run} to send and wait on a worker.
     */
    NameLookup start(String host, Egress egress) throws ProbeException {
        Family preferred = egress.source()
                .map(s -> s instanceof Inet6Address ? Family.IPV6 : Family.IPV4)
                .orElse(Family.IPV4);
        long now = System.nanoTime();
        Map<Family, AnswerCache.Answer> known = new EnumMap<>(Family.class);
        for (Family family : Family.values()) {
            cache.get(key(egress, host, family), now).ifPresent(a -> known.put(family, a));
        }
        Optional<InetAddress> cached = choose(known, preferred);
        if (cached.isPresent() || known.size() == Family.values().length) {
            return NameLookup.answered(this, host, egress, preferred, known);
        }
        ResolvConf.Servers current = currentServers();
        if (current.usable().isEmpty()) {
            throw new ProbeException("no DNS server to resolve " + host + " through a WAN: " + resolvConf.file()
                    + (current.skipped().isEmpty()
                            ? " lists none"
                            : " lists only local ones ("
                                    + Sockets.text(current.skipped().getFirst()) + ")"));
        }
        return NameLookup.open(this, host, egress, preferred, known, current.usable());
    }

    /** The servers of resolv.conf; when they changed, answers of the old ones are forgotten. */
    private ResolvConf.Servers currentServers() throws ProbeException {
        ResolvConf.Servers now = resolvConf.servers();
        if (servers != null && !servers.equals(now)) {
            cache.clear();
        }
        servers = now;
        return now;
    }

    void remember(Egress egress, String host, Family family, AnswerCache.Answer answer) {
        cache.put(key(egress, host, family), answer, System.nanoTime());
    }

    private static AnswerCache.Key key(Egress egress, String host, Family family) {
        return new AnswerCache.Key(egress.device(), host, family.type);
    }

    /**
     * The address to connect to, when the answers so far decide it: the preferred family's first
     * address, or — once the preferred family is known to have none — the other's.
     */
    static Optional<InetAddress> choose(Map<Family, AnswerCache.Answer> known, Family preferred) {
        Family other = preferred == Family.IPV4 ? Family.IPV6 : Family.IPV4;
        AnswerCache.Answer first = known.get(preferred);
        if (first == null) {
            return Optional.empty();
        }
        if (!first.addresses().isEmpty()) {
            return Optional.of(first.addresses().getFirst());
        }
        AnswerCache.Answer second = known.get(other);
        return second == null ? Optional.empty() : second.addresses().stream().findFirst();
    }
}
