package dev.flywall.syntax;

import dev.flywall.source.SourceSpan;
import dev.flywall.syntax.Value.ObjectValue;
import dev.flywall.syntax.Value.StringValue;
import dev.flywall.syntax.Value.TupleValue;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * The work the expressions of one configuration may do, so that a short expression such as
 * {@code [for a in range(1000000) : [for b in range(1000) : a]]} or a chain of locals that each
 * double the one before stops at once with diagnostic E0212 instead of running for minutes and
 * exhausting memory. Every expression evaluated costs one unit, and every value built costs its
 * deep size: one unit per element, object attribute and scalar, plus one per {@value
 * #CHARS_PER_UNIT} characters of strings. The deep size counts shared parts each time they are
 * shared, as everything that later walks the value (decoding, JSON output) does.
 */
final class EvaluationBudget {

    /** Units a configuration may spend (documented in docs/language.md, "Limits"). */
    static final long LIMIT = 4_000_000;

    /** Characters of string that cost one unit. */
    static final int CHARS_PER_UNIT = 4;

    /** Thrown when the budget is spent; {@link EvalContext#evaluate} turns it into E0212. */
    static final class Exhausted extends RuntimeException {
        private final transient SourceSpan where;

        Exhausted(SourceSpan where) {
            super(null, null, false, false);
            this.where = where;
        }

        SourceSpan where() {
            return where;
        }
    }

    private long remaining = LIMIT;

    boolean exhausted() {
        return remaining < 0;
    }

    /** One expression evaluated. */
    void step(SourceSpan where) {
        charge(1, where);
    }

    /** Work about to be done (or just done) at {@code where}. */
    void charge(long units, SourceSpan where) {
        remaining -= units;
        if (remaining < 0) {
            remaining = -1;
            throw new Exhausted(where);
        }
    }

    /** Charges a string of {@code length} characters. */
    void chargeChars(long length, SourceSpan where) {
        charge(length / CHARS_PER_UNIT, where);
    }

    /** Charges the deep size of a value just built; returns it. */
    Value built(Value value, SourceSpan where) {
        charge(weight(value, remaining + 1), where);
        return value;
    }

    /** The deep size of a value, counted no further than {@code cap} (so counting is bounded too). */
    static long weight(Value value, long cap) {
        long total = 0;
        Deque<Value> pending = null; // made at the first nested collection: most values are flat
        Value v = value;
        while (v != null && total <= cap) {
            total++;
            switch (v) {
                case TupleValue t -> {
                    for (Value item : t.items()) {
                        pending = later(item, pending);
                        total += shallow(item);
                    }
                }
                case ObjectValue o -> {
                    for (Map.Entry<String, Value> field : o.fields().entrySet()) {
                        pending = later(field.getValue(), pending);
                        total += field.getKey().length() / CHARS_PER_UNIT + shallow(field.getValue());
                    }
                }
                default -> total += shallow(v) - 1;
            }
            v = pending == null || pending.isEmpty() ? null : pending.pop();
        }
        return total;
    }

    /** {@code pending}, with {@code v} pushed on it when it is a collection (counted later). */
    private static Deque<Value> later(Value v, Deque<Value> pending) {
        if (!(v instanceof TupleValue || v instanceof ObjectValue)) {
            return pending;
        }
        Deque<Value> out = pending == null ? new ArrayDeque<>() : pending;
        out.push(v);
        return out;
    }

    /** The size of a scalar; 0 for a collection, which is counted when it is taken from the stack. */
    private static long shallow(Value v) {
        return switch (v) {
            case TupleValue t -> 0;
            case ObjectValue o -> 0;
            case StringValue s -> 1 + s.value().length() / CHARS_PER_UNIT;
            default -> 1; // a number, bool, null, deferred or unknown value
        };
    }
}
