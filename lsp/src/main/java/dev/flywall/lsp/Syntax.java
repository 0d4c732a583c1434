package dev.flywall.lsp;

import dev.flywall.decode.BlockSpec;
import dev.flywall.decode.Schema;
import dev.flywall.source.SourcePos;
import dev.flywall.source.SourceSpan;
import dev.flywall.syntax.Block;
import dev.flywall.syntax.Body;
import dev.flywall.syntax.BodyItem;
import dev.flywall.syntax.Expression;
import dev.flywall.syntax.TemplatePart;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Questions about a file's syntax tree and where its blocks stand in the schema. */
final class Syntax {

    private Syntax() {}

    /** The blocks whose bodies hold the cursor, outermost first. */
    static List<Block> enclosing(Body body, Positions.Cursor cursor) {
        List<Block> chain = new ArrayList<>();
        Body current = body;
        boolean deeper = true;
        while (deeper) {
            deeper = false;
            for (Block b : current.blocks()) {
                if (cursor.strictlyWithin(b.body().span())) {
                    chain.add(b);
                    current = b.body();
                    deeper = true;
                    break;
                }
            }
        }
        return chain;
    }

    /** The schema of the innermost block of a chain; empty when a block of it is not in the schema. */
    static Optional<BlockSpec> spec(List<Block> chain) {
        return specOfTypes(chain.stream().map(Block::type).toList());
    }

    /** The schema of the block types, outermost first, e.g. [uplink_group, member]. */
    static Optional<BlockSpec> specOfTypes(List<String> types) {
        BlockSpec spec = Schema.ROOT;
        for (String type : types) {
            Optional<BlockSpec> nested = spec.block(type);
            if (nested.isEmpty()) {
                return Optional.empty();
            }
            spec = nested.get();
        }
        return Optional.of(spec);
    }

    /** The argument or block of a body whose name is under the cursor. */
    static Optional<BodyItem> itemNamedAt(Body body, Positions.Cursor cursor) {
        for (BodyItem item : body.items()) {
            if (cursor.within(item.nameSpan())) {
                return Optional.of(item);
            }
        }
        return Optional.empty();
    }

    /** The span without its first {@code skip} and last {@code trim} characters (all one byte each: quotes, @). */
    static SourceSpan inner(SourceSpan span, int skip, int trim) {
        SourcePos s = span.start();
        SourcePos e = span.end();
        if (e.byteOffset() - s.byteOffset() < skip + trim || s.line() != e.line()) {
            return span;
        }
        return new SourceSpan(
                span.file(),
                new SourcePos(s.line(), s.column() + skip, s.byteOffset() + skip),
                new SourcePos(e.line(), e.column() - trim, e.byteOffset() - trim));
    }

    /** The text of a plain string (no interpolation), with the span of its characters. */
    static Optional<TemplatePart.Literal> plainString(Expression e) {
        if (e instanceof Expression.Template t
                && !t.heredoc()
                && t.parts().size() == 1
                && t.parts().get(0) instanceof TemplatePart.Literal literal) {
            return Optional.of(literal);
        }
        return Optional.empty();
    }

    /** The plain strings of a value: the string itself, or each string of a list. */
    static List<TemplatePart.Literal> plainStrings(Expression e) {
        if (e instanceof Expression.Tuple tuple) {
            return tuple.items().stream().flatMap(i -> plainString(i).stream()).toList();
        }
        return plainString(e).stream().toList();
    }
}
