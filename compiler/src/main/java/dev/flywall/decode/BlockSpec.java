package dev.flywall.decode;

import java.util.List;
import java.util.Optional;

/**
 * One block type of the schema: its labels (each with a type), arguments, nested blocks, whether
 * it may repeat, and its documentation. The decoder, "did you mean" and docs/reference.md all
 * come from these.
 */
public record BlockSpec(
        String type,
        List<LabelSpec> labels,
        boolean repeatable,
        String doc,
        List<AttributeSpec> attributes,
        List<BlockSpec> blocks,
        boolean requiredBlock) {

    public BlockSpec {
        labels = List.copyOf(labels);
        attributes = List.copyOf(attributes);
        blocks = List.copyOf(blocks);
    }

    /** A block label: what it names, and its type. */
    public record LabelSpec(String name, Type type) {}

    public Optional<AttributeSpec> attribute(String name) {
        return attributes.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    public Optional<BlockSpec> block(String name) {
        return blocks.stream().filter(b -> b.type().equals(name)).findFirst();
    }

    /** The same block marked as one that must be present. */
    BlockSpec required() {
        return new BlockSpec(type, labels, repeatable, doc, attributes, blocks, true);
    }

    /** How the block is written, for docs and messages: {@code interface "NAME" { ... }}. */
    public String header() {
        StringBuilder out = new StringBuilder(type);
        labels.forEach(l -> out.append(" \"").append(l.name()).append('"'));
        return out.toString();
    }
}
