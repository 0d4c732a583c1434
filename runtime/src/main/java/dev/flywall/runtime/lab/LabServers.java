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
import org.xbill.DNS.AAAARecord;
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
 * port 80 (each health-check path answers its expected status, {@code /whoami} the ISP's uplink
 * name — so a client sees which uplink its connection left by — others 200), the TCP ports the
 * health checks connect to, echo on TCP port 7, a webhook receiver ({@code POST /webhook/...}), a
 * mail sink on port 25, and DNS on port 53 (an A record for every name, and an AAAA record when
 * the lab has IPv6 internet hosts). Every server listens on IPv4 and IPv6. Ping is the kernel's.
 */
public final class LabServers implements AutoCloseable {

    private final List<AutoCloseable> open = new ArrayList<>();

    /**
     * @param received where webhook POSTs ({@code /webhook/...}) and mails are appended, one per
     *     line, so tests and users can see the notifications arrive
     */
    public LabServers(
            String uplink,
            Map<String, Integer> httpStatuses,
            List<Integer> tcpPorts,
            String answer,
            String answer6,
            java.nio.file.Path received)
            throws IOException {
        byte[] whoami = (uplink + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        HttpServer http = HttpServer.create(new InetSocketAddress(80), 64);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (exchange.getRequestMethod().equals("POST") && path.startsWith("/webhook/")) {
                String body =
                        new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                append(received, "webhook " + path + " " + body.replace('\n', ' '));
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
                return;
            }
            if (path.equals("/whoami")) {
                exchange.sendResponseHeaders(200, whoami.length);
                exchange.getResponseBody().write(whoami);
                exchange.close();
                return;
            }
            int status = httpStatuses.getOrDefault(path, 200);
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
        ServerSocket smtp = new ServerSocket(25, 16);
        open.add(smtp);
        Thread.ofVirtual().start(() -> {
            while (!smtp.isClosed()) {
                try {
                    Socket s = smtp.accept();
                    Thread.ofVirtual().start(() -> smtpSession(s, received));
                } catch (IOException e) {
                    return;
                }
            }
        });
        DatagramSocket dns = new DatagramSocket(53);
        open.add(dns);
        Thread.ofPlatform().daemon().name("lab-dns").start(() -> serveDns(dns, answer, answer6));
    }

    /** A mail sink: enough SMTP (with AUTH PLAIN/LOGIN accepted) to take a message and record it. */
    private static void smtpSession(Socket socket, java.nio.file.Path received) {
        try (socket;
                var in = new java.io.BufferedReader(new java.io.InputStreamReader(
                        socket.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
                var out = new java.io.PrintWriter(
                        socket.getOutputStream(), true, java.nio.charset.StandardCharsets.UTF_8)) {
            socket.setSoTimeout(10_000);
            reply(out, "220 lab.example ESMTP flywall lab");
            StringBuilder mail = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : line;
                switch (verb) {
                    case "EHLO" -> reply(out, "250-lab.example\r\n250 AUTH PLAIN LOGIN");
                    case "HELO" -> reply(out, "250 lab.example");
                    case "AUTH" -> {
                        if (line.toUpperCase(java.util.Locale.ROOT).startsWith("AUTH LOGIN")) {
                            reply(out, "334 VXNlcm5hbWU6");
                            in.readLine();
                            reply(out, "334 UGFzc3dvcmQ6");
                            in.readLine();
                        }
                        reply(out, "235 accepted");
                    }
                    case "MAIL", "RCPT" -> {
                        mail.append(line).append(' ');
                        reply(out, "250 ok");
                    }
                    case "DATA" -> {
                        reply(out, "354 go ahead");
                        String data;
                        while ((data = in.readLine()) != null && !data.equals(".")) {
                            if (data.startsWith("Subject:")) {
                                mail.append(data).append(' ');
                            }
                        }
                        append(received, "mail " + mail.toString().strip());
                        mail.setLength(0);
                        reply(out, "250 queued");
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "250 ok");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void reply(java.io.PrintWriter out, String text) {
        out.print(text + "\r\n");
        out.flush();
    }

    private static synchronized void append(java.nio.file.Path file, String line) {
        try {
            java.nio.file.Files.writeString(
                    file,
                    line + "\n",
                    java.nio.charset.StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the lab directory went away: the lab is being torn down
        }
    }

    private static void serveDns(DatagramSocket socket, String answer, String answer6) {
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
                        reply.addRecord(
                                new ARecord(name, DClass.IN, 60, java.net.InetAddress.getByName(answer)),
                                Section.ANSWER);
                    } else if (question.getType() == Type.AAAA && !answer6.isEmpty()) {
                        reply.addRecord(
                                new AAAARecord(
                                        question.getName(), DClass.IN, 60, java.net.InetAddress.getByName(answer6)),
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
