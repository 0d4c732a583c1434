package dev.flywall.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link HclNumber} behaves as the {@link BigDecimal} it stands for, whichever way it holds it. */
class HclNumberTest {

    private static final List<String> TEXTS = List.of(
            "0",
            "7",
            "443",
            "65535",
            "999999999999999999",
            "1000000000000000000",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "-1",
            "1.0",
            "1.50",
            "2.5e3",
            "1e3",
            "0.000",
            "-0",
            "+5",
            "00012",
            "1E-2",
            "123456789012345678901234567890");

    static List<String> texts() {
        return TEXTS;
    }

    @ParameterizedTest
    @MethodSource("texts")
    void readsWhatBigDecimalReadsAndSaysTheSame(String text) {
        BigDecimal expected = new BigDecimal(text);
        HclNumber n = HclNumber.parse(text);
        assertEquals(expected, n.decimal(), "value and scale");
        assertEquals(expected.toString(), n.toString());
        assertEquals(expected.signum(), n.signum());
        assertEquals(expected.signum() == 0 || expected.stripTrailingZeros().scale() <= 0, n.isWhole());
        assertEquals(expected.negate(), n.negate().decimal());
        assertEquals(intValue(expected), n.intValue());
        assertEquals(0, n.compareTo(HclNumber.of(expected)));
        assertEquals(HclNumber.of(expected), n, "one representation per value");
        assertEquals(HclNumber.of(expected).hashCode(), n.hashCode());
    }

    @Test
    void equalityIsBigDecimalsAndOrderIsNumeric() {
        for (String a : TEXTS) {
            for (String b : TEXTS) {
                BigDecimal x = new BigDecimal(a);
                BigDecimal y = new BigDecimal(b);
                HclNumber p = HclNumber.parse(a);
                HclNumber q = HclNumber.parse(b);
                assertEquals(x.equals(y), p.equals(q), a + " equals " + b);
                if (p.equals(q)) {
                    assertEquals(p.hashCode(), q.hashCode(), a + " and " + b);
                }
                assertEquals(Integer.signum(x.compareTo(y)), Integer.signum(p.compareTo(q)), a + " vs " + b);
            }
        }
    }

    @Test
    void wholeNumbersOfScaleZeroInLongRangeAreHeldAsLongs() {
        assertEquals(OptionalLong.of(443), HclNumber.parse("443").longValue());
        assertEquals(
                OptionalLong.of(Long.MAX_VALUE),
                HclNumber.of(new BigDecimal("9223372036854775807")).longValue());
        assertEquals(OptionalLong.of(-5), HclNumber.of(new BigDecimal("-5")).longValue());
        assertEquals(
                OptionalLong.empty(), HclNumber.parse("9223372036854775808").longValue());
        assertEquals(OptionalLong.empty(), HclNumber.parse("5.0").longValue(), "scale 1");
        assertEquals(HclNumber.of(Long.MIN_VALUE).negate().decimal(), new BigDecimal("9223372036854775808"));
    }

    @Test
    void canonicalTextDropsTrailingZerosAndKeepsHugeExponentsScientific() {
        assertEquals("443", HclNumber.parse("443").text());
        assertEquals("1.5", HclNumber.parse("1.50").text());
        assertEquals("2500", HclNumber.parse("2.5e3").text());
        assertEquals("0", HclNumber.parse("0.000").text());
        assertEquals("1E+100", HclNumber.parse("1e100").text());
    }

    @Test
    void comparesWithLongs() {
        assertTrue(HclNumber.parse("65536").compareTo(65535) > 0);
        assertTrue(HclNumber.parse("1.5").compareTo(2) < 0);
        assertEquals(0, HclNumber.parse("2.0").compareTo(2));
    }

    @Test
    void exponentLimit() {
        assertTrue(HclNumber.parse("123456").exponentAtMost(1000));
        assertTrue(HclNumber.parse("0e5000").exponentAtMost(1000));
        assertTrue(HclNumber.parse("1e999").exponentAtMost(1000), "1 followed by 999 zeros: 1,000 digits");
        assertFalse(HclNumber.parse("1e1000").exponentAtMost(1000));
        assertTrue(HclNumber.parse("1e-1001").exponentAtMost(1000), "0.000…1, the 1 at the 1,001st place");
        assertFalse(HclNumber.parse("1e-1002").exponentAtMost(1000));
    }

    @Test
    void refusesWhatBigDecimalRefuses() {
        for (String text : List.of("", "1x", "--1", "1..2", "e5", " 1")) {
            assertThrows(NumberFormatException.class, () -> HclNumber.parse(text), text);
        }
        assertNotEquals(HclNumber.parse("1"), HclNumber.parse("1.0"));
    }

    private static OptionalInt intValue(BigDecimal d) {
        try {
            return OptionalInt.of(d.intValueExact());
        } catch (ArithmeticException e) {
            return OptionalInt.empty();
        }
    }
}
