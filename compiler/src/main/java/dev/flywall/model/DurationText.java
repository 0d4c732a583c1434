package dev.flywall.model;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as written in configurations: {@code 500ms}, {@code 5s}, {@code 1m30s}, {@code 1h}, {@code 7d}. */
public final class DurationText {

    private static final Pattern PART = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");

    private DurationText() {}

    public static Optional<Duration> parse(String text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = PART.matcher(text);
        Duration total = Duration.ZERO;
        int at = 0;
        String lastUnit = null;
        while (at < text.length()) {
            if (!m.find(at) || m.start() != at) {
                return Optional.empty();
            }
            String unit = m.group(2);
            if (lastUnit != null && rank(unit) >= rank(lastUnit)) {
                return Optional.empty(); // units must go from large to small, each once
            }
            long n = Long.parseLong(m.group(1));
            total = total.plus(
                    switch (unit) {
                        case "ms" -> Duration.ofMillis(n);
                        case "s" -> Duration.ofSeconds(n);
                        case "m" -> Duration.ofMinutes(n);
                        case "h" -> Duration.ofHours(n);
                        default -> Duration.ofDays(n);
                    });
            lastUnit = unit;
            at = m.end();
        }
        return Optional.of(total);
    }

    private static int rank(String unit) {
        return switch (unit) {
            case "ms" -> 0;
            case "s" -> 1;
            case "m" -> 2;
            case "h" -> 3;
            default -> 4;
        };
    }

    /** The shortest text that parses back to the same duration: 90s → "1m30s". */
    public static String format(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("durations in configurations are never negative: " + d);
        }
        if (d.toMillis() == 0) {
            return d.isZero() ? "0s" : "0ms";
        }
        StringBuilder out = new StringBuilder();
        long ms = d.toMillis();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
        String[] units = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms >= sizes[i]) {
                out.append(ms / sizes[i]).append(units[i]);
                ms %= sizes[i];
            }
        }
        return out.toString();
    }
}
