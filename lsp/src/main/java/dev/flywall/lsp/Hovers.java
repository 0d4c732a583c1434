package dev.flywall.lsp;

import dev.flywall.decode.AttributeSpec;
import dev.flywall.decode.BlockSpec;
import dev.flywall.syntax.Attribute;
import dev.flywall.syntax.Block;
import dev.flywall.syntax.BodyItem;
import dev.flywall.syntax.ConfigFile;
import java.util.List;
import java.util.Optional;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;

/**
 * Hover: for a block type or an argument, the schema's text as docs/reference.md shows it; for
 * a name an interface, group or ipset defines or uses, where it is defined.
 */
final class Hovers {

    private Hovers() {}

    static Optional<Hover> at(Analysis analysis, String uri, ConfigFile file, Positions.Cursor cursor) {
        List<Names.Occurrence> names = Names.all(analysis);
        Optional<Names.Occurrence> name = Names.at(names, uri, cursor);
        if (name.isPresent()) {
            return Optional.of(hover(name(names, name.get()), file, name.get()));
        }
        List<Block> chain = Syntax.enclosing(file.body(), cursor);
        Optional<BlockSpec> spec = Syntax.spec(chain);
        Optional<BodyItem> item = Syntax.itemNamedAt(
                chain.isEmpty() ? file.body() : chain.get(chain.size() - 1).body(), cursor);
        if (spec.isEmpty() || item.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> text = switch (item.get()) {
            case Block b -> spec.get().block(b.type()).map(Hovers::block);
            case Attribute a -> spec.get().attribute(a.name()).map(Hovers::attribute);
        };
        return text.map(t -> new Hover(
                new MarkupContent(MarkupKind.MARKDOWN, t),
                Positions.toLsp(file.source(), item.get().nameSpan())));
    }

    /** A block's entry of docs/reference.md: its header, what it is, how often it may appear. */
    static String block(BlockSpec block) {
        StringBuilder out = new StringBuilder("`")
                .append(block.header())
                .append("`\n\n")
                .append(block.doc())
                .append(block.repeatable() ? " May appear several times." : " At most one.");
        if (block.requiredBlock()) {
            out.append(" Required.");
        }
        return out.toString();
    }

    /** An argument's row of docs/reference.md: name, type, default, description. */
    static String attribute(AttributeSpec a) {
        String dflt = a.required() ? "**required**" : a.defaultText() == null ? "—" : "`" + a.defaultText() + "`";
        return "`" + a.name() + "`: " + a.type().describe() + "; default: " + dflt + "\n\n" + a.doc();
    }

    private static String name(List<Names.Occurrence> names, Names.Occurrence o) {
        List<Names.Occurrence> defs = Names.definitions(names, o);
        if (defs.isEmpty()) {
            return "`" + o.name() + "`: defined nowhere in this configuration";
        }
        StringBuilder out = new StringBuilder();
        for (Names.Occurrence d : defs) {
            out.append('`')
                    .append(d.kind().name().toLowerCase(java.util.Locale.ROOT))
                    .append(" \"")
                    .append(d.name())
                    .append("\"`, defined at ")
                    .append(d.span())
                    .append('\n');
        }
        return out.toString().strip();
    }

    private static Hover hover(String markdown, ConfigFile file, Names.Occurrence at) {
        return new Hover(new MarkupContent(MarkupKind.MARKDOWN, markdown), Positions.toLsp(file.source(), at.span()));
    }
}
