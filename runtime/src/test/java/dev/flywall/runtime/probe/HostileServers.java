package dev.flywall.runtime.probe;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Servers that lie or stall, on one address of an ISP namespace (created inside it, see
 * {@link ProbeLab#in}): DNS on port 53 whose behaviour depends on the queried name, and on port
 * 443 a "TLS server" that accepts and then drips a plausible TLS record header and body, one byte
 * every {@code dripMillis}, never finishing the handshake.
 *
 * <p>DNS names: {@code echo.example} gets the query back with QR set; {@code other.example} an
 * answer to {@code up.example}; {@code txt.example} a TXT record; {@code stranger.example} an A
 * record of another name; {@code wrongid.example} a good answer with another id; {@code
 * nodata.example} NOERROR with the zone's SOA; {@code nx.example} NXDOMAIN; anything else an A record.
 */
final class HostileServers implements AutoCloseable {

    /** A TLS handshake record header announcing 16 KiB, then the body: the client waits for all of it. */
    private static final byte[] DRIP = {0x16, 0x03, 0x03, 0x3f, (byte) 0xff, 0x02, 0x00, 0x3f, (byte) 0xfb, 0x03, 0x03};

    private final DatagramSocket dns;
    private final ServerSocket tls;
    private final long dripMillis;
    final AtomicInteger dripConnections = new AtomicInteger();
    final AtomicLong drippedBytes = new AtomicLong();

    HostileServers(String address, long dripMillis) throws IOException {
        this.dripMillis = dripMillis;
        InetAddress at = InetAddress.getByName(address);
        dns = new DatagramSocket(new InetSocketAddress(at, 53));
        tls = new ServerSocket();
        tls.bind(new InetSocketAddress(at, 443));
        Thread.ofPlatform().daemon().name("hostile-dns").start(this::serveDns);
        Thread.ofPlatform().daemon().name("hostile-tls").start(this::acceptTls);
    }

    private void serveDns() {
        byte[] buffer = new byte[4096];
        while (!dns.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                dns.receive(packet);
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                byte[] wire = reply(query).toWire();
                dns.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
            } catch (SocketException e) {
                return;
            } catch (IOException e) {
                // malformed: ignored
            }
        }
    }

    private static Message reply(Message query) throws IOException {
        Record question = query.getQuestion();
        Name name = question.getName();
        String label = name.toString();
        if (label.equals("echo.example.")) {
            Message echo = query.clone();
            echo.getHeader().setFlag(Flags.QR);
            return echo;
        }
        Record asked = label.equals("other.example.")
                ? Record.newRecord(Name.fromString("up.example."), Type.A, DClass.IN)
                : question;
        Message reply = new Message(
                label.equals("wrongid.example.")
                        ? (query.getHeader().getID() + 1) & 0xffff
                        : query.getHeader().getID());
        reply.getHeader().setFlag(Flags.QR);
        reply.addRecord(asked, Section.QUESTION);
        InetAddress a = InetAddress.getByName("203.0.113.53");
        switch (label) {
            case "txt.example." ->
                reply.addRecord(new TXTRecord(name, DClass.IN, 60, "no address here"), Section.ANSWER);
            case "stranger.example." ->
                reply.addRecord(new ARecord(Name.fromString("up.example."), DClass.IN, 60, a), Section.ANSWER);
            case "nodata.example." ->
                reply.addRecord(
                        new SOARecord(
                                Name.fromString("example."),
                                DClass.IN,
                                60,
                                Name.fromString("ns.example."),
                                Name.fromString("admin.example."),
                                1,
                                3600,
                                600,
                                86400,
                                30),
                        Section.AUTHORITY);
            case "nx.example." -> reply.getHeader().setRcode(Rcode.NXDOMAIN);
            default -> reply.addRecord(new ARecord(asked.getName(), DClass.IN, 60, a), Section.ANSWER);
        }
        return reply;
    }

    private void acceptTls() {
        while (!tls.isClosed()) {
            try {
                Socket client = tls.accept();
                dripConnections.incrementAndGet();
                Thread.ofVirtual().start(() -> drip(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void drip(Socket client) {
        try (client) {
            OutputStream out = client.getOutputStream();
            for (int i = 0; !tls.isClosed(); i++) {
                out.write(i < DRIP.length ? DRIP[i] : 0);
                out.flush();
                drippedBytes.incrementAndGet();
                Thread.sleep(dripMillis);
            }
        } catch (IOException | InterruptedException e) {
            // the client gave up: what a dripping server wants to see
        }
    }

    @Override
    public void close() throws IOException {
        dns.close();
        tls.close();
    }
}
