package dev.flywall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flywall.model.DurationText;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code wan} commands' side of the daemon's API. A call returns one of three {@link Reply}s
 * instead of throwing, because all three are ordinary outcomes the commands report: the answer,
 * a refusal with the API's message, or no daemon at all.
 */
final class WanApi {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** What a call came to. */
    sealed interface Reply {}

    /** A 2xx answer, with its JSON document. */
    record Ok(JsonNode body) implements Reply {}

    /** An error status with the API's {@code error} message (or a description of what came back). */
    record Refused(int status, String message) implements Reply {}

    /** Nothing answered: {@code message} says so, naming the address. */
    record Unreachable(String message) implements Reply {}

    private final URI base;
    private final Duration timeout;

    WanApi(URI base) {
        this(base, TIMEOUT);
    }

    /** With another wait for the answer than {@link #TIMEOUT} (tests). */
    WanApi(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
    }

    /** {@code HOST:PORT}, as messages name the API. */
    String address() {
        return base.getRawAuthority();
    }

    Reply get(String pathAndQuery) throws InterruptedException {
        return send("GET", pathAndQuery, null, Optional.empty());
    }

    Reply post(String path, JsonNode body, Optional<String> token) throws InterruptedException {
        return send("POST", path, body.toString(), token);
    }

    private URI resolve(String pathAndQuery) {
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + pathAndQuery);
    }

    /**
     * One request. {@link HttpURLConnection} rather than {@code java.net.http.HttpClient}: a call
     * to a daemon on this machine needs neither HTTP/2 nor asynchrony, and HttpClient's start
     * (TLS context, selector thread, futures) cost {@code wan status} with a running daemon about
     * 0.7 s of CPU, more than the rest of the command. No proxy: the API is local.
     */
    private Reply send(String method, String pathAndQuery, String json, Optional<String> token)
            throws InterruptedException {
        int status;
        String text;
        HttpURLConnection http = null;
        try {
            http = (HttpURLConnection) resolve(pathAndQuery).toURL().openConnection(Proxy.NO_PROXY);
            http.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            http.setReadTimeout((int) timeout.toMillis());
            http.setUseCaches(false);
            http.setInstanceFollowRedirects(false);
            http.setRequestMethod(method);
            if (token.isPresent()) {
                http.setRequestProperty("Authorization", "Bearer " + token.get());
            }
            if (json != null) {
                http.setDoOutput(true);
                http.setRequestProperty("Content-Type", "application/json");
            }
            try {
                http.connect();
            } catch (SocketTimeoutException e) {
                return new Unreachable("the daemon is not running (no answer on " + address() + ")");
            }
            if (json != null) {
                try (OutputStream out = http.getOutputStream()) {
                    out.write(json.getBytes(StandardCharsets.UTF_8));
                }
            }
            status = http.getResponseCode();
            try (InputStream in = status >= 400 ? http.getErrorStream() : http.getInputStream()) {
                text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (ConnectException e) {
            return new Unreachable("the daemon is not running (no answer on " + address() + ")");
        } catch (SocketTimeoutException e) {
            return new Unreachable("the daemon is not answering (nothing within " + DurationText.format(timeout)
                    + " on " + address() + ")");
        } catch (IOException e) {
            return new Unreachable(
                    "the daemon is not running (no answer on " + address() + ": " + e.getMessage() + ")");
        } finally {
            if (http != null) {
                http.disconnect();
            }
        }
        JsonNode body;
        try {
            body = text.isEmpty() ? null : JsonTree.parse(text);
        } catch (IOException e) {
            body = null;
        }
        if (status / 100 == 2 && body != null && body.isObject()) {
            return new Ok(body);
        }
        if (body != null && body.hasNonNull("error")) {
            return new Refused(status, body.get("error").asText());
        }
        return new Refused(
                status,
                "the API at " + address() + " answered " + status + " without the expected JSON;"
                        + " is --api the flywall daemon?");
    }
}
