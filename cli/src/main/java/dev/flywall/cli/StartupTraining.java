package dev.flywall.cli;

import com.sun.net.httpserver.HttpServer;
import dev.flywall.runtime.api.ApiJson;
import dev.flywall.runtime.engine.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The training run of the start-up archive: the {@code flywall} launcher runs this main once per
 * jar (and JDK) with {@code -XX:ArchiveClassesAtExit} (or {@code -XX:AOTCacheOutput}), so the
 * classes the short commands load — picocli, the parser, the diagnostics, the API client — are
 * mapped from the archive instead of being read from the jar and verified on every start. It
 * runs the commands people run most, on examples/dual-wan.hcl and against a stand-in daemon API, through {@link
 * Main#run}; it prints nothing and changes nothing.
 */
public final class StartupTraining {

    /** examples/dual-wan.hcl, which the build copies into the jar (cli/pom.xml). */
    private static final String CONFIG = "dual-wan.hcl";

    /** The time in the stand-in daemon's status. */
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    private StartupTraining() {}

    /**
     * Trains for {@code wan} (the {@code wan} commands: the launcher gives them an archive of
     * their own, since an AOT cache loads every class it holds at start, and theirs are the API
     * client and Jackson, not the parser), for {@code config} (everything else), or without an
     * argument for both. With {@code --serve}, it only runs the stand-in daemon API and prints its
     * port (bench/run-startup.sh measures {@code wan status} against it) until killed.
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length == 1 && args[0].equals("--serve")) {
            HttpServer daemon = answeringDaemon();
            System.out.println(daemon.getAddress().getPort());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
        boolean wan = args.length == 0 || args[0].equals("wan");
        boolean rest = args.length == 0 || args[0].equals("config");
        if (!wan && !rest) {
            throw new IllegalArgumentException("usage: StartupTraining [wan|config|--serve]");
        }
        byte[] config;
        try (InputStream in = StartupTraining.class.getResourceAsStream(CONFIG)) {
            if (in == null) {
                throw new IOException(CONFIG + " is missing from the flywall jar");
            }
            config = in.readAllBytes();
        }
        Path empty = Files.createTempDirectory("flywall-training-");
        HttpServer daemon = answeringDaemon();
        try {
            String api = "http://127.0.0.1:" + daemon.getAddress().getPort();
            List<List<String>> commands = new ArrayList<>();
            if (rest) {
                commands.addAll(List.of(
                        List.of("version"),
                        List.of("--help"),
                        List.of("lint", "-"),
                        List.of("lint", "--format", "json", "-"),
                        List.of("fmt", "--check", "-")));
            }
            if (wan) {
                commands.addAll(List.of(
                        // no daemon: a state directory without a bundle, and a port nothing listens on
                        List.of("wan", "status", "--state-dir", empty.toString(), "--api", "127.0.0.1:1"),
                        // and with one: the API client, Jackson, the tables
                        List.of("wan", "status", "--api", api)));
            }
            for (List<String> command : commands) {
                PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
                Main.run(command.toArray(String[]::new), new ByteArrayInputStream(config), nowhere, nowhere);
            }
        } finally {
            daemon.stop(0);
            try {
                Files.deleteIfExists(empty);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * A stand-in for the daemon's API on a free loopback port, answering {@code GET
     * /api/wan/status} with a two-uplink status in the API's own JSON ({@link ApiJson}).
     */
    private static HttpServer answeringDaemon() throws IOException {
        Status status = new Status(
                AT,
                "sha256:training",
                AT,
                List.of(uplink("eth0", "up", 1, Optional.of(12.5)), uplink("eth1", "down", 2, Optional.empty())),
                List.of(new Status.GroupStatus(
                        "default",
                        "failover",
                        List.of("eth0", "eth1"),
                        List.of("eth0"),
                        Optional.empty(),
                        false,
                        false,
                        Optional.empty())),
                1);
        byte[] body = ApiJson.status(status).toString().getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/wan/status", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static Status.UplinkStatus uplink(String name, String state, int priority, Optional<Double> rtt) {
        return new Status.UplinkStatus(
                name,
                name,
                state,
                priority,
                AT,
                "training",
                rtt,
                rtt.map(r -> 1.0),
                rtt.isPresent() ? 0.0 : 100.0,
                100,
                rtt.isPresent() ? 0 : 100,
                true,
                Optional.empty(),
                Optional.empty());
    }
}
