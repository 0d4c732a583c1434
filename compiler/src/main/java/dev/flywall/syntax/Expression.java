package dev.flywall.syntax;

import dev.flywall.source.SourceSpan;
import java.util.List;
import java.util.Objects;

/** An HCL expression as written, with its source span. Evaluated by {@link Evaluator}. */
public sealed interface Expression {

    SourceSpan span();

    /** {@code 1}, {@code 2.5e3}. */
    record NumberLiteral(HclNumber number, SourceSpan span) implements Expression {
        public NumberLiteral {
            Objects.requireNonNull(number);
            Objects.requireNonNull(span);
        }
    }

    /** {@code true}, {@code false}. */
    record BoolLiteral(boolean value, SourceSpan span) implements Expression {}

    /** {@code null}. */
    record NullLiteral(SourceSpan span) implements Expression {}

    /** A quoted string or heredoc; strip markers and heredoc indentation are already applied. */
    record Template(List<TemplatePart> parts, boolean heredoc, SourceSpan span) implements Expression {
        public Template {
            parts = List.copyOf(parts);
        }

        /** The literal text when the template has no interpolation or directive. */
        public java.util.Optional<String> literal() {
            if (parts.isEmpty()) {
                return java.util.Optional.of("");
            }
            if (parts.size() == 1 && parts.get(0) instanceof TemplatePart.Literal l) {
                return java.util.Optional.of(l.text());
            }
            return java.util.Optional.empty();
        }
    }

    /** {@code [a, b]}. */
    record Tuple(List<Expression> items, SourceSpan span) implements Expression {
        public Tuple {
            items = List.copyOf(items);
        }
    }

    /** {@code { key = value }}; a bare identifier key is a literal string key. */
    record ObjectCons(List<ObjectItem> items, SourceSpan span) implements Expression {
        public ObjectCons {
            items = List.copyOf(items);
        }
    }

    /** One element of an object constructor. */
    record ObjectItem(Expression key, boolean bareKey, Expression value) {}

    /** A reference to a root name: {@code var}, {@code local}, an iteration symbol. */
    record Variable(String name, SourceSpan span) implements Expression {}

    /** {@code source.name}. */
    record GetAttr(Expression source, String name, SourceSpan nameSpan, SourceSpan span) implements Expression {}

    /** {@code source[key]} or the legacy {@code source.0}. */
    record Index(Expression source, Expression key, SourceSpan span) implements Expression {}

    /**
     * {@code source.*.a} or {@code source[*].a[0]}: applies {@code steps} to every element. The
     * steps are GetAttr/Index expressions rooted at {@link SplatItem}.
     */
    record Splat(Expression source, Expression each, boolean full, SourceSpan span) implements Expression {}

    /** The current element inside a {@link Splat}'s {@code each} expression. */
    record SplatItem(SourceSpan span) implements Expression {}

    /** {@code name(args...)}; {@code expandFinal} when the last argument ends with {@code ...}. */
    record FunctionCall(String name, SourceSpan nameSpan, List<Expression> args, boolean expandFinal, SourceSpan span)
            implements Expression {
        public FunctionCall {
            args = List.copyOf(args);
        }
    }

    /** {@code cond ? yes : no}. */
    record Conditional(Expression condition, Expression yes, Expression no, SourceSpan span) implements Expression {}

    /** {@code left op right}. */
    record Binary(Operator op, Expression left, Expression right, SourceSpan span) implements Expression {}

    /** {@code -x}, {@code !x}. */
    record Unary(Operator op, Expression operand, SourceSpan span) implements Expression {}

    /** {@code (x)}: kept so that {@code fmt} and object keys can tell it apart. */
    record Parens(Expression inner, SourceSpan span) implements Expression {}

    /**
     * {@code [for k, v in coll : value if cond]} or {@code {for k, v in coll : key => value... if cond}};
     * {@code keyVar} is null with one symbol, {@code keyExpr} null for tuples.
     */
    record For(
            String keyVar,
            String valueVar,
            Expression collection,
            Expression keyExpr,
            Expression valueExpr,
            Expression condition,
            boolean grouping,
            SourceSpan span)
            implements Expression {
        public boolean objectResult() {
            return keyExpr != null;
        }
    }

    /** Operators with HCL's precedence (higher binds tighter). */
    enum Operator {
        NOT("!", 7),
        NEGATE("-", 7),
        MULTIPLY("*", 6),
        DIVIDE("/", 6),
        MODULO("%", 6),
        ADD("+", 5),
        SUBTRACT("-", 5),
        LESS("<", 4),
        GREATER(">", 4),
        LESS_EQUAL("<=", 4),
        GREATER_EQUAL(">=", 4),
        EQUAL("==", 3),
        NOT_EQUAL("!=", 3),
        AND("&&", 2),
        OR("||", 1);

        private final String symbol;
        private final int precedence;

        Operator(String symbol, int precedence) {
            this.symbol = symbol;
            this.precedence = precedence;
        }

        public String symbol() {
            return symbol;
        }

        public int precedence() {
            return precedence;
        }
    }
}
