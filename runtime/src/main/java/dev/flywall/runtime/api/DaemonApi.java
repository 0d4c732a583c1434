package dev.flywall.runtime.api;

import dev.flywall.runtime.daemon.Daemon;
import dev.flywall.runtime.history.History;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The API of a running daemon: served with the installed bundle's {@code api { listen, token }},
 * and given the new ones after every reload (SIGHUP after {@code flywall apply}), so a rotated
 * token holds at once (a leaked one is useless without a restart) and the API listens where
 * {@code flywall wan}, which reads the installed bundle, looks for it.
 */
public final class DaemonApi implements AutoCloseable {

    /** Rebinding closes the old listener: never on the engine thread that completes the reload. */
    private static final Executor APART =
            work -> Thread.ofVirtual().name("flywall-api-reload").start(work);

    private final Daemon daemon;
    private final ApiServer server;
    private final Consumer<String> log;

    private DaemonApi(Daemon daemon, ApiServer server, Consumer<String> log) {
        this.daemon = daemon;
        this.server = server;
        this.log = log;
    }

    /**
     * Serves the daemon's API within {@link ApiLimits#DEFAULT}. An unusable address or token is an
     * {@link IOException} or {@link IllegalArgumentException} that says why.
     */
    public static DaemonApi start(Daemon daemon, History history, Consumer<String> log) throws IOException {
        ApiServer server = new ApiServer(
                ApiAccess.of(daemon.api(), daemon.secrets()), ApiLimits.DEFAULT, daemon, history, daemon.series());
        server.start();
        log.accept("API on http://" + Listen.format(server.listen()));
        return new DaemonApi(daemon, server, log);
    }

    /**
     * Reloads the daemon, then takes the new bundle's API settings. Completes when both are done;
     * exceptionally when the daemon kept its configuration, or the API kept its address (the new
     * token applies even then) — each logged with the reason.
     */
    public CompletableFuture<Void> reload() {
        return daemon.reload().thenRunAsync(this::follow, APART);
    }

    private void follow() {
        ApiAccess next;
        try {
            next = ApiAccess.of(daemon.api(), daemon.secrets());
        } catch (IOException | IllegalArgumentException e) {
            log.accept("the API keeps its address and token: " + e.getMessage());
            throw new IllegalStateException(e.getMessage(), e);
        }
        String before = Listen.format(server.listen());
        try {
            server.reconfigure(next);
        } catch (IOException e) {
            log.accept(e.getMessage());
            throw new UncheckedIOException(e);
        }
        String after = Listen.format(server.listen());
        log.accept(
                before.equals(after)
                        ? "API settings reloaded (still on http://" + after + ")"
                        : "API moved from http://" + before + " to http://" + after);
    }

    /** The port the API listens on now. */
    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
