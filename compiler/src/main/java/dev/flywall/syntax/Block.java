package dev.flywall.syntax;

import dev.flywall.source.SourceSpan;
import java.util.List;

/** {@code type "label" ... { body }}. */
public record Block(String type, SourceSpan nameSpan, List<Label> labels, Body body, SourceSpan span)
        implements BodyItem {

    public Block {
        labels = List.copyOf(labels);
    }

    @Override
    public String name() {
        return type;
    }

    /** A block label: its decoded value and where it is written. */
    public record Label(String value, SourceSpan span) {}

    /** The span of the block header: the type and labels. */
    public SourceSpan headerSpan() {
        return labels.isEmpty()
                ? nameSpan
                : nameSpan.to(labels.get(labels.size() - 1).span());
    }
}
