package dev.flywall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The client side of the daemon's API: what each kind of answer, or its absence, comes to. */
class WanApiTest {

    @Test
    void anAnswerARefusalAndWhatWasSent() throws Exception {
        AtomicReference<String> seen = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                seen.set(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                        + exchange.getRequestHeaders().getFirst("Authorization") + " "
                        + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                        + new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            boolean ok = exchange.getRequestMethod().equals("GET");
            byte[] body = (ok ? "{\"groups\":[]}" : "{\"error\":\"no such group\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ok ? 200 : 404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            WanApi api = new WanApi(
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
            assertThat(api.get("/api/wan/status?x=1"))
                    .isInstanceOfSatisfying(
                            WanApi.Ok.class,
                            ok -> assertThat(ok.body().has("groups")).isTrue());
            assertThat(seen.get()).isEqualTo("GET /api/wan/status?x=1 null null ");

            WanApi.Reply reply =
                    api.post("/api/wan/pin", new ObjectMapper().readTree("{\"group\":\"g\"}"), Optional.of("s3cret"));
            assertThat(reply).isEqualTo(new WanApi.Refused(404, "no such group"));
            assertThat(seen.get()).isEqualTo("POST /api/wan/pin Bearer s3cret application/json {\"group\":\"g\"}");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aDaemonThatAcceptsButNeverAnswersIsNotAnswering() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread holder = Thread.ofVirtual().start(() -> {
                try (Socket held = silent.accept();
                        Socket second = silent.accept()) {
                    Thread.sleep(5_000);
                } catch (IOException | InterruptedException e) {
                    // the test is over
                }
            });
            WanApi api = new WanApi(URI.create("http://127.0.0.1:" + silent.getLocalPort()), Duration.ofMillis(300));
            assertThat(api.get("/api/wan/status"))
                    .isEqualTo(new WanApi.Unreachable("the daemon is not answering (nothing within 300ms on 127.0.0.1:"
                            + silent.getLocalPort() + ")"));
            holder.interrupt();
        }
    }

    @Test
    void nothingListeningIsNotRunning() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        assertThat(new WanApi(URI.create("http://127.0.0.1:" + port)).get("/api/wan/status"))
                .isEqualTo(new WanApi.Unreachable("the daemon is not running (no answer on 127.0.0.1:" + port + ")"));
    }
}
