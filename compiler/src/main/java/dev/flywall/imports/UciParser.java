package dev.flywall.imports;

import dev.flywall.diag.Code;
import dev.flywall.diag.Diagnostic;
import dev.flywall.source.SourceFile;
import dev.flywall.source.SourceSpan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A small, strict reader of OpenWrt's UCI files ({@code /etc/config/*}): one statement a line,
 * {@code package NAME}, {@code config TYPE ['NAME']}, {@code option NAME VALUE}, {@code list NAME
 * VALUE}; words bare, in single quotes (taken as written) or double quotes (with backslash
 * escapes), pieces of one word written next to each other joined; {@code #} at the start of a word
 * begins a comment. Every mistake is an E0701 diagnostic at its line and column; reading goes on
 * with the next line, and the options of a section whose {@code config} line is broken are skipped
 * without further errors.
 */
public final class UciParser {

    /** Section and option names: what uci itself accepts. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");
    /** Section types may also hold '-'. */
    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_-]+");

    /** What was read, and what could not be. */
    public record Result(Uci uci, List<Diagnostic> diagnostics) {

        public boolean hasErrors() {
            return diagnostics.stream().anyMatch(Diagnostic::isError);
        }
    }

    private record Token(String text, int start, int end) {}

    private final SourceFile source;
    private final int[] cps;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final List<Uci.Section> sections = new ArrayList<>();
    private final Map<String, Integer> anonymousCount = new HashMap<>();

    private String type;
    private String name;
    private boolean anonymous;
    private SourceSpan sectionSpan;
    private List<Uci.Option> options;
    /** The last config line was broken: its options are skipped silently. */
    private boolean skipping;

    private UciParser(SourceFile source) {
        this.source = source;
        this.cps = source.text().codePoints().toArray();
    }

    public static Result parse(SourceFile source) {
        UciParser parser = new UciParser(source);
        parser.run();
        return new Result(new Uci(source.name(), parser.sections), List.copyOf(parser.diagnostics));
    }

    private void run() {
        int i = 0;
        while (i <= cps.length) {
            int end = i;
            while (end < cps.length && cps[end] != '\n') {
                end++;
            }
            List<Token> tokens = tokens(i, end);
            if (tokens != null && !tokens.isEmpty()) {
                statement(tokens, end);
            }
            i = end + 1;
        }
        closeSection();
    }

    /** The words of one line, or null after reporting a malformed one. */
    private List<Token> tokens(int from, int to) {
        List<Token> tokens = new ArrayList<>();
        int i = from;
        while (i < to) {
            int c = cps[i];
            if (c == ' ' || c == '\t' || c == '\r') {
                i++;
                continue;
            }
            if (c == '#') {
                break;
            }
            int start = i;
            StringBuilder word = new StringBuilder();
            while (i < to && cps[i] != ' ' && cps[i] != '\t' && cps[i] != '\r') {
                int q = cps[i];
                if (q == '\'' || q == '"') {
                    int close = quoted(i, to, word);
                    if (close < 0) {
                        error(
                                "Unterminated string",
                                "A quoted value must end on its line with the same quote.",
                                i,
                                to,
                                "this quote is not closed");
                        return null;
                    }
                    i = close + 1;
                } else {
                    word.appendCodePoint(q);
                    i++;
                }
            }
            tokens.add(new Token(word.toString(), start, i));
        }
        return tokens;
    }

    /** Appends the content of the quoted piece at {@code open}; the index of its closing quote, or -1. */
    private int quoted(int open, int to, StringBuilder word) {
        int quote = cps[open];
        for (int i = open + 1; i < to; i++) {
            int c = cps[i];
            if (c == quote) {
                return i;
            }
            if (quote == '"' && c == '\\' && i + 1 < to) {
                i++;
                c = cps[i];
            }
            word.appendCodePoint(c);
        }
        return -1;
    }

    private void statement(List<Token> tokens, int lineEnd) {
        Token keyword = tokens.get(0);
        switch (keyword.text()) {
            case "package" -> arguments(tokens, 1, 1, "package NAME", lineEnd);
            case "config" -> config(tokens, lineEnd);
            case "option", "list" -> option(tokens, lineEnd);
            default ->
                error(
                        "Unknown UCI statement",
                        "A UCI line starts with config, option, list or package (or # for a comment).",
                        keyword.start(),
                        keyword.end(),
                        "not config, option, list or package");
        }
    }

    private void config(List<Token> tokens, int lineEnd) {
        closeSection();
        skipping = true;
        if (!arguments(tokens, 1, 2, "config TYPE 'NAME'", lineEnd)) {
            return;
        }
        Token typeToken = tokens.get(1);
        if (!valid(typeToken, TYPE, "section type")) {
            return;
        }
        type = typeToken.text();
        if (tokens.size() == 3) {
            Token nameToken = tokens.get(2);
            if (!valid(nameToken, NAME, "section name")) {
                return;
            }
            name = nameToken.text();
            anonymous = false;
        } else {
            int index = anonymousCount.merge(type, 1, Integer::sum) - 1;
            name = "@" + type + "[" + index + "]";
            anonymous = true;
        }
        skipping = false;
        sectionSpan =
                source.span(tokens.get(0).start(), tokens.get(tokens.size() - 1).end());
        options = new ArrayList<>();
    }

    private void option(List<Token> tokens, int lineEnd) {
        Token keyword = tokens.get(0);
        if (options == null) {
            if (!skipping) {
                error(
                        "Option outside a section",
                        "Every option and list line belongs to the config section above it.",
                        keyword.start(),
                        keyword.end(),
                        "no config line before this");
            }
            return;
        }
        if (!arguments(tokens, 2, 2, keyword.text() + " NAME 'VALUE'", lineEnd)) {
            return;
        }
        Token key = tokens.get(1);
        if (!valid(key, NAME, "option name")) {
            return;
        }
        Token value = tokens.get(2);
        options.add(new Uci.Option(
                keyword.text().equals("list"), key.text(), value.text(), source.span(keyword.start(), value.end())));
    }

    /** Checks the number of words after the keyword; reports a wrong count. */
    private boolean arguments(List<Token> tokens, int min, int max, String shape, int lineEnd) {
        int given = tokens.size() - 1;
        if (given < min) {
            Token last = tokens.get(tokens.size() - 1);
            error(
                    "Missing value",
                    "This line is written " + shape + ".",
                    last.end(),
                    last.end(),
                    "expected " + (min - given == 1 ? "one more word" : (min - given) + " more words") + " here");
            return false;
        }
        if (given > max) {
            Token extra = tokens.get(max + 1);
            error(
                    "Extra words",
                    "This line is written " + shape + "; quote a value that holds spaces.",
                    extra.start(),
                    tokens.get(tokens.size() - 1).end(),
                    "not expected here");
            return false;
        }
        return true;
    }

    private boolean valid(Token token, Pattern pattern, String what) {
        if (pattern.matcher(token.text()).matches()) {
            return true;
        }
        String allowed = pattern == TYPE ? "letters, digits, '_' and '-'" : "letters, digits and '_'";
        error(
                "Invalid " + what,
                "A UCI " + what + " is made of " + allowed + ".",
                token.start(),
                token.end(),
                token.text().isEmpty() ? "empty" : "not a valid " + what);
        return false;
    }

    private void closeSection() {
        if (options != null) {
            sections.add(new Uci.Section(type, name, anonymous, sectionSpan, options));
        }
        options = null;
    }

    private void error(String summary, String detail, int start, int end, String label) {
        diagnostics.add(Diagnostic.error(Code.E0701, summary, detail, source.span(start, end))
                .withLabel(label));
    }
}
