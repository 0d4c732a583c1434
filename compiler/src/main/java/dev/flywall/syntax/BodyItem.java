package dev.flywall.syntax;

import dev.flywall.source.SourceSpan;

/** An attribute or a block. */
public sealed interface BodyItem permits Attribute, Block {

    /** The attribute name or block type. */
    String name();

    SourceSpan nameSpan();

    SourceSpan span();
}
