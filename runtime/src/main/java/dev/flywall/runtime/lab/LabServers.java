package dev.flywall.runtime.lab;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The "internet" hosts of a lab ISP, run inside its namespace by {@code flywall lab serve}: HTTP on
 * port 80 (each health-check path answers its expected status, others 200), the TCP ports the
 * health checks connect to, echo on TCP port 7, and DNS on port 53 (an A record for every name). Ping is the kernel's.
 */
public final class LabServers implements AutoCloseable {

    private final List<AutoCloseable> open = new ArrayList<>();

    public LabServers(Map<String, Integer> httpStatuses, List<Integer> tcpPorts, String answer) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(80), 64);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.createContext("/", exchange -> {
            int status = httpStatuses.getOrDefault(exchange.getRequestURI().getPath(), 200);
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        http.start();
        open.add(() -> http.stop(0));
        for (int port : tcpPorts) {
            if (port == 80) {
                continue;
            }
            ServerSocket server = new ServerSocket(port, 64);
            open.add(server);
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        s.getOutputStream().flush();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }
        // echo on TCP port 7: long-lived sessions for the failback tests
        ServerSocket echo = new ServerSocket(7, 64);
        open.add(echo);
        Thread.ofVirtual().start(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Thread.ofVirtual().start(() -> {
                        try (s) {
                            s.getInputStream().transferTo(s.getOutputStream());
                        } catch (IOException e) {
                            // the client went away
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        DatagramSocket dns = new DatagramSocket(53);
        open.add(dns);
        Thread.ofPlatform().daemon().name("lab-dns").start(() -> serveDns(dns, answer));
    }

    private static void serveDns(DatagramSocket socket, String answer) {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                Message reply = new Message(query.getHeader().getID());
                reply.getHeader().setFlag(Flags.QR);
                reply.getHeader().setFlag(Flags.RA);
                reply.getHeader().setRcode(Rcode.NOERROR);
                Record question = query.getQuestion();
                if (question != null) {
                    reply.addRecord(question, Section.QUESTION);
                    if (question.getType() == Type.A) {
                        Name name = question.getName();
                        reply.addRecord(new ARecord(name, DClass.IN, 60, java.net.InetAddress.getByName(answer)),
                                Section.ANSWER);
                    }
                }
                byte[] out = reply.toWire();
                socket.send(new DatagramPacket(out, out.length, packet.getSocketAddress()));
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception e) {
                // closing on the way out
            }
        }
    }
}
