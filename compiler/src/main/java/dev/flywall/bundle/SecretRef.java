package dev.flywall.bundle;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A secret as the bundle keeps it: {@code {"env": NAME}}, {@code {"file": PATH}}, or for a value
 * written in the configuration {@code {"bundled": KEY}} of the bundle's {@code secrets.json}
 * (mode 0600) — exactly one of them. A bare string (a webhook URL written out, as the lab's
 * rewritten bundles and bundles from before the URL was a secret have it) reads as
 * {@link #literal}.
 */
public record SecretRef(
        Optional<String> env, Optional<String> file, Optional<String> bundled, Optional<String> literal) {

    public SecretRef {
        int set = (env.isPresent() ? 1 : 0)
                + (file.isPresent() ? 1 : 0)
                + (bundled.isPresent() ? 1 : 0)
                + (literal.isPresent() ? 1 : 0);
        if (set != 1) {
            throw new IllegalArgumentException("a secret is exactly one of \"env\", \"file\" or \"bundled\"");
        }
    }

    public static SecretRef env(String name) {
        return new SecretRef(Optional.of(name), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static SecretRef file(String path) {
        return new SecretRef(Optional.empty(), Optional.of(path), Optional.empty(), Optional.empty());
    }

    public static SecretRef bundled(String key) {
        return new SecretRef(Optional.empty(), Optional.empty(), Optional.of(key), Optional.empty());
    }

    public static SecretRef literal(String value) {
        return new SecretRef(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(value));
    }

    /** How it is written: an object with its one reference, or the bare string. */
    @JsonValue
    Object json() {
        if (literal.isPresent()) {
            return literal.get();
        }
        Map<String, String> o = new LinkedHashMap<>();
        env.ifPresent(v -> o.put("env", v));
        file.ifPresent(v -> o.put("file", v));
        bundled.ifPresent(v -> o.put("bundled", v));
        return o;
    }

    /** Reads either form; the one place a union is read by shape. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static SecretRef read(JsonNode n) {
        if (n.isTextual()) {
            return literal(n.asText());
        }
        if (!n.isObject()) {
            throw new IllegalArgumentException(
                    "a secret is an object with \"env\", \"file\" or \"bundled\", or a string");
        }
        return new SecretRef(text(n, "env"), text(n, "file"), text(n, "bundled"), Optional.empty());
    }

    private static Optional<String> text(JsonNode n, String field) {
        return n.has(field) ? Optional.of(n.get(field).asText()) : Optional.empty();
    }
}
