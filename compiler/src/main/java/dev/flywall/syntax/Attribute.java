package dev.flywall.syntax;

import dev.flywall.source.SourceSpan;
import java.util.Objects;

/** {@code name = value}. */
public record Attribute(String name, SourceSpan nameSpan, Expression value, SourceSpan span) implements BodyItem {
    public Attribute {
        Objects.requireNonNull(name);
        Objects.requireNonNull(value);
    }
}
