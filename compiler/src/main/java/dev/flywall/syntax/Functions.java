package dev.flywall.syntax;

import dev.flywall.diag.Code;
import dev.flywall.diag.DidYouMean;
import dev.flywall.syntax.Value.NumberValue;
import dev.flywall.syntax.Value.ObjectValue;
import dev.flywall.syntax.Value.StringValue;
import dev.flywall.syntax.Value.TupleValue;
import dev.flywall.syntax.Value.Unknown;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The functions a configuration may call. Small and documented in docs/functions.md (a test
 * keeps the two in step); they are pure, except that {@code env} and {@code file} do not read
 * anything: they return a {@link Value.Deferred} that the runtime resolves.
 */
public final class Functions {

    /** One function: its signature for messages and docs, a description, and its body. */
    public record Function(String name, String signature, String description, Body body) {}

    /** A function body: arguments already evaluated and unknown-free. */
    @FunctionalInterface
    interface Body {
        Value apply(Call call);
    }

    private final Map<String, Function> table = new TreeMap<>();

    Functions() {
        StringFunctions.register(this);
        CollectionFunctions.register(this);
        NumberFunctions.register(this);
        add("tostring", "tostring(value)", "The value as a string.", c -> c.string(0));
        add("tonumber", "tonumber(value)", "The value as a number.", c -> c.number(0));
        add("tobool", "tobool(value)", "The value as a bool.", c -> c.bool(0));
        add(
                "env",
                "env(name)",
                "A reference to the environment variable NAME, read by flywall when it runs"
                        + " (for secrets; never read while compiling).",
                c -> deferred(c, "env"));
        add(
                "file",
                "file(path)",
                "A reference to the contents of a file, read by flywall when it runs"
                        + " (for secrets; never read while compiling).",
                c -> deferred(c, "file"));
    }

    void add(String name, String signature, String description, Body body) {
        table.put(name, new Function(name, signature, description, body));
    }

    /** Every function, by name. */
    public static List<Function> all() {
        return List.copyOf(new Functions().table.values());
    }

    private static Value deferred(Call c, String function) {
        c.arity(1, 1);
        Value arg = c.string(0);
        return arg instanceof StringValue s
                ? new Value.Deferred(function, s.value(), c.expression().span())
                : Value.UNKNOWN;
    }

    Value call(Expression.FunctionCall f, Evaluator evaluator) {
        Function fn = table.get(f.name());
        if (fn == null) {
            return evaluator.error(
                    Code.E0202,
                    "Unknown function \"" + f.name() + "\"",
                    "flywall has no function named \"" + f.name() + "\". The functions are listed in"
                            + " docs/functions.md.",
                    f.nameSpan(),
                    DidYouMean.suggest(f.name(), table.keySet()).orElse(null));
        }
        List<Value> args = new ArrayList<>();
        for (Expression arg : f.args()) {
            args.add(evaluator.evaluate(arg));
        }
        if (f.expandFinal() && !args.isEmpty()) {
            Value last = args.remove(args.size() - 1);
            if (last instanceof TupleValue t) {
                args.addAll(t.items());
            } else if (!(last instanceof Unknown)) {
                return evaluator.error(
                        Code.E0203,
                        "Invalid expanding argument",
                        "Only a list can be expanded with" + " \"...\", not " + last.described() + ".",
                        f.args().get(f.args().size() - 1).span(),
                        null);
            } else {
                return last;
            }
        }
        if (args.stream().anyMatch(Unknown.class::isInstance)) {
            return Value.UNKNOWN;
        }
        Call call = new Call(fn, f, args, evaluator);
        try {
            return fn.body().apply(call);
        } catch (Call.Failed failed) {
            return Value.UNKNOWN;
        } catch (ArithmeticException e) {
            return evaluator.error(
                    Code.E0203,
                    "Invalid function argument",
                    f.name() + "() cannot compute this: the" + " number is out of range.",
                    f.span(),
                    null);
        }
    }

