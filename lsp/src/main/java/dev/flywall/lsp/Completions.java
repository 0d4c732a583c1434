package dev.flywall.lsp;

import dev.flywall.decode.AttributeSpec;
import dev.flywall.decode.BlockSpec;
import dev.flywall.decode.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionItemKind;
import org.eclipse.lsp4j.InsertTextFormat;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;

/**
 * Completion from the schema: block types and argument names where a line starts, the words an
 * argument accepts, durations' units, and the names a reference may use — interfaces for a
 * member, interfaces and groups for a policy route's uplink, ipsets after {@code @}.
 */
final class Completions {

    /** The units {@code DurationText} reads. */
    static final List<String> DURATION_UNITS = List.of("ms", "s", "m", "h", "d");

    private Completions() {}

    /**
     * @param context where the cursor stands
     * @param position the cursor, the end of each edit
     * @param names the names the configuration defines
     */
    static List<CompletionItem> at(CompletionContext context, Position position, List<Names.Occurrence> names) {
        Optional<BlockSpec> spec = Syntax.specOfTypes(context.blocks());
        if (spec.isEmpty()) {
            return List.of();
        }
        Range range = new Range(
                new Position(
                        position.getLine(),
                        position.getCharacter() - context.prefix().length()),
                position);
        List<CompletionItem> items = new ArrayList<>();
        switch (context.where()) {
            case KEY -> keys(spec.get(), range, items);
            case LABEL -> {
                if (context.name().equals("member")) {
                    Names.defined(names, Names.Kind.INTERFACE).forEach(n -> items.add(name(n, "interface", range, n)));
                }
            }
            case STRING, VALUE ->
                spec.get().attribute(context.name()).ifPresent(a -> {
                    boolean quote = context.where() == CompletionContext.Where.VALUE;
                    values(spec.get(), a, context.prefix(), quote, range, names, items);
                });
            case NONE -> {}
        }
        return items.stream()
                .filter(i -> i.getFilterText().startsWith(context.prefix()))
                .toList();
    }

    private static void keys(BlockSpec spec, Range range, List<CompletionItem> items) {
        for (AttributeSpec a : spec.attributes()) {
            CompletionItem item = item(a.name(), CompletionItemKind.Property, range, a.name() + " = ");
            item.setDetail(a.type().describe());
            item.setDocumentation(new MarkupContent(MarkupKind.MARKDOWN, Hovers.attribute(a)));
            items.add(item);
        }
        for (BlockSpec b : spec.blocks()) {
            StringBuilder snippet = new StringBuilder(b.type());
            for (int i = 0; i < b.labels().size(); i++) {
                snippet.append(" \"${")
                        .append(i + 1)
                        .append(':')
                        .append(b.labels().get(i).name())
                        .append("}\"");
            }
            snippet.append(" {\n\t$0\n}");
            CompletionItem item = item(b.type(), CompletionItemKind.Module, range, snippet.toString());
            item.setInsertTextFormat(InsertTextFormat.Snippet);
            item.setDetail(b.header() + " { … }");
            item.setDocumentation(new MarkupContent(MarkupKind.MARKDOWN, Hovers.block(b)));
            items.add(item);
        }
    }

    private static void values(
            BlockSpec spec,
            AttributeSpec a,
            String prefix,
            boolean quote,
            Range range,
            List<Names.Occurrence> names,
            List<CompletionItem> items) {
        String q = quote ? "\"" : "";
        Type type = a.type() instanceof Type.ListOf list ? list.element() : a.type();
        switch (type) {
            case Type.Word w -> w.words().forEach(word -> items.add(value(word, q + word + q, range)));
            case Type.Flag f -> {
                if (quote) {
                    items.add(value("true", "true", range));
                    items.add(value("false", "false", range));
                }
            }
            case Type.Span s -> {
                String digits = prefix.replaceAll("[^0-9].*", "");
                if (!quote && !digits.isEmpty() && digits.equals(prefix)) {
                    DURATION_UNITS.forEach(u -> items.add(value(digits + u, digits + u, range)));
                }
            }
            case Type.Special sp
            when sp.kind() == Type.Special.Kind.ADDRESS_MATCH && !quote ->
                Names.defined(names, Names.Kind.IPSET).forEach(n -> items.add(name("@" + n, "ipset", range, "@" + n)));
            case Type.Special sp
            when sp.kind() == Type.Special.Kind.INTERFACE_NAME ->
                Names.defined(names, Names.Kind.INTERFACE)
                        .forEach(n -> items.add(name(n, "interface", range, q + n + q)));
            default -> {}
        }
        if (spec.type().equals("policy_route") && a.name().equals("uplink")) {
            Names.defined(names, Names.Kind.INTERFACE).forEach(n -> items.add(name(n, "interface", range, q + n + q)));
            Names.defined(names, Names.Kind.UPLINK_GROUP)
                    .forEach(n -> items.add(name(n, "uplink_group", range, q + n + q)));
        }
    }

    private static CompletionItem value(String label, String text, Range range) {
        return item(label, CompletionItemKind.EnumMember, range, text);
    }

    private static CompletionItem name(String label, String kind, Range range, String text) {
        CompletionItem item = item(label, CompletionItemKind.Reference, range, text);
        item.setDetail(kind);
        return item;
    }

    private static CompletionItem item(String label, CompletionItemKind kind, Range range, String text) {
        CompletionItem item = new CompletionItem(label);
        item.setKind(kind);
        item.setFilterText(label);
        item.setTextEdit(org.eclipse.lsp4j.jsonrpc.messages.Either.forLeft(new TextEdit(range, text)));
        return item;
    }
}
