package dev.flywall.runtime.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The parameters of {@code GET /api/wan/series}: {@code uplink} (required) and {@code range}
 * ({@code 15m}, {@code 1h}, {@code 6h} or {@code 24h}; default {@code 15m}). Unknown or repeated
 * parameters are refused, as in {@link HistoryRequest}.
 */
public record SeriesRequest(String uplink, Range range) {

    /**
     * A range the page draws, with the width of one point: about {@value #POINTS} points per graph
     * whatever the range, so an answer stays small however often the page asks. Ranges up to
     * {@link #MEMORY} come from the rounds in memory, longer ones from the minutes in {@code history.db}.
     */
    public enum Range {
        M15("15m", Duration.ofMinutes(15), Duration.ofSeconds(5)),
        H1("1h", Duration.ofHours(1), Duration.ofMinutes(1)),
        H6("6h", Duration.ofHours(6), Duration.ofMinutes(2)),
        H24("24h", Duration.ofHours(24), Duration.ofMinutes(8));

        public final String text;
        public final Duration length;
        public final Duration step;

        Range(String text, Duration length, Duration step) {
            this.text = text;
            this.length = length;
            this.step = step;
        }

        /** Whether the rounds in memory cover this range. */
        public boolean inMemory() {
            return length.compareTo(MEMORY) <= 0;
        }
    }

    /** Points per graph (about). */
    public static final int POINTS = 180;

    /** How far back the daemon keeps its rounds in memory. */
    public static final Duration MEMORY = Duration.ofMinutes(15);

    private static final Set<String> NAMES = Set.of("uplink", "range");

    /**
     * @param rawQuery the URL's query, still percent-encoded
     * @throws IllegalArgumentException with a message for the client
     */
    public static SeriesRequest parse(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (!NAMES.contains(name)) {
                    throw new IllegalArgumentException("unknown parameter " + name + " (known: uplink, range)");
                }
                if (params.put(name, value) != null) {
                    throw new IllegalArgumentException("the parameter " + name + " is given twice");
                }
            }
        }
        String uplink = params.get("uplink");
        if (uplink == null || uplink.isEmpty()) {
            throw new IllegalArgumentException("uplink is missing (e.g. /api/wan/series?uplink=eth0&range=1h)");
        }
        String range = params.getOrDefault("range", "15m");
        for (Range r : Range.values()) {
            if (r.text.equals(range)) {
                return new SeriesRequest(uplink, r);
            }
        }
        throw new IllegalArgumentException("range=" + range + " is not one of 15m, 1h, 6h, 24h");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
