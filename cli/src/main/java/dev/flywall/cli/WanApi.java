package dev.flywall.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
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

    WanApi(URI base) {
        this.base = base;
    }

    /** {@code HOST:PORT}, as messages name the API. */
    String address() {
        return base.getRawAuthority();
    }

    Reply get(String pathAndQuery) throws InterruptedException {
        return send(HttpRequest.newBuilder(resolve(pathAndQuery)).GET());
    }

    Reply post(String path, JsonNode body, Optional<String> token) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return send(request);
    }

    /**
     * Throws {@link ConnectException} when nothing listens on the API's address, which is what a
     * stopped daemon looks like: known from a plain TCP connect, without building an {@link
     * HttpClient} first (it sets up TLS even for http: about half of a short command's CPU time).
     */
    private void refusedFast() throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), (int) CONNECT_TIMEOUT.toMillis());
        } catch (ConnectException refused) {
            throw refused;
        } catch (IOException e) {
            // an unknown host, a timeout, an unreachable network: HttpClient finds out again and says which
        }
    }

    /** Jackson, created only when an answer is parsed. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private URI resolve(String pathAndQuery) {
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + pathAndQuery);
    }

    private Reply send(HttpRequest.Builder request) throws InterruptedException {
        HttpResponse<String> response;
        try {
            refusedFast();
            HttpClient http =
                    HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
            response = http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            return new Unreachable("the daemon is not running (no answer on " + address() + ")");
        } catch (HttpTimeoutException e) {
            return new Unreachable(
                    "the daemon is not answering (nothing within " + TIMEOUT.toSeconds() + "s on " + address() + ")");
        } catch (IOException e) {
            return new Unreachable(
                    "the daemon is not running (no answer on " + address() + ": " + e.getMessage() + ")");
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(response.body());
        } catch (JsonProcessingException e) {
            body = null;
        }
        int status = response.statusCode();
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
