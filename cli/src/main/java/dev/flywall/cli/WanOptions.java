package dev.flywall.cli;

import dev.flywall.runtime.api.HistoryRequest;
import dev.flywall.runtime.history.History;
import dev.flywall.runtime.watchdog.Secrets;
import dev.flywall.runtime.watchdog.WatchdogConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --state-dir} and {@code --api}, shared by the {@code wan} commands. The API's address
 * and token come from the applied bundle ({@code current/watchdog.json}), so on the gateway the
 * commands need no options. Nothing here writes to the state directory: these commands only read.
 */
final class WanOptions {

    static final String DEFAULT_API = "http://127.0.0.1:8080";

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            description = "State directory: the applied configuration's API address and token, and history.db"
                    + " (default: /var/lib/flywall).")
    Path stateDir = KernelOptions.DEFAULT_STATE_DIR;

    @Option(
            names = "--api",
            paramLabel = "URL",
            converter = ApiUrl.class,
            description = "The daemon's API, http://HOST:PORT or HOST:PORT (default: api { listen } of the applied"
                    + " configuration, else " + DEFAULT_API + ").")
    URI api;

    Path historyFile() {
        return stateDir.resolve("history.db");
    }

    /** The events {@code request} asks for, read from history.db itself (the daemon may be writing). */
    List<History.Event> readHistory(HistoryRequest request) throws IOException, SQLException {
        try (History history = History.openReadOnly(historyFile())) {
            return history.query(request.since(), request.uplink(), request.limit());
        }
    }

    /** {@code --api}, else the applied bundle's listen address (a wildcard one reached on loopback). */
    /** Renders an API answer as the command prints it; a malformed document is an IOException. */
    @FunctionalInterface
    interface Render {
        String apply(com.fasterxml.jackson.databind.JsonNode body) throws IOException;
    }

    /**
     * GETs {@code path} and prints the rendered answer (exit 0); a refusal or a malformed answer is
     * reported (exit 1); when the daemon does not answer, {@code whenDown} gets the message and
     * decides what else to show and the exit code.
     */
    int show(
            String path,
            java.io.PrintWriter out,
            java.io.PrintWriter err,
            Render render,
            java.util.function.ToIntFunction<String> whenDown)
            throws InterruptedException {
        switch (client().get(path)) {
            case WanApi.Ok ok -> {
                try {
                    out.print(render.apply(ok.body()));
                    return ExitCodes.SUCCESS;
                } catch (IOException e) {
                    err.println("flywall: " + e.getMessage());
                    return ExitCodes.FAILURE;
                }
            }
            case WanApi.Refused r -> {
                err.println("flywall: " + r.message());
                return ExitCodes.FAILURE;
            }
            case WanApi.Unreachable u -> {
                return whenDown.applyAsInt(u.message());
            }
        }
    }

    WanApi client() {
        if (api != null) {
            return new WanApi(api);
        }
        String listen = applied().map(c -> connectable(c.api().listen())).orElse(null);
        return new WanApi(listen == null ? URI.create(DEFAULT_API) : new ApiUrl().convert(listen));
    }

    /** The applied configuration's API token, when this user may read it and its secret resolves. */
    Optional<String> bundleToken() {
        Optional<WatchdogConfig.SecretRef> ref = applied().flatMap(c -> c.api().token());
        if (ref.isEmpty()) {
            return Optional.empty();
        }
        try {
            Path secrets = stateDir.resolve("current").resolve("secrets.json");
            Map<String, String> bundle = Files.isReadable(secrets)
                    ? Map.of("secrets.json", Files.readString(secrets, StandardCharsets.UTF_8))
                    : Map.of();
            return Optional.of(Secrets.of(bundle).resolve(ref.get()));
        } catch (IOException unresolvable) {
            return Optional.empty(); // the API will say a token is needed; the message names --token
        }
    }

    private Optional<WatchdogConfig> applied() {
        try {
            Path watchdog = stateDir.resolve("current").resolve("watchdog.json");
            return Optional.of(WatchdogConfig.parse(Files.readString(watchdog, StandardCharsets.UTF_8)));
        } catch (IOException missingOrUnreadable) {
            return Optional.empty();
        }
    }

    /** An http URL with a host and a port; {@code HOST:PORT} is taken as {@code http://HOST:PORT}. */
    static final class ApiUrl implements ITypeConverter<URI> {
        @Override
        public URI convert(String value) {
            try {
                URI uri = new URI(value.contains("://") ? value : "http://" + value);
                if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
                    throw new URISyntaxException(value, "not http://HOST:PORT");
                }
                return uri;
            } catch (URISyntaxException e) {
                throw new TypeConversionException(
                        "'" + value + "' is not an API address such as http://127.0.0.1:8080");
            }
        }
    }

    /** {@code 0.0.0.0:8080} listens everywhere but is no address to connect to; loopback is. */
    private static String connectable(String listen) {
        if (listen.startsWith("0.0.0.0:")) {
            return "127.0.0.1" + listen.substring("0.0.0.0".length());
        }
        if (listen.startsWith("[::]:")) {
            return "[::1]" + listen.substring("[::]".length());
        }
        return listen;
    }
}
