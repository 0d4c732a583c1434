package dev.flywall.decode;

import dev.flywall.diag.Diagnostic;
import dev.flywall.diag.DiagnosticSink;
import dev.flywall.model.Config;
import dev.flywall.source.SourceFile;
import dev.flywall.syntax.DeepStack;
import dev.flywall.syntax.Document;
import dev.flywall.validate.Validator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole front end: parse → evaluate and decode against the schema → build the model →
 * validate. Each stage runs only when the previous one found no errors, so a reported problem
 * is never the echo of an earlier one. Pure: no host I/O.
 */
public final class Frontend {

    /** What the front end made of the sources. */
    public record Result(Document document, Optional<Config> config, List<Diagnostic> diagnostics) {

        public Result {
            diagnostics = List.copyOf(diagnostics);
        }

        public boolean hasErrors() {
            return diagnostics.stream().anyMatch(Diagnostic::isError);
        }
    }

    private Frontend() {}

    public static Result load(List<SourceFile> sources, Map<String, String> vars) {
        return load(sources, vars, Clock.systemUTC());
    }

    /** Loads with {@code clock} as "now" for the checks that depend on it (maintenance windows already over). */
    public static Result load(List<SourceFile> sources, Map<String, String> vars, Clock clock) {
        return DeepStack.call(() -> loadOnDeepStack(sources, vars, clock));
    }

    private static Result loadOnDeepStack(List<SourceFile> sources, Map<String, String> vars, Clock clock) {
        Document document = Document.load(sources, vars);
        List<Diagnostic> problems = new ArrayList<>();
        DecodedBlock root = new Decoder(document, new DiagnosticSink(problems)).root();
        document.evaluateAllLocals();
        List<Diagnostic> all = new ArrayList<>(document.diagnostics());
        all.addAll(problems);
        Optional<Config> config = Optional.empty();
        if (all.stream().noneMatch(Diagnostic::isError)) {
            List<Diagnostic> built = new ArrayList<>();
            Config model = new ModelBuilder(new DiagnosticSink(built)).config(root);
            all.addAll(built);
            if (built.stream().noneMatch(Diagnostic::isError)) {
                Validator.validate(model, all, clock);
            }
            if (all.stream().noneMatch(Diagnostic::isError)) {
                config = Optional.of(model);
            }
        }
        all.sort(order(sources));
        return new Result(document, config, all);
    }

    /** Source order: file by file as given, then by position; problems without a place first. */
    private static Comparator<Diagnostic> order(List<SourceFile> sources) {
        List<String> names = sources.stream().map(SourceFile::name).toList();
        return Comparator.comparingInt((Diagnostic d) ->
                        d.subject() == null ? -1 : names.indexOf(d.subject().file()))
                .thenComparingInt(
                        d -> d.subject() == null ? -1 : d.subject().start().byteOffset());
    }
}
