package dev.flywall.runtime.probe;

import java.time.Duration;

/**
 * The time one round may take: every probe of the round shares the same deadline, so a round of
 * k targets takes about {@code timeout}, not k times it.
 *
 * @param deadline when the round ends, on the {@link System#nanoTime()} scale
 * @param timeout the check's timeout, for the error message
 */
record Budget(long deadline, Duration timeout) {

    static Budget starting(Duration timeout) {
        return new Budget(System.nanoTime() + timeout.toNanos(), timeout);
    }

    long remainingNanos() {
        return deadline - System.nanoTime();
    }

    /** What is left, rounded up to whole milliseconds (0 when the deadline has passed). */
    int remainingMillis() {
        long nanos = remainingNanos();
        return nanos <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, (nanos + 999_999) / 1_000_000);
    }

    String timeoutError() {
        return "timeout after " + human(timeout);
    }

    /** 2s, 500ms, 1.5s, 1m30s. */
    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms < 60_000) {
            return ms % 1000 == 0
                    ? ms / 1000 + "s"
                    : java.math.BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString() + "s";
        }
        long s = ms / 1000;
        return s / 60 + "m" + (s % 60 == 0 ? "" : s % 60 + "s");
    }
}
