package dev.flywall.syntax;

import dev.flywall.source.SourceSpan;
import java.util.List;

/** A piece of a template: literal text, an interpolation or a directive. */
public sealed interface TemplatePart {

    SourceSpan span();

    /** Text with escapes already decoded. */
    record Literal(String text, SourceSpan span) implements TemplatePart {}

    /** {@code ${expr}}. */
    record Interpolation(Expression expression, SourceSpan span) implements TemplatePart {}

    /** {@code %{if cond}...%{else}...%{endif}}. */
    record If(Expression condition, List<TemplatePart> then, List<TemplatePart> otherwise, SourceSpan span)
            implements TemplatePart {
        public If {
            then = List.copyOf(then);
            otherwise = List.copyOf(otherwise);
        }
    }

    /** {@code %{for k, v in coll}...%{endfor}}; {@code keyVar} is null with one symbol. */
    record For(String keyVar, String valueVar, Expression collection, List<TemplatePart> body, SourceSpan span)
            implements TemplatePart {
        public For {
            body = List.copyOf(body);
        }
    }
}
