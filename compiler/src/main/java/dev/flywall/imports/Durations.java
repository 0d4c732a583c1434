package dev.flywall.imports;

/** mwan3's durations (whole seconds) as flywall duration text. */
final class Durations {

    private Durations() {}

    /** 30 → "30s", 120 → "2m", 7200 → "2h", 90 → "90s". */
    static String seconds(long seconds) {
        if (seconds > 0 && seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds > 0 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
