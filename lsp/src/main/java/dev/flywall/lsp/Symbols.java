package dev.flywall.lsp;

import dev.flywall.source.SourceFile;
import dev.flywall.syntax.Block;
import dev.flywall.syntax.Body;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.SymbolKind;

/** The outline of a file: its blocks, each named by its header, nested as they are written. */
final class Symbols {

    private Symbols() {}

    static List<DocumentSymbol> of(SourceFile source, Body body) {
        return body.blocks().stream().map(b -> symbol(source, b)).toList();
    }

    private static DocumentSymbol symbol(SourceFile source, Block b) {
        String labels = b.labels().stream().map(l -> "\"" + l.value() + "\"").collect(Collectors.joining(" "));
        DocumentSymbol symbol = new DocumentSymbol(
                labels.isEmpty() ? b.type() : b.type() + " " + labels,
                kind(b.type()),
                Positions.toLsp(source, b.span()),
                Positions.toLsp(source, b.headerSpan()));
        symbol.setDetail(b.type());
        symbol.setChildren(of(source, b.body()));
        return symbol;
    }

    private static SymbolKind kind(String type) {
        return switch (type) {
            case "interface" -> SymbolKind.Interface;
            case "uplink_group" -> SymbolKind.Class;
            case "member" -> SymbolKind.Field;
            case "policy_route" -> SymbolKind.Method;
            case "ipset" -> SymbolKind.Array;
            case "variable", "locals" -> SymbolKind.Variable;
            default -> SymbolKind.Struct;
        };
    }
}
