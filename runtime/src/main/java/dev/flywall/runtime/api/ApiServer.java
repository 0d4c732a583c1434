package dev.flywall.runtime.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.flywall.runtime.engine.DaemonView;
import dev.flywall.runtime.engine.Status;
import dev.flywall.runtime.history.History;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The daemon's local HTTP API: status, health and history as JSON for {@code flywall wan} and
 * scripts, {@code /metrics} for Prometheus, and pin/unpin. Reads are open to whoever can connect;
 * pin and unpin need the bearer token, or, when none is configured, a client on this host. So an
 * API on a non-loopback address without a token would let the network pin uplinks: the
 * constructor refuses that. Every answer, errors included, is JSON ({@code {"error": "..."}})
 * except {@code /metrics}; exceptions are logged here, never sent to the client.
 *
 * <p>Routes: {@code GET /api/wan/status}, {@code GET /api/wan/health}, {@code GET
 * /api/wan/history?since=24h|INSTANT&uplink=NAME&limit=N}, {@code POST /api/wan/pin} with {@code
 * {"uplink": "eth1", "group": "default"}} (no group: every group the uplink is a member of),
 * {@code POST /api/wan/unpin} with {@code {"group": "default"}} (no group, or no body: every
 * group), {@code GET /metrics}.
 */
