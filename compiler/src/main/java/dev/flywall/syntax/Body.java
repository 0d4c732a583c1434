package dev.flywall.syntax;

import dev.flywall.source.SourceSpan;
import java.util.List;
import java.util.Optional;

/** The contents of a file or a block: attributes and blocks in source order. */
public record Body(List<BodyItem> items, SourceSpan span) {

    public Body {
        items = List.copyOf(items);
    }

    public List<Attribute> attributes() {
        return items.stream()
                .filter(Attribute.class::isInstance)
                .map(Attribute.class::cast)
                .toList();
    }

    public List<Block> blocks() {
        return items.stream()
                .filter(Block.class::isInstance)
                .map(Block.class::cast)
                .toList();
    }

    public List<Block> blocks(String type) {
        return blocks().stream().filter(b -> b.type().equals(type)).toList();
    }

    public Optional<Attribute> attribute(String name) {
        return attributes().stream().filter(a -> a.name().equals(name)).findFirst();
    }
}
