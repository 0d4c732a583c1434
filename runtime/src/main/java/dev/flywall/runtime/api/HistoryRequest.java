package dev.flywall.runtime.api;

import dev.flywall.model.DurationText;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parameters of {@code GET /api/wan/history}: {@code since} (a duration back from now such
 * as {@code 24h}, or an instant such as {@code 2026-11-22T10:00:00Z}; default: all events),
 * {@code uplink} (events that left or took it) and {@code limit} (1 to {@value #MAX_LIMIT},
 * default {@value #DEFAULT_LIMIT}). Unknown or repeated parameters are refused, so a typo does not
 * silently return everything. {@code flywall wan history} parses its query with this too when it
 * reads {@code history.db} itself, so both ways mean the same.
 */
public record HistoryRequest(Instant since, Optional<String> uplink, int limit) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 10_000;
    private static final Set<String> NAMES = Set.of("since", "uplink", "limit");

    /**
     * @param rawQuery the URL's query, still percent-encoded; null or empty for the defaults
     * @param now what a duration in {@code since} counts back from
     * @throws IllegalArgumentException with a message for the client
     */
    public static HistoryRequest parse(String rawQuery, Instant now) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (!NAMES.contains(name)) {
                    throw new IllegalArgumentException("unknown parameter " + name + " (known: since, uplink, limit)");
                }
                if (params.put(name, value) != null) {
                    throw new IllegalArgumentException("the parameter " + name + " is given twice");
                }
            }
        }
        Instant since = params.containsKey("since") ? since(params.get("since"), now) : Instant.EPOCH;
        Optional<String> uplink = Optional.ofNullable(params.get("uplink"));
        if (uplink.isPresent() && uplink.get().isEmpty()) {
            throw new IllegalArgumentException("uplink is empty");
        }
        return new HistoryRequest(since, uplink, limit(params.getOrDefault("limit", String.valueOf(DEFAULT_LIMIT))));
    }

    private static Instant since(String value, Instant now) {
        Optional<Duration> back = DurationText.parse(value);
        if (back.isPresent()) {
            return now.minus(back.get());
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("since=" + value + " is neither a duration such as 24h nor an instant"
                    + " such as 2026-11-22T10:00:00Z");
        }
    }

    private static int limit(String value) {
        int limit;
        try {
            limit = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            limit = 0;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit=" + value + " is not a number from 1 to " + MAX_LIMIT);
        }
        return limit;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
