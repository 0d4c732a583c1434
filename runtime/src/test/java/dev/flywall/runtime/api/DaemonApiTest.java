package dev.flywall.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.Compiler;
import dev.flywall.runtime.apply.Kernel;
import dev.flywall.runtime.apply.StateDir;
import dev.flywall.runtime.daemon.Daemon;
import dev.flywall.runtime.engine.StateMachine;
import dev.flywall.runtime.history.History;
import dev.flywall.source.SourceFile;
import dev.flywall.testing.NeedsRoot;
import dev.flywall.testing.NeedsTools;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real daemon (its kernel a scratch network namespace) and its API: after {@code flywall apply}
 * installs a bundle with another {@code api { listen, token }} and the daemon reloads (SIGHUP),
 * the API answers on the new address only and takes the new token only; a flood of idle
 * connections slows the API at most, never the probes or the engine. Needs root, nft and ip;
 * skipped with the reason printed otherwise.
 */
@NeedsRoot
@NeedsTools({"nft", "ip"})
class DaemonApiTest {

    private static final String CONFIG = """
            interface "eth0" {
              zone    = "WAN"
              address = "192.0.2.7/24"
              gateway = "192.0.2.1"
              wan { priority = 1 }
            }
            uplink_group "default" {
              member "eth0" {
                health_check {
                  targets  = ["192.0.2.1"]
                  interval = "200ms"
                  timeout  = "100ms"
                }
              }
            }
            api {
              listen = "127.0.0.1:%d"
              token  = "%s"
            }
            """;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path state;

    private String ns;
    private Kernel kernel;
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final AtomicInteger rounds = new AtomicInteger();

    @BeforeEach
    void namespace() throws Exception {
        Kernel host = new Kernel(Optional.empty());
        ns = "fwapi-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100000;
        host.run("", "ip", "netns", "add", ns);
        kernel = new Kernel(Optional.of(ns));
        kernel.run("", "ip", "link", "set", "lo", "up");
        kernel.run("", "ip", "link", "add", "eth0", "type", "veth", "peer", "name", "peth0");
        kernel.run("", "ip", "link", "set", "peth0", "up");
        kernel.run("", "ip", "link", "set", "eth0", "up");
        kernel.run("", "ip", "addr", "add", "192.0.2.7/24", "dev", "eth0");
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (ns != null) {
            new Kernel(Optional.empty()).run("", "ip", "netns", "del", ns);
        }
    }

    /** What {@code flywall apply} does to the kernel and the state directory. */
    private void apply(int port, String token) throws Exception {
        Compiler.Artifacts bundle = Compiler.compile(
                        List.of(new SourceFile("api.hcl", CONFIG.formatted(port, token))), Map.of())
                .artifacts()
                .orElseThrow();
        assertThat(kernel.run(bundle.rulesetNft(), "nft", "-f", "-").ok()).isTrue();
        StateDir.open(state).install(bundle.files());
    }

    private Daemon daemon() throws Exception {
        Daemon daemon = new Daemon(
                state,
                kernel,
                (uplink, source, check) -> {
                    rounds.incrementAndGet();
                    return check.probeTargets().stream()
                            .map(t -> StateMachine.Sample.ok(t, Duration.ofMillis(2)))
                            .toList();
                },
                (config, secrets) -> new Daemon.EventSink() {
                    @Override
                    public void accept(History.Event e) {}

                    @Override
                    public void close() {}
                },
                Clock.systemUTC(),
                logged::add);
        daemon.start();
        return daemon;
    }

    @Test
    void aReloadMovesTheApiToItsNewAddressAndTakesTheNewTokenOnly() throws Exception {
        int first = freePort();
        apply(first, "leaked-token");
        Daemon daemon = daemon();
        try (daemon;
                History history = History.openReadOnly(daemon.historyFile());
                DaemonApi api = DaemonApi.start(daemon, history, logged::add)) {
            assertThat(unpin(first, "leaked-token")).isEqualTo(200);

            int second = freePort();
            apply(second, "rotated-token");
            api.reload().get(10, TimeUnit.SECONDS);

            assertThat(api.port()).isEqualTo(second);
            assertThat(refusedWithinASecond(first))
                    .as("the old address refuses connections")
                    .isTrue();
            assertThat(unpin(second, "leaked-token")).isEqualTo(401);
            assertThat(unpin(second, "rotated-token")).isEqualTo(200);
            assertThat(logged).contains("API moved from http://127.0.0.1:" + first + " to http://127.0.0.1:" + second);
        }
    }

    @Test
    void anIdleConnectionFloodLeavesTheProbesAndTheEngineRunning() throws Exception {
        int port = freePort();
        apply(port, "t");
        Daemon daemon = daemon();
        List<Socket> flood = new ArrayList<>();
        try (daemon;
                History history = History.openReadOnly(daemon.historyFile());
                DaemonApi api = DaemonApi.start(daemon, history, logged::add)) {
            for (int i = 0; i < 2000; i++) {
                Socket s = new Socket("127.0.0.1", port);
                flood.add(s);
                s.getOutputStream().write("GET /metrics HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            int before = rounds.get();
            Thread.sleep(1000);
            int during = rounds.get() - before;
            HttpResponse<String> status = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/wan/status"))
                            .timeout(Duration.ofSeconds(1))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            System.out.printf("daemon under an idle flood of 2000: %d probe rounds in 1 s (interval 200ms)%n", during);

            assertThat(during)
                    .as("probe rounds in one second at a 200 ms interval")
                    .isGreaterThanOrEqualTo(3);
            assertThat(Duration.between(daemon.status().at(), Instant.now()))
                    .as("age of the engine's last status")
                    .isLessThan(Duration.ofSeconds(1));
            assertThat(status.statusCode()).isEqualTo(200);
        } finally {
            for (Socket s : flood) {
                s.close();
            }
        }
    }

    /**
     * Whether connections to the port are refused within a second. Right after a rebind, a connect
     * to the old port was seen to succeed once in a while (then reset) when thousands of sockets
     * had just been closed by the test before; the old address must stop answering, not at once.
     */
    static boolean refusedWithinASecond(int port) throws Exception {
        long end = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < end) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                Thread.sleep(20);
            } catch (ConnectException refused) {
                return true;
            }
        }
        return false;
    }

    private static int unpin(int port, String token) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/wan/unpin"))
                                .header("Authorization", "Bearer " + token)
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static int freePort() throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
