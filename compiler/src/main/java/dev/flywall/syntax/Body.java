package dev.flywall.syntax;

import dev.flywall.source.SourceSpan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** The contents of a file or a block: attributes and blocks in source order. */
public record Body(List<BodyItem> items, SourceSpan span) {

    public Body {
        items = List.copyOf(items);
    }

    // Loops rather than streams: the decoder asks a body for each argument and block its schema
    // knows, and a short command (lint of a small file) runs these interpreted, where a stream
    // pipeline costs tens of times a loop.

    public List<Attribute> attributes() {
        List<Attribute> result = new ArrayList<>(items.size());
        for (BodyItem item : items) {
            if (item instanceof Attribute a) {
                result.add(a);
            }
        }
        return Collections.unmodifiableList(result);
    }

    public List<Block> blocks() {
        List<Block> result = new ArrayList<>(items.size());
        for (BodyItem item : items) {
            if (item instanceof Block b) {
                result.add(b);
            }
        }
        return Collections.unmodifiableList(result);
    }

    public List<Block> blocks(String type) {
        List<Block> result = null;
        for (BodyItem item : items) {
            if (item instanceof Block b && b.type().equals(type)) {
                if (result == null) {
                    result = new ArrayList<>(2);
                }
                result.add(b);
            }
        }
        return result == null ? List.of() : Collections.unmodifiableList(result);
    }

    public Optional<Attribute> attribute(String name) {
        for (BodyItem item : items) {
            if (item instanceof Attribute a && a.name().equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
