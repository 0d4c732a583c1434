package dev.flywall.runtime.api;

import java.util.Map;

/**
 * A request refused with an HTTP status, a message for the client and the headers that status
 * calls for ({@code Allow} with 405, {@code WWW-Authenticate} with 401).
 */
final class Refusal extends Exception {

    final int status;
    final Map<String, String> headers;

    Refusal(int status, String message) {
        this(status, message, Map.of());
    }

    Refusal(int status, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.headers = Map.copyOf(headers);
    }
}
