package dev.flywall.runtime.probe;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The "internet" services of one ISP namespace, on every address of it: HTTP on 80
 * ({@code /generate_204} answers 204, {@code /broken} 503, {@code /named} 204 only with the
 * header {@code Host: www.example}, else 421), HTTPS on 443 with the lab's certificate, and DNS on
 * port 53 of the given addresses ({@code up.example.} resolves, {@code www.example.} has this ISP's
 * own A record and no AAAA, {@code v6.example.} only an AAAA record (2001:db8:ff::1),
 * {@code refused.example.} is REFUSED, anything else NXDOMAIN). Created
 * inside the namespace (see {@link ProbeLab#in}), so its sockets live there.
 */
final class IspServers implements AutoCloseable {

    private final HttpServer http;
    private final HttpsServer https;
    private final List<DatagramSocket> dns = new ArrayList<>();
    private final List<Thread> dnsThreads = new ArrayList<>();

    /** www.example is 203.0.113.1; DNS on 203.0.113.1 and 2001:db8:ff::1. */
    IspServers(SSLContext tls) throws IOException {
        this(tls, "203.0.113.1", List.of("203.0.113.1", "2001:db8:ff::1"));
    }

    /** This ISP's DNS servers on {@code dnsAddresses} answer www.example with {@code www}. */
    IspServers(SSLContext tls, String www, List<String> dnsAddresses) throws IOException {
        InetAddress wwwAddress = InetAddress.getByName(www);
        System.setProperty("sun.net.httpserver.nodelay", "true");
        http = HttpServer.create(new InetSocketAddress(80), 50);
        https = HttpsServer.create(new InetSocketAddress(443), 50);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        for (HttpServer server : new HttpServer[] {http, https}) {
            server.createContext("/", exchange -> {
                int status = switch (exchange.getRequestURI().getPath()) {
                    case "/generate_204" -> 204;
                    case "/named" ->
                        "www.example".equals(exchange.getRequestHeaders().getFirst("Host")) ? 204 : 421;
                    case "/broken" -> 503;
                    default -> 200;
                };
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
        }
        // one socket per address, as DNS servers do: a wildcard socket would answer from the
        // ISP's eth0 address, and the probe's connected socket would rightly ignore that
        for (String address : dnsAddresses) {
            DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(address), 53));
            dns.add(socket);
            dnsThreads.add(Thread.ofPlatform().daemon().name("lab-dns").start(() -> serveDns(socket, wwwAddress)));
        }
    }

    private static void serveDns(DatagramSocket dns, InetAddress www) {
        byte[] buffer = new byte[4096];
        while (!dns.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                dns.receive(packet);
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                byte[] wire = answer(query, www).toWire();
                dns.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
            } catch (SocketException e) {
                return; // closed
            } catch (IOException e) {
                // a malformed query: ignore it, like a real server
            }
        }
    }

    private static Message answer(Message query, InetAddress www) throws IOException {
        Message reply = new Message(query.getHeader().getID());
        reply.getHeader().setFlag(Flags.QR);
        reply.addRecord(query.getQuestion(), Section.QUESTION);
        Name name = query.getQuestion().getName();
        switch (name.toString()) {
            case "up.example." ->
                reply.addRecord(
                        new ARecord(name, DClass.IN, 60, InetAddress.getByName("203.0.113.53")), Section.ANSWER);
            case "www.example." -> {
                if (query.getQuestion().getType() == Type.A) {
                    reply.addRecord(new ARecord(name, DClass.IN, 60, www), Section.ANSWER);
                } else {
                    noSuchRecord(reply);
                }
            }
            case "v6.example." -> {
                if (query.getQuestion().getType() == Type.AAAA) {
                    reply.addRecord(
                            new AAAARecord(name, DClass.IN, 60, InetAddress.getByName("2001:db8:ff::1")),
                            Section.ANSWER);
                } else {
                    noSuchRecord(reply);
                }
            }
            case "refused.example." -> reply.getHeader().setRcode(Rcode.REFUSED);
            default -> reply.getHeader().setRcode(Rcode.NXDOMAIN);
        }
        return reply;
    }

    /** No record of the asked type: NOERROR, and the zone's SOA for the negative TTL. */
    private static void noSuchRecord(Message reply) throws IOException {
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
    }

    @Override
    public void close() throws InterruptedException {
        http.stop(0);
        https.stop(0);
        for (DatagramSocket socket : dns) {
            socket.close();
        }
        for (Thread thread : dnsThreads) {
            thread.join();
        }
    }
}
