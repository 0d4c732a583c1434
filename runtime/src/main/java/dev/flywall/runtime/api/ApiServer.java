package dev.flywall.runtime.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywall.runtime.engine.DaemonView;
import dev.flywall.runtime.engine.StateMachine;
import dev.flywall.runtime.engine.Status;
import dev.flywall.runtime.history.History;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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

/**
 * The daemon's local HTTP API: status, health and history as JSON for {@code flywall wan} and
 * scripts, {@code /metrics} for Prometheus, and pin/unpin. Reads are open to whoever can connect;
 * pin and unpin need the bearer token, or, when none is configured, a client on this host. So an
 * API on a non-loopback address without a token would let the network pin uplinks:
 * {@link ApiAccess} refuses that. Every answer, errors included, is JSON ({@code {"error": "..."}})
 * except {@code /metrics}; exceptions are logged here, never sent to the client. Connections,
 * request sizes and times are bounded by {@link ApiLimits} ({@link ApiListener}); listen address
 * and token can change while serving ({@link #reconfigure}).
 *
 * <p>Routes: {@code GET /api/wan/status}, {@code GET /api/wan/health}, {@code GET
 * /api/wan/history?since=24h|INSTANT&uplink=NAME&limit=N}, {@code POST /api/wan/pin} with {@code
 * {"uplink": "eth1", "group": "default"}} (no group: every group the uplink is a member of),
 * {@code POST /api/wan/unpin} with {@code {"group": "default"}} (no group, or no body: every
 * group), {@code POST /api/wan/drain} with {@code {"uplink": "eth0", "reason": "ISP works"}} (reason
 * optional) answering {@code {"drained": "eth0", "warnings": [...]}}, {@code POST
 * /api/wan/undrain} with {@code {"uplink": "eth0"}}, {@code GET /metrics}.
 */
