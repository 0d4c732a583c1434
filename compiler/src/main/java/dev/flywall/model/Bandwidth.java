package dev.flywall.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A link speed in bits per second, written {@code 100Mbps}, {@code 1Gbps}, {@code 512kbps}. */
public record Bandwidth(long bitsPerSecond) {

    private static final Pattern TEXT = Pattern.compile("([0-9]{1,6})(\\.[0-9]{1,3})?\\s*([kKMGT]?)bps");

    public Bandwidth {
        if (bitsPerSecond <= 0) {
            throw new IllegalArgumentException("bandwidth must be positive");
        }
    }

    public static Optional<Bandwidth> parse(String text) {
        Matcher m = TEXT.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        long unit = switch (m.group(3)) {
            case "k", "K" -> 1_000L;
            case "M" -> 1_000_000L;
            case "G" -> 1_000_000_000L;
            case "T" -> 1_000_000_000_000L;
            default -> 1L;
        };
        double value = Double.parseDouble(m.group(1) + (m.group(2) == null ? "" : m.group(2)));
        long bits = Math.round(value * unit);
        return bits > 0 ? Optional.of(new Bandwidth(bits)) : Optional.empty();
    }

    @Override
    public String toString() {
        long[] units = {1_000_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L};
        String[] names = {"Tbps", "Gbps", "Mbps", "kbps"};
        for (int i = 0; i < units.length; i++) {
            if (bitsPerSecond % units[i] == 0) {
                return bitsPerSecond / units[i] + names[i];
            }
        }
        return bitsPerSecond + "bps";
    }
}
