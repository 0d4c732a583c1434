package dev.flywall.syntax;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Numeric functions: min, max, abs, ceil, floor. */
final class NumberFunctions {

    private NumberFunctions() {}

    static void register(Functions f) {
        f.add("min", "min(numbers...)", "The smallest of the numbers.", c -> extreme(c, -1));
        f.add("max", "max(numbers...)", "The largest of the numbers.", c -> extreme(c, 1));
        f.add("abs", "abs(number)", "The number without its sign.", c -> {
            c.arity(1, 1);
            return Value.of(c.num(0).abs());
        });
        f.add("ceil", "ceil(number)", "The smallest whole number not less than the number.", c -> {
            c.arity(1, 1);
            return Value.of(c.num(0).setScale(0, RoundingMode.CEILING));
        });
        f.add("floor", "floor(number)", "The largest whole number not greater than the number.", c -> {
            c.arity(1, 1);
            return Value.of(c.num(0).setScale(0, RoundingMode.FLOOR));
        });
    }

    private static Value extreme(Functions.Call c, int sign) {
        c.arity(1, Integer.MAX_VALUE);
        BigDecimal best = c.num(0);
        for (int i = 1; i < c.count(); i++) {
            BigDecimal n = c.num(i);
            if (n.compareTo(best) * sign > 0) {
                best = n;
            }
        }
        return Value.of(best);
    }
}
