package dev.flywall.runtime.notify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * STARTTLS in front of GreenMail, which (as of 2.1.3) has no STARTTLS of its own: greets, offers
 * STARTTLS, upgrades the connection with a certificate made for 127.0.0.1 by keytool, then relays
 * the TLS session's plain text to GreenMail's SMTP port. The client's second EHLO, its AUTH and
 * the message are all answered by GreenMail, so the test sees a real SMTP dialogue over TLS.
 */
final class StartTlsFront implements AutoCloseable {

    private static final String PASSWORD = "changeit";

    private final ServerSocket listener;
    private final SSLContext server;
    private final SSLSocketFactory clientTrust;
    private final int backend;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean upgraded;

    StartTlsFront(Path dir, int backendPort) throws Exception {
        Path store = dir.resolve("smtp.p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "smtp",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=127.0.0.1",
                        "-ext",
                        "SAN=ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        PASSWORD,
                        "-keypass",
                        PASSWORD)
                .redirectErrorStream(true)
                .start();
        String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (keytool.waitFor() != 0) {
            throw new IOException("keytool failed: " + out);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD.toCharArray());
        server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);

        Certificate cert = keys.getCertificate("smtp");
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("smtp", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
        clientTrust = client.getSocketFactory();

        backend = backendPort;
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** A client-side TLS factory that trusts exactly this front's certificate. */
    SSLSocketFactory trustingClient() {
        return clientTrust;
    }

    /** Whether a client completed a TLS handshake after STARTTLS. */
    boolean upgraded() {
        return upgraded;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                open.add(s);
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket plain) {
        try {
            OutputStream out = plain.getOutputStream();
            InputStream in = plain.getInputStream();
            write(out, "220 front ESMTP\r\n");
            while (true) {
                String line = readLine(in);
                if (line == null) {
                    return;
                }
                String verb = line.split(" ", 2)[0].toUpperCase();
                if (verb.equals("EHLO")) {
                    write(out, "250-front\r\n250 STARTTLS\r\n");
                } else if (verb.equals("STARTTLS")) {
                    write(out, "220 ready to start TLS\r\n");
                    break;
                } else {
                    write(out, "530 must issue STARTTLS first\r\n");
                }
            }
            SSLSocket tls = (SSLSocket) server.getSocketFactory().createSocket(plain, null, true);
            tls.setUseClientMode(false);
            tls.startHandshake();
            upgraded = true;
            Socket relay = new Socket(InetAddress.getLoopbackAddress(), backend);
            open.add(relay);
            InputStream fromBackend = relay.getInputStream();
            readLine(fromBackend); // GreenMail's greeting: the client was greeted already
            Thread.ofVirtual().start(() -> pump(tls, relay));
            pump(relay, tls);
        } catch (IOException e) {
            // the client went away or gave up on the handshake
        }
    }

    private static void pump(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // one side closed
        } finally {
            try {
                to.close();
                from.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                return line.toString(StandardCharsets.US_ASCII).strip();
            }
            line.write(b);
        }
        return null;
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
