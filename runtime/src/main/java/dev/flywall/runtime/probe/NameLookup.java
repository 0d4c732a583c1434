package dev.flywall.runtime.probe;

import dev.flywall.runtime.probe.UplinkResolver.Family;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;

/**
 * One http probe's lookup of its URL's host name, as part of the probe: A and AAAA queries sent
 * at once to every DNS server of {@code resolv.conf} from one UDP socket pinned to the uplink
 * ({@link Sockets#pinned}), the first good answer of any server used. The socket is opened when the
 * probe is made (on the round's thread, so in its network namespace); {@link #resolve} sends and
 * waits on the worker, within the round's deadline. A lookup the cache answers opens nothing.
 *
 * <p>A server's SERVFAIL or REFUSED leaves the others to answer; NXDOMAIN ends the lookup.
 */
final class NameLookup implements AutoCloseable {

    private static final int MAX_CNAME_HOPS = 8;

    private final UplinkResolver resolver;
    private final String host;
    private final Egress egress;
    private final Family preferred;
    private final Map<Family, AnswerCache.Answer> known;
    private final Map<Family, Integer> failures = new EnumMap<>(Family.class);
    private final List<InetAddress> servers;
    private final Optional<DatagramChannel> channel;
    private Optional<String> nxdomain = Optional.empty();
    private String failure = "";

    private NameLookup(
            UplinkResolver resolver,
            String host,
            Egress egress,
            Family preferred,
            Map<Family, AnswerCache.Answer> known,
            List<InetAddress> servers,
            Optional<DatagramChannel> channel) {
        this.resolver = resolver;
        this.host = host;
        this.egress = egress;
        this.preferred = preferred;
        this.known = new EnumMap<>(Family.class);
        this.known.putAll(known);
        this.servers = List.copyOf(servers);
        this.channel = channel;
    }

    /** A lookup the cached answers decide: it sends nothing. */
    static NameLookup answered(
            UplinkResolver resolver,
            String host,
            Egress egress,
            Family preferred,
            Map<Family, AnswerCache.Answer> known) {
        return new NameLookup(resolver, host, egress, preferred, known, List.of(), Optional.empty());
    }

