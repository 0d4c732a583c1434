package dev.flywall.runtime.probe;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * An A query to the target's port 53 over UDP. dnsjava builds and parses the messages; the socket
 * is our own, because dnsjava's resolvers can bind an address but not a device.
 *
 * <p>Good when the server answers NOERROR or NXDOMAIN: either proves a resolver is reachable and
 * working through this WAN. SERVFAIL, REFUSED and the like fail the probe.
 *
 * <p>Only a real answer counts (RFC 1035 §7.3): the reply must carry our id and the QR bit (anything
 * else is a stray datagram, ignored), repeat our one question (name, type, class), and — for
 * NOERROR — hold an A or CNAME record owned by the queried name, or a negative answer (the zone's
 * SOA in the authority section). A server that merely echoes the query with QR set, answers
 * another question or returns records of another name or type fails the probe: it proves no
 * working resolver.
 */
final class DnsProbe implements Probe {

    private final String target;
    private final InetSocketAddress server;
    private final DatagramChannel channel;
    private final Message query;

    DnsProbe(String target, InetAddress address, String name, Egress egress) throws ProbeException {
        this.target = target;
        try {
            this.query = Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), Type.A, DClass.IN));
        } catch (TextParseException e) {
            throw new ProbeException("invalid DNS name " + name);
        }
        DatagramChannel opened;
        try {
            opened = DatagramChannel.open(Sockets.family(address));
        } catch (IOException e) {
            throw new ProbeException("cannot open a UDP socket: " + e.getMessage());
        }
        this.server = new InetSocketAddress(address, 53);
        this.channel = Sockets.pinned(opened, egress, Optional.of(address));
    }

    @Override
    public ProbeResult run(Budget budget) {
        long start = System.nanoTime();
        try {
            // connected: only the server's datagrams arrive, and its ICMP port unreachable is reported
            channel.connect(server);
            channel.write(ByteBuffer.wrap(query.toWire()));
            DatagramPacket packet = new DatagramPacket(new byte[4096], 4096);
            while (true) {
                int wait = budget.remainingMillis();
                if (wait == 0) {
                    return ProbeResult.failed(target, budget.timeoutError());
                }
                channel.socket().setSoTimeout(wait);
                channel.socket().receive(packet);
                Optional<Message> reply = reply(packet);
                if (reply.isPresent()) {
                    Optional<String> wrong = DnsAnswer.defect(query, reply.get());
                    return wrong.isEmpty()
                            ? ProbeResult.answered(target, Probes.elapsed(start))
                            : ProbeResult.failed(target, wrong.get());
                }
            }
        } catch (IOException e) {
            return ProbeResult.failed(target, Sockets.describe(e, budget));
        }
    }

    /** The answer to our query; empty for a stray or malformed datagram. */
    private Optional<Message> reply(DatagramPacket packet) {
        try {
            Message m = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
            boolean ours = m.getHeader().getID() == query.getHeader().getID()
                    && m.getHeader().getFlag(Flags.QR);
            return ours ? Optional.of(m) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        Sockets.closeQuietly(channel);
    }
}
