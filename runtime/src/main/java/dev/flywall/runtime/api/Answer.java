package dev.flywall.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a request is answered with: status, content type, the headers it calls for, and the body. */
record Answer(int status, String contentType, Map<String, String> headers, byte[] body) {

    static final String JSON = "application/json; charset=utf-8";

    Answer {
        headers = Map.copyOf(headers);
    }

    static Answer json(int status, JsonNode document) {
        return new Answer(status, JSON, Map.of(), (document.toPrettyString() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** A refusal as JSON {@code {"error": "..."}}, with its headers. */
    static Answer refused(Refusal refusal) {
        Answer error = json(refusal.status, ApiJson.error(refusal.getMessage()));
        return new Answer(error.status(), error.contentType(), refusal.headers, error.body());
    }

    /** The status line and headers, {@code Connection: close} included: one request per connection. */
    String head() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Content-Type", contentType);
        all.put("Content-Length", Integer.toString(body.length));
        all.put("Cache-Control", "no-store");
        all.put("Connection", "close");
        all.putAll(headers);
        StringBuilder head = new StringBuilder("HTTP/1.1 ")
                .append(status)
                .append(' ')
                .append(reason())
                .append("\r\n");
        all.forEach(
                (name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        return head.append("\r\n").toString();
    }

    private String reason() {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 411 -> "Length Required";
            case 413 -> "Content Too Large";
            case 431 -> "Request Header Fields Too Large";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Server Error" : "Error";
        };
    }
}