    /** A lookup that asks {@code servers} for the families {@code known} lacks. */
    static NameLookup open(
            UplinkResolver resolver,
            String host,
            Egress egress,
            Family preferred,
            Map<Family, AnswerCache.Answer> known,
            List<InetAddress> servers)
            throws ProbeException {
        boolean anyV6 = servers.stream().anyMatch(s -> s instanceof Inet6Address);
        boolean oneFamily = servers.stream().allMatch(s -> (s instanceof Inet6Address) == anyV6);
        DatagramChannel opened;
        try {
            // an IPv6 socket is dual-stack: it also reaches the IPv4 servers, through mapped addresses
            opened = DatagramChannel.open(anyV6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        } catch (IOException e) {
            throw new ProbeException("cannot open a UDP socket: " + e.getMessage());
        }
        DatagramChannel pinned =
                Sockets.pinned(opened, egress, oneFamily ? Optional.of(servers.getFirst()) : Optional.empty());
        return new NameLookup(resolver, host, egress, preferred, known, servers, Optional.of(pinned));
    }

    /** The address to connect to, or why there is none ("name lookup of HOST via wan1 timed out"). */
    InetAddress resolve(Budget budget) throws ProbeException {
        Optional<InetAddress> decided = UplinkResolver.choose(known, preferred);
        if (decided.isPresent()) {
            return decided.get();
        }
        if (channel.isEmpty()) {
            throw new ProbeException(prefix() + ": no IPv4 or IPv6 address");
        }
        Map<Integer, Family> queries = send(channel.get(), budget);
        DatagramPacket packet = new DatagramPacket(new byte[4096], 4096);
        while (true) {
            int wait = budget.remainingMillis();
            if (wait == 0) {
                throw new ProbeException(prefix() + " timed out");
            }
            try {
                channel.get().socket().setSoTimeout(wait);
                channel.get().socket().receive(packet);
            } catch (SocketTimeoutException | ClosedByInterruptException e) {
                throw new ProbeException(prefix() + " timed out");
            } catch (IOException e) {
                throw new ProbeException(prefix() + ": " + Sockets.describe(e, budget));
            }
            reply(packet, queries);
            decided = UplinkResolver.choose(known, preferred);
            if (decided.isPresent()) {
                return decided.get();
            }
            if (Arrays.stream(Family.values()).allMatch(this::finished)) {
                throw new ProbeException(prefix() + ": "
                        + nxdomain.map(s -> "no such name (NXDOMAIN from " + s + ")")
                                .orElse(failure.isEmpty() ? "no IPv4 or IPv6 address" : failure));
            }
        }
    }

    /** Sends a query per missing family to every server; returns the families by query id. */
    private Map<Integer, Family> send(DatagramChannel socket, Budget budget) throws ProbeException {
        Name name;
        try {
            name = Name.fromString(host, Name.root);
        } catch (TextParseException e) {
            throw new ProbeException("invalid host name " + host);
        }
        Map<Integer, Family> queries = new HashMap<>();
        IOException last = null;
        int sent = 0;
        for (Family family : Family.values()) {
            if (known.containsKey(family)) {
                continue;
            }
            Message query = Message.newQuery(Record.newRecord(name, family.type, DClass.IN));
            queries.put(query.getHeader().getID(), family);
            for (InetAddress server : servers) {
                try {
                    socket.send(ByteBuffer.wrap(query.toWire()), new InetSocketAddress(server, 53));
                    sent++;
                } catch (IOException e) {
                    // one server out of reach (no IPv6 route on this WAN) leaves the others
                    last = e;
                    failures.merge(family, 1, Integer::sum);
                }
            }
        }
        if (sent == 0 && last != null) {
            throw new ProbeException(prefix() + ": " + Sockets.describe(last, budget));
        }
        return queries;
    }

    /** Takes in one datagram: an answer to one of our queries from one of our servers, or nothing. */
    private void reply(DatagramPacket packet, Map<Integer, Family> queries) {
        if (!(packet.getSocketAddress() instanceof InetSocketAddress from)
                || from.getPort() != 53
                || !servers.contains(from.getAddress())) {
            return;
        }
        Message m;
        try {
            m = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
        } catch (IOException e) {
            return;
        }
        Family family = queries.get(m.getHeader().getID());
        Record question = m.getQuestion();
        if (family == null
                || !m.getHeader().getFlag(Flags.QR)
                || question == null
                || question.getType() != family.type
                || finished(family)) {
            return;
        }
        int rcode = m.getRcode();
        if (rcode == Rcode.NOERROR && !m.getHeader().getFlag(Flags.TC)) {
            AnswerCache.Answer answer = answer(m, question.getName(), family.type);
            known.put(family, answer);
            resolver.remember(egress, host, family, answer);
        } else if (rcode == Rcode.NXDOMAIN) {
            nxdomain = Optional.of(Sockets.text(from.getAddress()));
        } else {
            failures.merge(family, 1, Integer::sum);
            failure = Sockets.text(from.getAddress()) + " answered "
                    + (rcode == Rcode.NOERROR ? "a truncated message" : Rcode.string(rcode));
        }
    }

    private boolean finished(Family family) {
        return known.containsKey(family) || nxdomain.isPresent() || failures.getOrDefault(family, 0) >= servers.size();
    }

    /**
     * The addresses of type {@code type} a reply gives for {@code name}, following its CNAME chain,
     * kept for the shortest TTL on the way; an answer without addresses is kept for the negative
     * TTL of the zone's SOA in the authority section (RFC 2308), or not at all without one.
     */
    static AnswerCache.Answer answer(Message reply, Name name, int type) {
        List<Record> records = reply.getSection(Section.ANSWER);
        long ttl = Long.MAX_VALUE;
        Name owner = name;
        for (int hop = 0; hop < MAX_CNAME_HOPS; hop++) {
            Name current = owner;
            Optional<CNAMERecord> alias = records.stream()
                    .filter(r -> r instanceof CNAMERecord && r.getName().equals(current))
                    .map(r -> (CNAMERecord) r)
                    .findFirst();
            if (alias.isEmpty()) {
                break;
            }
            ttl = Math.min(ttl, alias.get().getTTL());
            owner = alias.get().getTarget();
        }
        Name target = owner;
        List<Record> matching = records.stream()
                .filter(r -> r.getType() == type && r.getName().equals(target))
                .toList();
        List<InetAddress> addresses = matching.stream().map(NameLookup::address).toList();
        if (addresses.isEmpty()) {
            ttl = reply.getSection(Section.AUTHORITY).stream()
                    .filter(r -> r instanceof SOARecord)
                    .map(r -> (SOARecord) r)
                    .mapToLong(soa -> Math.min(soa.getTTL(), soa.getMinimum()))
                    .min()
                    .orElse(0);
        } else {
            ttl = Math.min(
                    ttl, matching.stream().mapToLong(Record::getTTL).min().orElseThrow());
        }
        return new AnswerCache.Answer(addresses, Duration.ofSeconds(ttl));
    }

    private static InetAddress address(Record record) {
        return record instanceof ARecord a ? a.getAddress() : ((AAAARecord) record).getAddress();
    }

    private String prefix() {
        return "name lookup of " + host + " via "
                + (egress.device().isEmpty() ? "the main routing table" : egress.device());
    }

    @Override
    public void close() {
        channel.ifPresent(Sockets::closeQuietly);
    }
}