    /** Arguments of one call and typed accessors that report mismatches. */
    static final class Call {

        /** Thrown after a mismatch was reported, to leave the function body. */
        static final class Failed extends RuntimeException {
            Failed() {
                super(null, null, false, false);
            }
        }

        private final Function fn;
        private final Expression.FunctionCall expression;
        private final List<Value> args;
        private final Evaluator evaluator;

        Call(Function fn, Expression.FunctionCall expression, List<Value> args, Evaluator evaluator) {
            this.fn = fn;
            this.expression = expression;
            this.args = args;
            this.evaluator = evaluator;
        }

        /** Charges work the function is about to do (a result of this many units). */
        void charge(long units) {
            evaluator.budget().charge(units, expression.span());
        }

        Expression.FunctionCall expression() {
            return expression;
        }

        List<Value> args() {
            return args;
        }

        int count() {
            return args.size();
        }

        void arity(int min, int max) {
            if (args.size() < min || args.size() > max) {
                String want = min == max
                        ? String.valueOf(min)
                        : max == Integer.MAX_VALUE ? "at least " + min : min + " to " + max;
                throw fail(
                        null,
                        "Wrong number of arguments",
                        fn.name() + "() takes " + want + " argument" + ("1".equals(want) ? "" : "s") + " but got "
                                + args.size() + ". Usage: " + fn.signature() + ".");
            }
        }

        Value string(int i) {
            Value v = Conversions.toStringValue(args.get(i));
            return v instanceof StringValue ? v : mismatch(i, "string");
        }

        String str(int i) {
            return ((StringValue) string(i)).value();
        }

        Value number(int i) {
            Value v = Conversions.toNumber(args.get(i));
            return v instanceof NumberValue ? v : mismatch(i, "number");
        }

        BigDecimal num(int i) {
            return ((NumberValue) number(i)).value();
        }

        int integer(int i) {
            HclNumber n = ((NumberValue) number(i)).number();
            if (n.intValue().isPresent()) {
                return n.intValue().getAsInt();
            }
            try {
                return n.decimal().intValueExact();
            } catch (ArithmeticException e) {
                throw fail(
                        i,
                        "Invalid function argument",
                        "Argument " + (i + 1) + " of " + fn.name() + "() must be a whole number.");
            }
        }

        Value bool(int i) {
            Value v = Conversions.toBool(args.get(i));
            return v instanceof Value.BoolValue ? v : mismatch(i, "bool");
        }

        List<Value> list(int i) {
            if (args.get(i) instanceof TupleValue t) {
                return t.items();
            }
            throw fail(
                    i,
                    "Invalid function argument",
                    "Argument " + (i + 1) + " of " + fn.name() + "() must be a list, not "
                            + args.get(i).described() + ".");
        }

        Map<String, Value> object(int i) {
            if (args.get(i) instanceof ObjectValue o) {
                return o.fields();
            }
            throw fail(
                    i,
                    "Invalid function argument",
                    "Argument " + (i + 1) + " of " + fn.name() + "() must be an object, not "
                            + args.get(i).described() + ".");
        }

        private Value mismatch(int i, String type) {
            throw fail(
                    i,
                    "Invalid function argument",
                    "Argument " + (i + 1) + " of " + fn.name() + "() must be a " + type + ", not "
                            + args.get(i).described() + ".");
        }

        Failed fail(Integer argIndex, String summary, String detail) {
            var span = argIndex != null && argIndex < expression.args().size()
                    ? expression.args().get(argIndex).span()
                    : expression.span();
            evaluator.error(Code.E0203, summary, detail, span, null);
            return new Failed();
        }
    }

    // ------------------------------------------------------------------ shared helpers

    static Value tuple(List<Value> items) {
        return new TupleValue(items);
    }

    static Value object(Map<String, Value> fields) {
        return new ObjectValue(new LinkedHashMap<>(fields));
    }
}
