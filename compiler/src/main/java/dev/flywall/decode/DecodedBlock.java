package dev.flywall.decode;

import dev.flywall.source.SourceSpan;
import dev.flywall.syntax.Block;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A block checked against its {@link BlockSpec}: the arguments that were written (decoded to
 * Java values, with where they were written) and the nested blocks. Defaults are not filled in
 * here — {@link #value} applies them — so that a member's health check can tell what it sets
 * itself from what it inherits.
 */
record DecodedBlock(
        BlockSpec spec,
        Block syntax,
        List<String> labels,
        Map<String, Field> fields,
        Map<String, List<DecodedBlock>> blocks) {

    /** A decoded argument and where it was written. */
    record Field(Object value, Located where) {}

    String label() {
        return labels.get(0);
    }

    /** Where the block is written: its header, which is what diagnostics about it point at. */
    SourceSpan span() {
        return syntax.headerSpan();
    }

    /** The span of the header ({@code type "label"}), where "missing" problems point. */
    SourceSpan headerSpan() {
        return syntax.headerSpan();
    }

    Optional<Field> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    /** The written value, else the schema's default (null when neither). */
    @SuppressWarnings("unchecked")
    <T> T value(String name) {
        Field f = fields.get(name);
        if (f != null) {
            return (T) f.value();
        }
        return (T) spec.attribute(name)
                .orElseThrow(() -> new IllegalArgumentException(spec.type() + "." + name))
                .defaultValue();
    }

    /** A list argument's value, or an empty list when it is not written and has no default. */
    <T> List<T> optionalList(String name) {
        List<T> v = value(name);
        return v == null ? List.of() : v;
    }

    List<DecodedBlock> blocks(String type) {
        return blocks.getOrDefault(type, List.of());
    }

    Optional<DecodedBlock> block(String type) {
        return blocks(type).stream().findFirst();
    }
}
