package dev.flywall.syntax;

import dev.flywall.diag.Code;
import dev.flywall.diag.Diagnostic;
import dev.flywall.source.SourceSpan;
import dev.flywall.syntax.Expression.Operator;
import dev.flywall.syntax.Value.BoolValue;
import dev.flywall.syntax.Value.NumberValue;
import dev.flywall.syntax.Value.ObjectValue;
import dev.flywall.syntax.Value.StringValue;
import dev.flywall.syntax.Value.TupleValue;
import dev.flywall.syntax.Value.Unknown;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates expressions to {@link Value}s. Problems become diagnostics and the failing
 * sub-expression evaluates to {@link Value#UNKNOWN}, which silently absorbs everything built on
 * it, so one mistake is reported once.
 */
public final class Evaluator {

    static final MathContext MATH = MathContext.DECIMAL128;

    private final EvalContext context;
    private final Deque<Map<String, Value>> symbols = new ArrayDeque<>();
    private final Deque<Value> splatItems = new ArrayDeque<>();

    Evaluator(EvalContext context) {
        this.context = context;
    }

    /** Forgets any scope left open (by an exception that unwound an evaluation). */
    void clearScopes() {
        symbols.clear();
        splatItems.clear();
    }

    public Value evaluate(Expression e) {
        context.budget().step(e.span());
        Value value = switch (e) {
            case Expression.NumberLiteral n -> new NumberValue(n.number());
            case Expression.BoolLiteral b -> Value.of(b.value());
            case Expression.NullLiteral n -> Value.NULL;
            case Expression.Template t -> template(t);
            case Expression.Tuple t -> tuple(t);
            case Expression.ObjectCons o -> object(o);
            case Expression.Variable v -> variable(v);
            case Expression.GetAttr g -> getAttr(g);
            case Expression.Index i ->
                index(evaluate(i.source()), evaluate(i.key()), i.key().span());
            case Expression.Splat s -> splat(s);
            case Expression.SplatItem s -> splatItems.isEmpty() ? Value.UNKNOWN : splatItems.peek();
            case Expression.FunctionCall f -> context.functions().call(f, this);
            case Expression.Conditional c -> conditional(c);
            case Expression.Binary b -> binary(b);
            case Expression.Unary u -> unary(u);
            case Expression.Parens p -> evaluate(p.inner());
            case Expression.For f -> new ForEvaluator(this).evaluate(f);
        };
        // templates pay for their characters while they are built (TemplateEvaluator)
        return switch (e) {
            case Expression.Tuple t -> context.budget().built(value, e.span());
            case Expression.ObjectCons o -> context.budget().built(value, e.span());
            case Expression.For f -> context.budget().built(value, e.span());
            case Expression.FunctionCall f -> context.budget().built(value, e.span());
            default -> value;
        };
    }

    /** The work this evaluation may still do. */
    EvaluationBudget budget() {
        return context.budget();
    }

    // ------------------------------------------------------------------ names

    private Value variable(Expression.Variable v) {
        for (Map<String, Value> frame : symbols) {
            Value value = frame.get(v.name());
            if (value != null) {
                return value;
            }
        }
        return switch (v.name()) {
            case "var" -> context.variablesObject();
            case "local" -> context.allLocals(v.span());
            default ->
                error(
                        Code.E0201,
                        "Unknown variable \"" + v.name() + "\"",
                        "There is no variable named \"" + v.name() + "\" here. Input variables are written var.NAME and"
                                + " locals local.NAME.",
                        v.span(),
                        context.suggestRoot(v.name()));
        };
    }

    private Value getAttr(Expression.GetAttr g) {
        if (g.source() instanceof Expression.Variable root && !isSymbol(root.name())) {
            if (root.name().equals("local")) {
                return context.local(g.name(), g.nameSpan());
            }
            if (root.name().equals("var")) {
                return context.variable(g.name(), g.nameSpan());
            }
        }
        Value source = evaluate(g.source());
        return switch (source) {
            case Unknown u -> u;
            case ObjectValue o
            when o.fields().containsKey(g.name()) -> o.fields().get(g.name());
            case ObjectValue o ->
                error(
                        Code.E0205,
                        "Unsupported attribute",
                        "This object has no attribute \"" + g.name() + "\".",
                        g.nameSpan(),
                        dev.flywall.diag.DidYouMean.suggest(g.name(), o.fields().keySet())
                                .orElse(null));
            default ->
                error(
                        Code.E0205,
                        "Unsupported attribute",
                        Value.capitalized(source.described()) + " has no attributes; only objects do.",
                        g.nameSpan(),
                        null);
        };
    }

    private boolean isSymbol(String name) {
        return symbols.stream().anyMatch(frame -> frame.containsKey(name));
    }

    Value index(Value source, Value key, SourceSpan keySpan) {
        if (source instanceof Unknown || key instanceof Unknown) {
            return Value.UNKNOWN;
        }
        if (source instanceof TupleValue t) {
            Value n = Conversions.toNumber(key);
            if (n instanceof NumberValue num && num.intValue().isPresent()) {
                int i = num.intValue().getAsInt();
                if (i >= 0 && i < t.items().size()) {
                    return t.items().get(i);
                }
                return error(
                        Code.E0205,
                        "Invalid index",
                        "The index " + i + " is out of range: the list has "
                                + t.items().size() + " element" + (t.items().size() == 1 ? "" : "s") + ".",
                        keySpan,
                        null);
            }
            return error(Code.E0205, "Invalid index", "A list index must be a whole number.", keySpan, null);
        }
        if (source instanceof ObjectValue o) {
            Value k = Conversions.toStringValue(key);
            if (k instanceof StringValue s && o.fields().containsKey(s.value())) {
                return o.fields().get(s.value());
            }
            String name = k instanceof StringValue s ? s.value() : String.valueOf(key);
            return error(
                    Code.E0205,
                    "Invalid index",
                    "The object has no element \"" + name + "\".",
                    keySpan,
                    dev.flywall.diag.DidYouMean.suggest(name, o.fields().keySet())
                            .orElse(null));
        }
        return error(
                Code.E0205,
                "Invalid index",
                Value.capitalized(source.described()) + " cannot be indexed.",
                keySpan,
                null);
    }

    private Value splat(Expression.Splat s) {
        Value source = evaluate(s.source());
        List<Value> items = switch (source) {
            case Unknown u -> null;
            case Value.NullValue n -> List.of();
            case TupleValue t -> t.items();
            default -> List.of(source);
        };
        if (items == null) {
            return Value.UNKNOWN;
        }
        List<Value> out = new ArrayList<>();
        for (Value item : items) {
            splatItems.push(item);
            try {
                out.add(evaluate(s.each()));
            } finally {
                splatItems.pop();
            }
        }
        return new TupleValue(out);
    }

    /** Runs {@code body} with extra iteration symbols in scope. */
    Value withSymbols(Map<String, Value> frame, java.util.function.Supplier<Value> body) {
        symbols.push(frame);
        try {
            return body.get();
        } finally {
            symbols.pop();
        }
    }

    // ------------------------------------------------------------------ constructors

    private Value tuple(Expression.Tuple t) {
        List<Value> items = new ArrayList<>();
        for (Expression item : t.items()) {
            items.add(evaluate(item));
        }
        return new TupleValue(items);
    }

    private Value object(Expression.ObjectCons o) {
        Map<String, Value> fields = new LinkedHashMap<>();
        Map<String, SourceSpan> where = new HashMap<>();
        boolean unknown = false;
        for (Expression.ObjectItem item : o.items()) {
            Value key = item.bareKey()
                    ? Value.of(((Expression.Variable) item.key()).name())
                    : isReference(item.key())
                            ? ambiguousKey(item.key())
                            : Conversions.toStringValue(evaluate(item.key()));
            Value value = evaluate(item.value());
            if (!(key instanceof StringValue s)) {
                if (!(key instanceof Unknown)) {
                    error(
                            Code.E0204,
                            "Invalid object key",
                            "An object key must be a string, not " + key.described() + ".",
                            item.key().span(),
                            null);
                }
                unknown = true;
                continue;
            }
            SourceSpan first = where.putIfAbsent(s.value(), item.key().span());
            if (first != null) {
                error(
                        Code.E0209,
                        "Duplicate key \"" + s.value() + "\"",
                        "The key \"" + s.value() + "\" is already set at line "
                                + first.start().line() + " of this object.",
                        item.key().span(),
                        null);
                continue;
            }
            fields.put(s.value(), value);
        }
        return unknown ? Value.UNKNOWN : new ObjectValue(fields);
    }

    /** {@code var.x} or {@code a[0]}: a name with static steps, which hclsyntax will not guess the meaning of as a key. */
    private static boolean isReference(Expression key) {
        return switch (key) {
            case Expression.GetAttr g -> g.source() instanceof Expression.Variable || isReference(g.source());
            case Expression.Index i ->
                isStaticKey(i.key()) && (i.source() instanceof Expression.Variable || isReference(i.source()));
            default -> false;
        };
    }

    private static boolean isStaticKey(Expression key) {
        return key instanceof Expression.NumberLiteral
                || key instanceof Expression.BoolLiteral
                || key instanceof Expression.NullLiteral
                || key instanceof Expression.Template t
                        && !t.heredoc()
                        && t.literal().isPresent();
    }

    private Value ambiguousKey(Expression key) {
        return error(
                Code.E0210,
                "Ambiguous attribute key",
                "If this key is meant as a reference, wrap it in"
                        + " parentheses to use its value. If it is meant as a literal name containing periods, wrap it in"
                        + " quotes to make it a string.",
                key.span(),
                null);
    }

    private Value template(Expression.Template t) {
        return new TemplateEvaluator(this).evaluate(t.parts());
    }

    // ------------------------------------------------------------------ operators

    /**
     * Evaluates the branch the condition picks; the other one is evaluated too, quietly (its
     * errors are dropped, as in hclsyntax), so that both results unify to one type.
     */
    private Value conditional(Expression.Conditional c) {
        Value cond = Conversions.toBool(evaluate(c.condition()));
        if (!(cond instanceof BoolValue b)) {
            return cond instanceof Unknown
                    ? cond
                    : error(
                            Code.E0204,
                            "Invalid condition",
                            "The condition must be" + " true or false, not " + cond.described() + ".",
                            c.condition().span(),
                            null);
        }
        Value taken = evaluate(b.value() ? c.yes() : c.no());
        Value other = context.evaluateQuietly(this, b.value() ? c.no() : c.yes());
        ResultType whenTrue = ResultType.of(b.value() ? taken : other);
        ResultType whenFalse = ResultType.of(b.value() ? other : taken);
        ResultType common = ResultType.unify(whenTrue, whenFalse);
        if (common == null) {
            return error(
                    Code.E0211,
                    "Inconsistent conditional result types",
                    "The true and false results must have" + " consistent types. "
                            + ResultType.mismatch(whenTrue, whenFalse),
                    c.yes().span().to(c.no().span()),
                    null);
        }
        return common.convert(taken);
    }

    private Value unary(Expression.Unary u) {
        Value v = evaluate(u.operand());
        if (v instanceof Unknown) {
            return v;
        }
        if (u.op() == Operator.NOT) {
            return Conversions.toBool(v) instanceof BoolValue b
                    ? Value.of(!b.value())
                    : typeError("!", "bool", v, u.operand().span());
        }
        return Conversions.toNumber(v) instanceof NumberValue n
                ? new NumberValue(n.number().negate())
                : typeError("-", "number", v, u.operand().span());
    }

    private Value binary(Expression.Binary b) {
        if (b.op() == Operator.AND || b.op() == Operator.OR) {
            return logical(b);
        }
        Value left = evaluate(b.left());
        Value right = evaluate(b.right());
        if (left instanceof Unknown || right instanceof Unknown) {
            return Value.UNKNOWN;
        }
        if (b.op() == Operator.EQUAL || b.op() == Operator.NOT_EQUAL) {
            return Value.of(Conversions.equal(left, right) == (b.op() == Operator.EQUAL));
        }
        Value l = Conversions.toNumber(left);
        Value r = Conversions.toNumber(right);
        if (!(l instanceof NumberValue ln)) {
            return typeError(b.op().symbol(), "number", left, b.left().span());
        }
        if (!(r instanceof NumberValue rn)) {
            return typeError(b.op().symbol(), "number", right, b.right().span());
        }
        return arithmetic(b, ln.value(), rn.value());
    }

    /** Results beyond this exponent are refused, so no chain of operations can exhaust memory. */
    static final int MAX_RESULT_EXPONENT = 10_000;

    private Value arithmetic(Expression.Binary b, BigDecimal l, BigDecimal r) {
        try {
            Value v = exactArithmetic(b, l, r);
            if (v instanceof NumberValue n
                    && n.value().signum() != 0
                    && Math.abs((long) n.value().precision() - n.value().scale()) > MAX_RESULT_EXPONENT) {
                return outOfRange(b);
            }
            return v;
        } catch (ArithmeticException e) {
            return outOfRange(b);
        }
    }

    private Value outOfRange(Expression.Binary b) {
        return error(
                Code.E0204,
                "Number out of range",
                "The result of \"" + b.op().symbol() + "\" is too large or" + " too small for flywall (exponents up to "
                        + MAX_RESULT_EXPONENT + ").",
                b.span(),
                null);
    }

    private Value exactArithmetic(Expression.Binary b, BigDecimal l, BigDecimal r) {
        return switch (b.op()) {
            case ADD -> Value.of(l.add(r, MATH));
            case SUBTRACT -> Value.of(l.subtract(r, MATH));
            case MULTIPLY -> Value.of(l.multiply(r, MATH));
            case DIVIDE -> r.signum() == 0 ? divisionByZero(b) : Value.of(l.divide(r, MATH));
            case MODULO -> r.signum() == 0 ? divisionByZero(b) : Value.of(l.remainder(r, MATH));
            case LESS -> Value.of(l.compareTo(r) < 0);
            case GREATER -> Value.of(l.compareTo(r) > 0);
            case LESS_EQUAL -> Value.of(l.compareTo(r) <= 0);
            case GREATER_EQUAL -> Value.of(l.compareTo(r) >= 0);
            default -> throw new IllegalStateException("not arithmetic: " + b.op());
        };
    }

    private Value divisionByZero(Expression.Binary b) {
        return error(
                Code.E0206,
                "Division by zero",
                "The right side of \"" + b.op().symbol() + "\" is zero.",
                b.right().span(),
                null);
    }

    /**
     * {@code &&} and {@code ||} short-circuit: when the left side decides the result, the right
     * side is not evaluated, so {@code x != null && x.attr} guards against a null {@code x}.
     */
    private Value logical(Expression.Binary b) {
        Value left = Conversions.toBool(evaluate(b.left()));
        boolean decisive = b.op() == Operator.OR;
        if (left instanceof BoolValue l && l.value() == decisive) {
            return left;
        }
        Value right = Conversions.toBool(evaluate(b.right())); // evaluated after a bad left side too, to report both
        if (!(left instanceof BoolValue)) {
            return left instanceof Unknown
                    ? left
                    : typeError(b.op().symbol(), "bool", left, b.left().span());
        }
        if (right instanceof Unknown || right instanceof BoolValue) {
            return right;
        }
        return typeError(b.op().symbol(), "bool", right, b.right().span());
    }

    private Value typeError(String op, String wanted, Value got, SourceSpan span) {
        return error(
                Code.E0204,
                "Invalid operand",
                "The \"" + op + "\" operator needs a " + wanted + " here, but this is " + got.described() + ".",
                span,
                null);
    }

    /** Reports a diagnostic and returns {@link Value#UNKNOWN}. */
    Value error(Code code, String summary, String detail, SourceSpan span, String suggestion) {
        Diagnostic d = Diagnostic.error(code, summary, detail, span);
        if (suggestion != null) {
            d = d.withHint("did you mean \"" + suggestion + "\"?");
        }
        context.report(d);
        return Value.UNKNOWN;
    }
}
