package dev.flywall.lsp;

import dev.flywall.diag.Diagnostic;
import dev.flywall.diag.DidYouMean;
import dev.flywall.source.SourceFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;

/**
 * A quick fix for each diagnostic that suggests a name ("did you mean "eth0"?"): it replaces, in
 * the diagnostic's subject, the word the suggestion is closest to — a misspelt argument or block
 * type, a string, a block label, a variable's name — with the suggestion.
 */
final class QuickFixes {

    /** The words of a subject a suggestion may replace: a quoted string's text, or a bare name. */
    private static final Pattern WORD = Pattern.compile("\"([^\"\\\\]*)\"|([A-Za-z0-9_][A-Za-z0-9_-]*)");

    private QuickFixes() {}

    /** The fixes for the diagnostics of {@code uri} whose subject meets {@code range}. */
    static List<CodeAction> in(Analysis analysis, String uri, Range range) {
        Optional<SourceFile> source = analysis.configuration().member(uri).map(Configuration.Member::source);
        if (source.isEmpty()) {
            return List.of();
        }
        List<CodeAction> actions = new ArrayList<>();
        for (Diagnostic d : analysis.byUri(uri).getOrDefault(uri, List.of())) {
            if (d.subject() == null) {
                continue;
            }
            org.eclipse.lsp4j.Diagnostic lsp = Diagnostics.toLsp(d, source);
            if (!meets(lsp.getRange(), range)) {
                continue;
            }
            DidYouMean.suggestion(d)
                    .flatMap(s -> edit(source.get(), d, s))
                    .ifPresent(edit -> actions.add(action(uri, lsp, edit)));
        }
        return actions;
    }

    /** The edit that puts the suggestion in place of the closest word of the subject. */
    static Optional<TextEdit> edit(SourceFile source, Diagnostic d, String suggestion) {
        if (d.subject().start().line() != d.subject().end().line()) {
            return Optional.empty();
        }
        String subject = source.text(d.subject());
        Range range = Positions.toLsp(source, d.subject());
        if (subject.matches("[0-9]+(\\.[0-9]+)?")) {
            return Optional.of(new TextEdit(range, "\"" + suggestion + "\"")); // 5 → "5s"
        }
        List<int[]> spans = new ArrayList<>(); // [start, end) of each word's text in the subject
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(subject);
        while (m.find()) {
            int group = m.group(1) != null ? 1 : 2;
            if (!m.group(group).equals(suggestion)) {
                spans.add(new int[] {m.start(group), m.end(group)});
                words.add(m.group(group));
            }
        }
        Optional<String> closest = DidYouMean.suggest(suggestion, words);
        if (closest.isEmpty()) {
            return Optional.empty();
        }
        int[] at = spans.get(words.lastIndexOf(closest.get()));
        int line = range.getStart().getLine();
        int column = range.getStart().getCharacter();
        return Optional.of(new TextEdit(
                new Range(new Position(line, column + at[0]), new Position(line, column + at[1])), suggestion));
    }

    private static CodeAction action(String uri, org.eclipse.lsp4j.Diagnostic lsp, TextEdit edit) {
        CodeAction action = new CodeAction("Change to \"" + edit.getNewText().replace("\"", "") + "\"");
        action.setKind(CodeActionKind.QuickFix);
        action.setDiagnostics(List.of(lsp));
        action.setIsPreferred(true);
        action.setEdit(new WorkspaceEdit(Map.of(uri, List.of(edit))));
        return action;
    }

    private static boolean meets(Range a, Range b) {
        return compare(a.getStart(), b.getEnd()) <= 0 && compare(b.getStart(), a.getEnd()) <= 0;
    }

    private static int compare(Position a, Position b) {
        return a.getLine() != b.getLine()
                ? Integer.compare(a.getLine(), b.getLine())
                : Integer.compare(a.getCharacter(), b.getCharacter());
    }
}