public final class ApiServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ApiServer.class.getName());

    @FunctionalInterface
    private interface Handler {
        Answer handle(ApiRequest request) throws Refusal, IOException;
    }

    private record Route(String method, boolean mutating, Handler handler) {}

    private final DaemonView view;
    private final History history;
    private final ApiLimits limits;
    private final Map<String, Route> routes;
    private final ObjectMapper mapper = new ObjectMapper();
    private ApiAccess access; // guarded by this
    private volatile Optional<byte[]> tokenDigest;
    private ApiListener listener; // guarded by this

    /**
     * @param token the bearer token pin and unpin require; empty: they are accepted from loopback
     *     clients only
     * @param history read for {@code /api/wan/history}; may be the daemon's own instance
     * @throws IllegalArgumentException when {@code listen} is not a loopback address and there is
     *     no token, or the token is blank
     */
    public ApiServer(InetSocketAddress listen, Optional<String> token, DaemonView view, History history) {
        this(new ApiAccess(listen, token), ApiLimits.DEFAULT, view, history);
    }

    /** @param limits what one client may cost (connections, sizes, times) */
    public ApiServer(ApiAccess access, ApiLimits limits, DaemonView view, History history) {
        this.access = access;
        this.tokenDigest = access.token().map(ApiServer::sha256);
        this.limits = limits;
        this.view = view;
        this.history = history;
        this.routes = Map.of(
                "/api/wan/status", new Route("GET", false, x -> Answer.json(200, ApiJson.status(view.status()))),
                "/api/wan/health", new Route("GET", false, x -> Answer.json(200, ApiJson.health(view.health()))),
                "/api/wan/history", new Route("GET", false, this::history),
                "/api/wan/pin", new Route("POST", true, this::pin),
                "/api/wan/unpin", new Route("POST", true, this::unpin),
                "/api/wan/failback", new Route("POST", true, this::failback),
                "/api/wan/drain", new Route("POST", true, this::drain),
                "/api/wan/undrain", new Route("POST", true, this::undrain),
                "/metrics", new Route("GET", false, x -> metrics()));
    }

    /** Binds the address and serves, each connection on its own virtual thread, within the limits. */
    public synchronized void start() throws IOException {
        listener = bind(access.listen());
    }

    private ApiListener bind(InetSocketAddress listen) throws IOException {
        try {
            return ApiListener.bind(listen, limits, this::serve);
        } catch (IOException e) {
            throw new IOException("the API cannot listen on " + Listen.format(listen) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Takes new settings while serving (SIGHUP after {@code flywall apply}): a new token holds from
     * the next request on, so a leaked one is useless at once; a new address is bound before the old
     * one is closed. When the new address cannot be bound, the API stays on the old one (with the
     * new token) and the {@link IOException} says why.
     */
    public synchronized void reconfigure(ApiAccess next) throws IOException {
        if (listener != null && !access.listen().equals(next.listen())) {
            ApiListener rebound;
            try {
                rebound = bind(next.listen());
            } catch (IOException e) {
                keepAddressWithToken(next.token());
                throw new IOException(
                        e.getMessage() + "; the API stays on "
                                + Listen.format(
                                        new InetSocketAddress(access.listen().getAddress(), listener.port())),
                        e);
            }
            listener.close();
            listener = rebound;
        }
        access = next;
        tokenDigest = next.token().map(ApiServer::sha256);
    }

    /** After a failed rebind the new token still applies: a leaked old one may be why it changed. */
    private void keepAddressWithToken(Optional<String> token) {
        try {
            access = new ApiAccess(access.listen(), token);
            tokenDigest = token.map(ApiServer::sha256);
        } catch (IllegalArgumentException noTokenBeyondLoopback) {
            // the old address needs a token: keep the old one rather than none
        }
    }

    /** Where the API listens now. */
    public synchronized InetSocketAddress listen() {
        return access.listen();
    }

    /** The bound port (the one the system chose when {@code listen} had port 0). */
    public synchronized int port() {
        if (listener == null) {
            throw new IllegalStateException("the API server has not been started");
        }
        return listener.port();
    }

    /** Connections held now: at most {@link ApiLimits#connections()}. */
    public synchronized int openConnections() {
        return listener == null ? 0 : listener.openConnections();
    }

    /** Stops accepting and closes the connections. */
    @Override
    public synchronized void close() {
        if (listener != null) {
            listener.close();
        }
    }

    /** Answers a whole request; never throws (a failure is a 500 without details, logged here). */
    private Answer serve(ApiRequest request) {
        try {
            return dispatch(request);
        } catch (Refusal r) {
            return Answer.refused(r);
        } catch (IOException | RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "API request " + request.method() + " " + request.path() + " failed",
                    e);
            return Answer.json(500, ApiJson.error("internal error; the daemon's log has the details"));
        }
    }

    private Answer dispatch(ApiRequest request) throws Refusal, IOException {
        String path = request.path();
        Route route = routes.get(path);
        if (route == null) {
            throw new Refusal(404, "no such endpoint: " + path);
        }
        if (!route.method().equals(request.method())) {
            throw new Refusal(405, path + " accepts " + route.method() + " only", Map.of("Allow", route.method()));
        }
        if (route.mutating()) {
            authorize(request);
        }
        return route.handler().handle(request);
    }

    private void authorize(ApiRequest request) throws Refusal {
        Optional<byte[]> digest = tokenDigest;
        if (digest.isEmpty()) {
            // ApiAccess allows no token only on a loopback address, which only local clients
            // reach; the check stays so that this rule does not depend on that one.
            if (!request.remote().isLoopbackAddress()) {
                throw new Refusal(
                        403,
                        "without an API token, pin, unpin, failback, drain and undrain are accepted from the gateway itself only");
            }
            return;
        }
        String header = request.header("Authorization").orElse("");
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Refusal(
                    401,
                    "pin, unpin, failback, drain and undrain need the API token: send Authorization: Bearer <token>",
                    Map.of("WWW-Authenticate", "Bearer realm=\"flywall\""));
        }
        if (!MessageDigest.isEqual(sha256(header.substring(7).strip()), digest.get())) {
            throw new Refusal(
                    401, "the token is not the API's token", Map.of("WWW-Authenticate", "Bearer realm=\"flywall\""));
        }
    }

    private Answer history(ApiRequest http) throws Refusal {
        HistoryRequest request;
        try {
            request = HistoryRequest.parse(http.rawQuery(), Instant.now());
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

    private Answer pin(ApiRequest request) throws Refusal, IOException {
        JsonNode body = body(request, "uplink", "group");
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
    private Answer failback(ApiRequest request) throws Refusal, IOException {
        String group =
                text(body(request, "group"), "group").orElseThrow(() -> new Refusal(400, "\"group\" is missing"));
        try {
            view.failback(group);
        } catch (IllegalArgumentException e) {
            throw new Refusal(400, e.getMessage());
        }
        return Answer.json(200, mapper.createObjectNode().put("failback", group));
    }

    /**
     * Drains an uplink; the answer's {@code warnings} name each group of it that keeps it anyway:
     * no other usable member (it keeps its last active set), or pinned to it.
     */
    private Answer drain(ApiRequest request) throws Refusal, IOException {
        JsonNode body = body(request, "uplink", "reason");
        String uplink = text(body, "uplink").orElseThrow(() -> new Refusal(400, "\"uplink\" is missing"));
        String reason = text(body, "reason").orElse("");
        Optional<String> problem = StateMachine.Drain.problem(reason.strip());
        if (problem.isPresent()) {
            throw new Refusal(400, problem.get());
        }
        try {
            view.drain(uplink, reason);
        } catch (IllegalArgumentException e) {
            throw new Refusal(400, e.getMessage());
        }
        ObjectNode answer = mapper.createObjectNode().put("drained", uplink);
        var warnings = answer.putArray("warnings");
        for (Status.GroupStatus g : view.status().groups()) {
            if (!g.members().contains(uplink)) {
                continue;
            }
            if (g.pinned().equals(Optional.of(uplink))) {
                warnings.add("uplink_group " + g.name() + " is pinned to " + uplink
                        + ": its new connections stay there until it is unpinned");
            } else if (g.allDown()) {
                warnings.add("uplink_group " + g.name() + " has no other usable member: it keeps "
                        + String.join(", ", g.active()) + " (a dead route beats none)");
            }
        }
        return Answer.json(200, answer);
    }

    private Answer undrain(ApiRequest request) throws Refusal, IOException {
        String uplink =
                text(body(request, "uplink"), "uplink").orElseThrow(() -> new Refusal(400, "\"uplink\" is missing"));
        try {
            view.undrain(uplink);
        } catch (IllegalArgumentException e) {
            throw new Refusal(400, e.getMessage());
        }
        return Answer.json(200, mapper.createObjectNode().put("undrained", uplink));
    }

    /** Lists the groups that had a pin; unpins every group asked for (a group without one is unchanged). */
    private Answer unpin(ApiRequest request) throws Refusal, IOException {
        Optional<String> group = text(body(request, "group"), "group");
        List<Status.GroupStatus> groups = view.status().groups();
        List<Status.GroupStatus> targets = group.isEmpty()
                ? groups
                : groups.stream().filter(g -> g.name().equals(group.get())).toList();
        if (targets.isEmpty() && group.isPresent()) {
            throw new Refusal(
                    400,
                    "no group named " + group.get() + " (groups: "
                            + String.join(
                                    ", ",
                                    groups.stream()
                                            .map(Status.GroupStatus::name)
                                            .toList()) + ")");
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
        return new Answer(200, writer.getContentType(), Map.of(), out.toByteArray());
    }

    /** The JSON object of a POST; no body is an empty object. Unknown fields are refused (typos). */
    private JsonNode body(ApiRequest request, String... fields) throws Refusal, IOException {
        byte[] bytes = request.body();
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
