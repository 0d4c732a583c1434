package dev.flywall.syntax;

import dev.flywall.diag.Diagnostic;
import dev.flywall.source.SourceFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A configuration read from one or more files: their syntax trees and the context that
 * evaluates their expressions. A directory or several files form one configuration, in the
 * order given.
 */
public final class Document {

    private final List<ConfigFile> files;
    private final EvalContext context;
    private final List<Diagnostic> diagnostics;

    private Document(List<ConfigFile> files, EvalContext context, List<Diagnostic> diagnostics) {
        this.files = List.copyOf(files);
        this.context = context;
        this.diagnostics = diagnostics;
    }

    /**
     * Parses the sources and prepares evaluation. Diagnostics of later evaluations (through
     * {@link #evaluate}) are added to {@link #diagnostics()} too.
     */
    public static Document load(List<SourceFile> sources, Map<String, String> cliVars) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        List<ConfigFile> files = new ArrayList<>();
        for (SourceFile source : sources) {
            ParseResult result = Parser.parse(source);
            diagnostics.addAll(result.diagnostics());
            files.add(result.file());
        }
        EvalContext context = EvalContext.of(files, cliVars, diagnostics);
        return new Document(files, context, diagnostics);
    }

    public List<ConfigFile> files() {
        return files;
    }

    /** The source of a file of this document by name. */
    public Optional<SourceFile> source(String name) {
        return files.stream()
                .map(ConfigFile::source)
                .filter(s -> s.name().equals(name))
                .findFirst();
    }

    /** All top-level items of all files, in order, without the language's own blocks. */
    public List<BodyItem> items() {
        List<BodyItem> items = new ArrayList<>();
        for (ConfigFile file : files) {
            for (BodyItem item : file.body().items()) {
                if (!(item instanceof Block b && EvalContext.LANGUAGE_BLOCKS.contains(b.type()))) {
                    items.add(item);
                }
            }
        }
        return items;
    }

    public Value evaluate(Expression expression) {
        return context.evaluate(expression);
    }

    /**
     * Evaluates every local nothing has referred to yet, so that an error or a cycle in one is
     * reported as in a used one (the used ones are evaluated already and not again).
     */
    public void evaluateAllLocals() {
        context.evaluateAllLocals();
    }

    /** Every diagnostic so far, parse and evaluation. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
}