public final class ApiServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ApiServer.class.getName());
    private static final String JSON = "application/json; charset=utf-8";
    private static final int MAX_BODY = 16 * 1024;

    /** What a request is answered with; a request that cannot be served ends in a {@link Refusal} instead. */
    private record Answer(int status, String contentType, byte[] body) {
        static Answer json(int status, JsonNode document) {
            return new Answer(status, JSON, (document.toPrettyString() + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A request refused with an HTTP status and a message for the user. */
    private static final class Refusal extends Exception {
        final int status;

        Refusal(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    @FunctionalInterface
    private interface Handler {
        Answer handle(HttpExchange exchange) throws Refusal, IOException;
    }

    private record Route(String method, boolean mutating, Handler handler) {}

    private final InetSocketAddress listen;
    private final Optional<byte[]> tokenDigest;
    private final DaemonView view;
    private final History history;
    private final Map<String, Route> routes;
    private final ObjectMapper mapper = new ObjectMapper();
    private HttpServer server;
    private ExecutorService executor;

    /**
     * @param token the bearer token pin and unpin require; empty: they are accepted from loopback
     *     clients only
     * @param history read for {@code /api/wan/history}; may be the daemon's own instance
     * @throws IllegalArgumentException when {@code listen} is not a loopback address and there is
     *     no token, or the token is blank
     */
    public ApiServer(InetSocketAddress listen, Optional<String> token, DaemonView view, History history) {
        if (token.isPresent() && token.get().isBlank()) {
            throw new IllegalArgumentException("the API token is empty: set a real one, or remove api { token }");
        }
        if (token.isEmpty() && (listen.isUnresolved() || !listen.getAddress().isLoopbackAddress())) {
            throw new IllegalArgumentException("the API would listen on " + Listen.format(listen) + " without a token,"
                    + " so anyone who reaches that address could pin uplinks: set api { token = env(\"...\") }, or"
                    + " listen on 127.0.0.1");
        }
        this.listen = listen;
        this.tokenDigest = token.map(ApiServer::sha256);
        this.view = view;
        this.history = history;
        this.routes = Map.of(
                "/api/wan/status", new Route("GET", false, x -> Answer.json(200, ApiJson.status(view.status()))),
                "/api/wan/health", new Route("GET", false, x -> Answer.json(200, ApiJson.health(view.health()))),
                "/api/wan/history", new Route("GET", false, this::history),
                "/api/wan/pin", new Route("POST", true, this::pin),
                "/api/wan/unpin", new Route("POST", true, this::unpin),
                "/api/wan/failback", new Route("POST", true, this::failback),
                "/metrics", new Route("GET", false, x -> metrics()));
    }

    /** Binds the address and serves, each request on its own virtual thread. */
    public void start() throws IOException {
        try {
            server = HttpServer.create(listen, 0);
        } catch (BindException e) {
            throw new IOException("the API cannot listen on " + Listen.format(listen) + ": " + e.getMessage(), e);
        }
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    /** The bound port (the one the system chose when {@code listen} had port 0). */
    public int port() {
        if (server == null) {
            throw new IllegalStateException("the API server has not been started");
        }
        return server.getAddress().getPort();
    }

    /** Stops accepting, closes the connections and waits for requests still being handled. */
    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            executor.close();
        }
    }

    private void serve(HttpExchange exchange) {
        try (exchange) {
            Answer answer;
            try {
                answer = dispatch(exchange);
            } catch (Refusal r) {
                answer = Answer.json(r.status, ApiJson.error(r.getMessage()));
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "API request " + exchange.getRequestMethod() + " "
                        + exchange.getRequestURI() + " failed", e);
                answer = Answer.json(500, ApiJson.error("internal error; the daemon's log has the details"));
            }
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (answer.status() == 401) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"flywall\"");
            }
            exchange.sendResponseHeaders(answer.status(), answer.body().length);
            exchange.getResponseBody().write(answer.body());
        } catch (IOException clientGone) {
            // the client closed the connection before the answer was written; nothing to tell it
        }
    }

    private Answer dispatch(HttpExchange exchange) throws Refusal, IOException {
        String path = exchange.getRequestURI().getPath();
        Route route = routes.get(path);
        if (route == null) {
            throw new Refusal(404, "no such endpoint: " + path);
        }
        if (!route.method().equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", route.method());
            throw new Refusal(405, path + " accepts " + route.method() + " only");
        }
        if (route.mutating()) {
            authorize(exchange);
        }
        return route.handler().handle(exchange);
    }

    private void authorize(HttpExchange exchange) throws Refusal {
        if (tokenDigest.isEmpty()) {
            // The constructor allows no token only on a loopback address, which only local clients
            // reach; the check stays so that this rule does not depend on that one.
            if (!exchange.getRemoteAddress().getAddress().isLoopbackAddress()) {
                throw new Refusal(403, "without an API token, pin and unpin are accepted from the gateway itself only");
            }
            return;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Refusal(401, "pin, unpin and failback need the API token: send Authorization: Bearer <token>");
        }
        if (!MessageDigest.isEqual(sha256(header.substring(7).strip()), tokenDigest.get())) {
            throw new Refusal(401, "the token is not the API's token");
        }
    }

    private Answer history(HttpExchange exchange) throws Refusal {
        HistoryRequest request;
        try {
            request = HistoryRequest.parse(exchange.getRequestURI().getRawQuery(), Instant.now());
        } catch (IllegalArgumentException e) {
            throw new Refusal(400, e.getMessage());
        }
        try {
            return Answer.json(200, ApiJson.events(history.query(request.since(), request.uplink(), request.limit())));
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "reading the history failed", e);
            throw new Refusal(500, "the history could not be read; the daemon's log has the details");
        }
    }

    private Answer pin(HttpExchange exchange) throws Refusal, IOException {
        JsonNode body = body(exchange, "uplink", "group");
        String uplink = text(body, "uplink").orElseThrow(() -> new Refusal(400, "\"uplink\" is missing"));
        Optional<String> group = text(body, "group");
        List<String> pinned = new ArrayList<>();
        if (group.isPresent()) {
            try {
                view.pin(group.get(), uplink);
            } catch (IllegalArgumentException e) {
                throw new Refusal(400, e.getMessage());
            }
            pinned.add(group.get());
        } else {
            for (Status.GroupStatus g : view.status().groups()) {
                if (g.members().contains(uplink)) {
                    try {
                        view.pin(g.name(), uplink);
                        pinned.add(g.name());
                    } catch (IllegalArgumentException e) {
                        throw new Refusal(400, e.getMessage());
                    }
                }
            }
            if (pinned.isEmpty()) {
                throw new Refusal(400, "no group has " + uplink + " as a member");
            }
        }
        ObjectNode answer = mapper.createObjectNode().put("uplink", uplink);
        pinned.forEach(answer.putArray("pinned")::add);
        return Answer.json(200, answer);
    }

    /** Fails the named group back to its preferred usable tier now (manual failback). */
    private Answer failback(HttpExchange exchange) throws Refusal, IOException {
        String group = text(body(exchange, "group"), "group").orElseThrow(() -> new Refusal(400, "\"group\" is missing"));
        try {
            view.failback(group);
        } catch (IllegalArgumentException e) {
            throw new Refusal(400, e.getMessage());
        }
        return Answer.json(200, mapper.createObjectNode().put("failback", group));
    }

    /** Lists the groups that had a pin; unpins every group asked for (a group without one is unchanged). */
    private Answer unpin(HttpExchange exchange) throws Refusal, IOException {
        Optional<String> group = text(body(exchange, "group"), "group");
        List<Status.GroupStatus> groups = view.status().groups();
        List<Status.GroupStatus> targets = group.isEmpty() ? groups
                : groups.stream().filter(g -> g.name().equals(group.get())).toList();
        if (targets.isEmpty() && group.isPresent()) {
            throw new Refusal(400, "no group named " + group.get() + " (groups: "
                    + String.join(", ", groups.stream().map(Status.GroupStatus::name).toList()) + ")");
        }
        ObjectNode answer = mapper.createObjectNode();
        var unpinned = answer.putArray("unpinned");
        for (Status.GroupStatus g : targets) {
            try {
                view.unpin(g.name());
            } catch (IllegalArgumentException e) {
                throw new Refusal(400, e.getMessage());
            }
            if (g.pinned().isPresent()) {
                unpinned.add(g.name());
            }
        }
        return Answer.json(200, answer);
    }

    private Answer metrics() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter writer = new PrometheusTextFormatWriter(false);
        writer.write(out, StatusMetrics.of(view.status()));
        return new Answer(200, writer.getContentType(), out.toByteArray());
    }

    /** The JSON object of a POST; no body is an empty object. Unknown fields are refused (typos). */
    private JsonNode body(HttpExchange exchange, String... fields) throws Refusal, IOException {
        byte[] bytes = exchange.getRequestBody().readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            throw new Refusal(413, "the request body is larger than " + MAX_BODY / 1024 + " KiB");
        }
        if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            return mapper.createObjectNode();
        }
        JsonNode body;
        try {
            body = mapper.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new Refusal(400, "the body is not JSON: " + e.getOriginalMessage());
        }
        if (!body.isObject()) {
            throw new Refusal(400, "the body must be a JSON object such as {\"uplink\": \"eth1\"}");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!List.of(fields).contains(name)) {
                throw new Refusal(400, "unknown field \"" + name + "\" (expected: " + String.join(", ", fields) + ")");
            }
        }
        return body;
    }

    private static Optional<String> text(JsonNode body, String field) throws Refusal {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new Refusal(400, "\"" + field + "\" must be a non-empty string");
        }
        return Optional.of(v.asText());
    }

    /** Tokens are compared as digests, so the comparison takes the same time whatever their lengths. */
    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
