package dev.flywall.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.runtime.history.History;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API under hostile clients (reads need no token, so anyone who connects is one): an
 * idle-connection flood, a dripping request, oversized heads and bodies. Each must cost the daemon
 * a bounded number of connections and bytes, and a real client must still be answered.
 */
class ApiListenerTest {

    private static final ApiLimits QUICK =
            new ApiLimits(64, 8 * 1024, 64, 16 * 1024, Duration.ofMillis(600), Duration.ofSeconds(5));

    @TempDir
    Path dir;

    private final FakeDaemon daemon = new FakeDaemon();
    private final List<Socket> clients = new ArrayList<>();
    private History history;
    private ApiServer server;

    @BeforeEach
    void start() throws Exception {
        history = History.open(dir.resolve("history.db"));
    }

    @AfterEach
    void stop() throws Exception {
        for (Socket s : clients) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
        history.close();
    }

    private ApiServer serve(ApiLimits limits) throws IOException {
        server = new ApiServer(
                new ApiAccess(new InetSocketAddress("127.0.0.1", 0), Optional.of("t")), limits, daemon, history);
        server.start();
        return server;
    }

    @Test
    void twoThousandIdleConnectionsLeaveStatusAnsweringWithinASecondAndTheHeapBounded() throws Exception {
        serve(ApiLimits.DEFAULT);
        HttpClient http = HttpClient.newHttpClient();
        long quietMs = timedStatus(http, Duration.ofSeconds(10)).elapsedMs(); // also loads the HTTP client's classes
        long heapBefore = heapAfterGc();
        for (int i = 0; i < 2000; i++) {
            Socket s = new Socket("127.0.0.1", server.port());
            clients.add(s);
            // a partial request: the head never ends
            s.getOutputStream()
                    .write("GET /api/wan/status HTTP/1.1\r\nHost: flood\r\n".getBytes(StandardCharsets.US_ASCII));
        }

        Timed status = timedStatus(http, Duration.ofSeconds(1));
        long answeredMs = status.elapsedMs();
        long heapGrowth = heapAfterGc() - heapBefore;
        long stillOpen = clients.stream().filter(ApiListenerTest::open).count();
        System.out.printf(
                "idle flood: 2000 partial requests; status answered in %d ms (%d ms without the flood);"
                        + " %d held by the server, %d client sockets still open; heap +%d KiB%n",
                answeredMs, quietMs, server.openConnections(), stillOpen, heapGrowth / 1024);

        assertThat(status.response().statusCode()).isEqualTo(200);
        assertThat(status.response().body()).contains("\"config_hash\"");
        assertThat(answeredMs).isLessThan(1000);
        assertThat(server.openConnections()).isLessThanOrEqualTo(ApiLimits.DEFAULT.connections());
        assertThat(stillOpen)
                .as("connections the server still holds")
                .isLessThanOrEqualTo(ApiLimits.DEFAULT.connections());
        assertThat(heapGrowth).as("heap growth in bytes").isLessThan(16L * 1024 * 1024);
    }

    @Test
    void aDrippingRequestIsCutAtTheRequestTime() throws Exception {
        serve(QUICK);
        Socket s = connect();
        long started = System.nanoTime();
        OutputStream out = s.getOutputStream();
        try {
            // one byte every 100 ms, until the server answers
            for (int i = 0; i < 100 && s.getInputStream().available() == 0; i++) {
                out.write(
                        i == 0
                                ? "GET /api/wan/status HTTP/1.1\r\nX-Padding: ".getBytes(StandardCharsets.US_ASCII)
                                : new byte[] {'a'});
                out.flush();
                Thread.sleep(100);
            }
        } catch (IOException closedByTheServer) {
            // expected once the request time is over
        }
        String answer = readAll(s);
        long ms = (System.nanoTime() - started) / 1_000_000;

        assertThat(answer)
                .startsWith("HTTP/1.1 408 Request Timeout\r\n")
                .contains("{\n  \"error\" : \"the request did not arrive within 600 ms\"\n}");
        assertThat(ms).isBetween(500L, 3000L);
    }

    @Test
    void oversizedOrMalformedRequestsAreRefusedWithTheirStatus() throws Exception {
        serve(ApiLimits.DEFAULT);
        assertThat(raw("GET /api/wan/status HTTP/1.1\r\nX-Big: " + "a".repeat(9000) + "\r\n\r\n"))
                .startsWith("HTTP/1.1 431 ")
                .contains("the request line and headers are larger than 8192 bytes");
        StringBuilder many = new StringBuilder("GET /metrics HTTP/1.1\r\n");
        for (int i = 0; i < 65; i++) {
            many.append("X-").append(i).append(": 1\r\n");
        }
        assertThat(raw(many + "\r\n")).startsWith("HTTP/1.1 431 ").contains("the request has more than 64 headers");
        assertThat(raw("POST /api/wan/pin HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"))
                .startsWith("HTTP/1.1 411 ")
                .contains("send the body with Content-Length");
        assertThat(raw("POST /api/wan/pin HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n"))
                .startsWith("HTTP/1.1 413 ")
                .contains("the request body is larger than 16 KiB");
        assertThat(raw("POST /api/wan/pin HTTP/1.1\r\nContent-Length: -1\r\n\r\n"))
                .startsWith("HTTP/1.1 400 ")
                .contains("Content-Length is not a number: -1");
        assertThat(raw("HELLO\u0000\u0001\r\n\r\n"))
                .startsWith("HTTP/1.1 400 ")
                .contains("not an HTTP/1.1 request line: HELLO??");
        assertThat(raw("GET /a b HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 400 ");
    }

    @Test
    void aWholeRequestInPiecesWithBareNewlinesIsServed() throws Exception {
        serve(ApiLimits.DEFAULT);
        Socket s = connect();
        String body = "{\"uplink\": \"eth1\", \"group\": \"backup\"}";
        s.getOutputStream()
                .write(("POST /api/wan/pin HTTP/1.0\nAuthorization: Bearer t\nContent-Length: " + body.length() + "\n\n"
                                + body.substring(0, 10))
                        .getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        Thread.sleep(50);
        s.getOutputStream().write(body.substring(10).getBytes(StandardCharsets.US_ASCII));

        String answer = readAll(s);

        assertThat(answer)
                .startsWith("HTTP/1.1 200 OK\r\n")
                .contains("Connection: close\r\n", "\"pinned\" : [ \"backup\" ]");
        assertThat(daemon.pins()).containsEntry("backup", Optional.of("eth1"));
    }

    private record Timed(HttpResponse<String> response, long elapsedMs) {}

    private Timed timedStatus(HttpClient http, Duration timeout) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/wan/status"))
                        .timeout(timeout)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new Timed(response, (System.nanoTime() - started) / 1_000_000);
    }

    private String raw(String request) throws IOException {
        Socket s = connect();
        s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        return readAll(s);
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(5000);
        clients.add(s);
        return s;
    }

    private static String readAll(Socket s) throws IOException {
        return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Whether the server still holds the connection: a read neither ends nor fails, it waits. */
    private static boolean open(Socket s) {
        try {
            s.setSoTimeout(1);
            InputStream in = s.getInputStream();
            return in.read() >= 0;
        } catch (SocketTimeoutException waiting) {
            return true;
        } catch (IOException reset) {
            return false;
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
