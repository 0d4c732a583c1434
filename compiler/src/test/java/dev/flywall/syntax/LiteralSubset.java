package dev.flywall.syntax;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides from our syntax tree whether a parsed file may be shown to hcl4j: only literal values
 * that hcl4j is known to decode correctly, and bodies whose HCL-JSON shape is unambiguous. Used
 * to keep hcl4j away from input it misreads (see LIBRARIES.md) rather than to judge our parser.
 */
final class LiteralSubset {

    private LiteralSubset() {}

    /** Why the file is outside the comparable subset, or empty when it is inside. */
    static Optional<String> whyNot(ConfigFile file) {
        return body(file, file.body().items());
    }

    private static Optional<String> body(ConfigFile file, List<BodyItem> items) {
        Map<String, Integer> arity = new HashMap<>();
        for (BodyItem item : items) {
            if (!isAscii(item.name())) {
                return Optional.of("hcl4j cuts non-ASCII names short: " + item.name());
            }
            Integer labels = item instanceof Block b ? b.labels().size() : -1;
            Integer before = arity.putIfAbsent(item.name(), labels);
            if (before != null && (!before.equals(labels) || labels == -1)) {
                return Optional.of("\"" + item.name() + "\" is used with different shapes at " + item.nameSpan()
                        + " (ambiguous in HCL JSON)");
            }
            Optional<String> why = switch (item) {
                case Attribute a -> expression(file, a.value());
                case Block b -> labels(file, b).or(() -> body(file, b.body().items()));
            };
            if (why.isPresent()) {
                return why;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> labels(ConfigFile file, Block block) {
        return block.labels().stream()
                .map(l -> file.source().text(l.span()))
                .filter(LiteralSubset::hasUnicodeEscape)
                .map(raw -> "hcl4j rejects \\u and \\U escapes: " + raw)
                .findFirst();
    }

    private static Optional<String> expression(ConfigFile file, Expression e) {
        String text = file.source().text(e.span());
        return switch (e) {
            case Expression.NumberLiteral n -> number(n.number().decimal(), text);
            case Expression.BoolLiteral b -> Optional.empty();
            case Expression.NullLiteral n -> Optional.empty();
            case Expression.Template t -> template(t, text);
            case Expression.Unary u
            when u.op() == Expression.Operator.NEGATE && u.operand() instanceof Expression.NumberLiteral n ->
                number(n.number().decimal(), text);
            case Expression.Tuple t ->
                t.items().stream()
                        .map(i -> expression(file, i))
                        .flatMap(Optional::stream)
                        .findFirst();
            case Expression.ObjectCons o ->
                o.items().stream()
                        .map(i -> objectKey(file, i).or(() -> expression(file, i.value())))
                        .flatMap(Optional::stream)
                        .findFirst();
            default -> Optional.of("not a literal: " + text + " at " + e.span());
        };
    }

    private static Optional<String> objectKey(ConfigFile file, Expression.ObjectItem item) {
        String text = file.source().text(item.key().span());
        if (item.bareKey()) {
            return isAscii(text) ? Optional.empty() : Optional.of("hcl4j cuts non-ASCII names short: " + text);
        }
        if (text.equals("\"\"")) {
            return Optional.of(
                    "hcl4j rejects an empty object key: " + item.key().span());
        }
        return expression(file, item.key());
    }

    private static boolean isAscii(String name) {
        return name.chars().allMatch(c -> c < 0x80);
    }

    private static Optional<String> number(BigDecimal value, String text) {
        if (text.contains("e") || text.contains("E")) {
            return Optional.of("hcl4j misreads exponents: " + text);
        }
        BigDecimal viaDouble = new BigDecimal(Double.toString(value.doubleValue()));
        return viaDouble.compareTo(value) == 0
                ? Optional.empty()
                : Optional.of("does not survive hcl4j's double: " + text);
    }

    /** True when a backslash escape (not an escaped backslash followed by u) is \\u or \\U. */
    private static boolean hasUnicodeEscape(String raw) {
        for (int i = 0; i + 1 < raw.length(); i++) {
            if (raw.charAt(i) == '\\') {
                if (raw.charAt(i + 1) == 'u' || raw.charAt(i + 1) == 'U') {
                    return true;
                }
                i++;
            }
        }
        return false;
    }

    private static Optional<String> template(Expression.Template t, String text) {
        if (t.heredoc()) {
            return Optional.of("hcl4j does not de-indent heredocs: " + t.span());
        }
        if (t.literal().isEmpty()) {
            return Optional.of("template with interpolation or directive: " + text);
        }
        if (hasUnicodeEscape(text)) {
            return Optional.of("hcl4j rejects \\u and \\U escapes: " + text);
        }
        if (text.contains("$${") || text.contains("%%{")) {
            return Optional.of("hcl4j keeps $${ and %%{ escapes undecoded: " + text);
        }
        return Optional.empty();
    }
}
