package dev.flywall.syntax;

import java.math.BigDecimal;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A number of the configuration language: an arbitrary-precision decimal, held as a {@code long}
 * while it is a whole number in {@code long} range (scale 0), which is what almost every number in
 * a configuration is (ports, priorities, weights, thresholds).
 *
 * <p>Why not a {@link BigDecimal} throughout: on JDK 25, {@code BigDecimal}'s class initialiser
 * computes 5<sup>65536</sup>, about 25 ms and a ForkJoin pool, roughly the CPU of a whole {@code
 * java -version}. A short command such as {@code flywall lint} paid that for its first number
 * literal. Only a fraction, an exponent, a number beyond {@code long} or arithmetic creates one
 * now ({@link #decimal()}).
 *
 * <p>Equality is {@code BigDecimal}'s: by value and scale ({@code 1.0} is not {@code 1}); {@link
 * Conversions#equal} compares numbers by value. A whole number of scale 0 in {@code long} range is
 * always held as a {@code long}, whichever factory made it, so equal numbers have one
 * representation.
 */
public final class HclNumber implements Comparable<HclNumber> {

    /** The longest digit string that always fits a {@code long}. */
    private static final int LONG_DIGITS = 18;

    private final long small;
    /** {@code null}: the value is {@link #small}. */
    private final BigDecimal big;

    private HclNumber(long small, BigDecimal big) {
        this.small = small;
        this.big = big;
    }

    public static HclNumber of(long n) {
        return new HclNumber(n, null);
    }

    public static HclNumber of(BigDecimal n) {
        if (n.scale() == 0 && n.unscaledValue().bitLength() < Long.SIZE) {
            return new HclNumber(n.longValue(), null);
        }
        return new HclNumber(0, n);
    }

    /**
     * The number {@code text} writes, as {@link BigDecimal#BigDecimal(String)} reads it.
     *
     * @throws NumberFormatException when it is not a number
     */
    public static HclNumber parse(String text) {
        int length = text.length();
        if (length > 0 && length <= LONG_DIGITS) {
            long value = 0;
            int i = 0;
            for (; i < length; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                value = value * 10 + (c - '0');
            }
            if (i == length) {
                return of(value);
            }
        }
        return of(new BigDecimal(text));
    }

    /** The value as a {@link BigDecimal} (made on demand for a whole number). */
    public BigDecimal decimal() {
        return big != null ? big : BigDecimal.valueOf(small);
    }

    /**
     * Whether the value's magnitude, precision minus scale (the digits before the point: {@code 4}
     * for {@code 1234} and for {@code 1.234e3}), is within ±{@code max}; zero's is.
     */
    public boolean exponentAtMost(int max) {
        return big == null || big.signum() == 0 || Math.abs((long) big.precision() - big.scale()) <= max;
    }

    /** Whether the value is a whole number ({@code 5}, {@code 5.0}, {@code 5e2}). */
    public boolean isWhole() {
        return big == null || big.signum() == 0 || big.stripTrailingZeros().scale() <= 0;
    }

    public int signum() {
        return big != null ? big.signum() : Long.signum(small);
    }

    /** The value as an int when it is a whole number in int range. */
    public OptionalInt intValue() {
        if (big == null) {
            return small == (int) small ? OptionalInt.of((int) small) : OptionalInt.empty();
        }
        try {
            return OptionalInt.of(big.intValueExact());
        } catch (ArithmeticException e) {
            return OptionalInt.empty();
        }
    }

    /** The value when it is a whole number of scale 0 in {@code long} range (held as a {@code long}). */
    public OptionalLong longValue() {
        return big == null ? OptionalLong.of(small) : OptionalLong.empty();
    }

    /** Compares the value with {@code n}, as {@link #compareTo} would. */
    public int compareTo(long n) {
        return big != null ? big.compareTo(BigDecimal.valueOf(n)) : Long.compare(small, n);
    }

    /** Numeric order: {@code 1.0} and {@code 1} compare equal. */
    @Override
    public int compareTo(HclNumber other) {
        if (big == null && other.big == null) {
            return Long.compare(small, other.small);
        }
        return decimal().compareTo(other.decimal());
    }

    public HclNumber negate() {
        return big == null && small != Long.MIN_VALUE
                ? of(-small)
                : of(decimal().negate());
    }

    /** The canonical text: no trailing zeros, plain notation unless the exponent is huge. */
    public String text() {
        if (big == null) {
            return Long.toString(small);
        }
        BigDecimal v = big.stripTrailingZeros();
        if (v.signum() == 0) {
            return "0";
        }
        int exponent = v.precision() - v.scale() - 1;
        return Math.abs(exponent) > 40 ? v.toString() : v.toPlainString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HclNumber n && (big == null ? n.big == null && small == n.small : big.equals(n.big));
    }

    @Override
    public int hashCode() {
        return big == null ? Long.hashCode(small) : big.hashCode();
    }

    /** As {@link BigDecimal#toString()}. */
    @Override
    public String toString() {
        return big == null ? Long.toString(small) : big.toString();
    }
}
