package dev.flywall.model;

import java.util.Optional;

/** A port or an inclusive range of ports: {@code "1194"}, {@code "8000-8100"}. */
public record PortRange(int first, int last) {

    private static final java.util.regex.Pattern PORT = java.util.regex.Pattern.compile("0|[1-9][0-9]{0,4}");

    public PortRange {
        if (first < 0 || last > 65535 || first > last) {
            throw new IllegalArgumentException("invalid port range " + first + "-" + last);
        }
    }

    public static Optional<PortRange> parse(String text) {
        int dash = text.indexOf('-');
        if (dash < 0) {
            return port(text).map(p -> new PortRange(p, p));
        }
        Optional<Integer> a = port(text.substring(0, dash));
        Optional<Integer> b = port(text.substring(dash + 1));
        if (a.isEmpty() || b.isEmpty() || a.get() > b.get()) {
            return Optional.empty();
        }
        return Optional.of(new PortRange(a.get(), b.get()));
    }

    private static Optional<Integer> port(String text) {
        if (!PORT.matcher(text).matches()) {
            return Optional.empty();
        }
        int p = Integer.parseInt(text);
        return p <= 65535 ? Optional.of(p) : Optional.empty();
    }

    public boolean isSingle() {
        return first == last;
    }

    public boolean contains(PortRange other) {
        return first <= other.first && other.last <= last;
    }

    @Override
    public String toString() {
        return isSingle() ? Integer.toString(first) : first + "-" + last;
    }
}
