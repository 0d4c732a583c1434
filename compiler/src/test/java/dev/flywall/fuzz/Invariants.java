package dev.flywall.fuzz;

import dev.flywall.Compiler;
import dev.flywall.diag.Diagnostic;
import dev.flywall.diag.JsonRenderer;
import dev.flywall.diag.TextRenderer;
import dev.flywall.source.SourceFile;
import dev.flywall.source.SourcePos;
import dev.flywall.source.SourceSpan;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What must hold for every input the fuzz targets feed the compiler, whatever the input is. Each
 * check throws {@link AssertionError} with a message that names the broken rule, so that Jazzer
 * reports it as a finding and keeps the input; a crash of the compiler itself simply propagates.
 *
 * <p>The rules: the compiler returns (no exception, no error escapes); every diagnostic that
 * names a place names a real one (its file is one of the inputs, line and column exist in that
 * file, the byte offsets agree with line and column and lie within the file's UTF-8 length, the
 * span does not run backwards); diagnostics render as text and as JSON; the same input compiled
 * twice gives equal diagnostics and byte-identical artifacts (the compiler promises a pure
 * function, and a hidden dependency on hash order or a static cache would show here first); and
 * artifacts, when there are any, are safe to hand to nft and ip: no control characters but tab
 * and newline, every nft identifier a plain identifier, every jump and set reference declared.
 */
final class Invariants {

    /** No vars: a fuzzed {@code var.x} reference must be reported, not crash. */
    static final Map<String, String> NO_VARS = Map.of();

    /** How an nft identifier must look: letters, digits and underscores, not starting with a digit. */
    static final Pattern NFT_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** A declaration of a table, set, map or chain, as {@code Renderer} writes one per line. */
    private static final Pattern DECLARATION = Pattern.compile("(?m)^\\t*(table inet|set|map|chain) (\\S+) \\{$");
    /** A jump or goto target. */
    private static final Pattern JUMP = Pattern.compile("\\b(?:jump|goto) ([^\\s,;}\"]+)");
    /** A reference to a named set or map, outside quoted comments (comments are stripped first). */
    private static final Pattern SET_REFERENCE = Pattern.compile("@([^\\s,;}\"]+)");
    /** A quoted string (comments, device names): its content is not an identifier. */
    private static final Pattern QUOTED = Pattern.compile("\"(?:\\\\.|[^\"\\\\\\n])*\"");
    /** A whole-line comment. */
    private static final Pattern LINE_COMMENT = Pattern.compile("(?m)^\\t*#.*$");

    private Invariants() {}

    /**
     * Compiles the sources twice, checks every rule above, and returns the first result for
     * target-specific checks.
     */
    static Compiler.Result compileAndCheck(List<SourceFile> sources) {
        Compiler.Result first = Compiler.compile(sources, NO_VARS);
        checkDiagnostics(sources, first.diagnostics());
        Compiler.Result second = Compiler.compile(sources, NO_VARS);
        if (!first.diagnostics().equals(second.diagnostics())) {
            throw new AssertionError(
                    "nondeterministic diagnostics:\n" + first.diagnostics() + "\nthen\n" + second.diagnostics());
        }
        if (!first.artifacts().equals(second.artifacts())) {
            throw new AssertionError(
                    "nondeterministic artifacts:\n" + first.artifacts() + "\nthen\n" + second.artifacts());
        }
        if (first.hasErrors() == first.artifacts().isPresent()) {
            throw new AssertionError("artifacts must exist exactly when there is no error, but hasErrors="
                    + first.hasErrors() + " artifacts=" + first.artifacts().isPresent());
        }
        first.artifacts().ifPresent(Invariants::checkArtifacts);
        return first;
    }

    /** Every diagnostic's place is real, and the diagnostics render as text and as JSON. */
    static void checkDiagnostics(List<SourceFile> sources, List<Diagnostic> diagnostics) {
        Map<String, SourceFile> byName =
                sources.stream().collect(Collectors.toMap(SourceFile::name, Function.identity(), (a, b) -> a));
        for (Diagnostic d : diagnostics) {
            if (d.summary().isBlank()) {
                throw new AssertionError(d.code() + " has an empty summary: " + d);
            }
            SourceSpan span = d.subject();
            if (span == null) {
                continue;
            }
            SourceFile file = byName.get(span.file());
            if (file == null) {
                throw new AssertionError(d.code() + " points into unknown file " + span.file() + ": " + d);
            }
            checkPosition(file, span.start(), d);
            checkPosition(file, span.end(), d);
            if (span.end().byteOffset() < span.start().byteOffset()) {
                throw new AssertionError(d.code() + " span runs backwards: " + d);
            }
        }
        StringWriter text = new StringWriter();
        new TextRenderer(false).write(diagnostics, byName::get, new PrintWriter(text));
        StringWriter json = new StringWriter();
        new JsonRenderer().write(diagnostics, byName::get, new PrintWriter(json));
        if (!diagnostics.isEmpty()
                && (text.toString().isEmpty() || json.toString().isEmpty())) {
            throw new AssertionError("diagnostics rendered as nothing: " + diagnostics);
        }
    }

    /**
     * A position exists in the file and is self-consistent: the code point it names, turned back
     * into a position by the file's own tables, gives the same line, column and byte offset.
     */
    private static void checkPosition(SourceFile file, SourcePos pos, Diagnostic d) {
        int utf8Length = file.text().getBytes(StandardCharsets.UTF_8).length;
        if (pos.line() < 1
                || pos.line() > file.lineCount()
                || pos.column() < 1
                || pos.byteOffset() < 0
                || pos.byteOffset() > utf8Length) {
            throw new AssertionError(d.code() + " position " + pos.line() + ":" + pos.column() + "@"
                    + pos.byteOffset() + " outside " + file.name() + " (" + file.lineCount() + " lines, "
                    + utf8Length + " bytes): " + d);
        }
        int lineStart = file.lineStart(pos.line());
        int nextLineStart = pos.line() < file.lineCount() ? file.lineStart(pos.line() + 1) : file.length();
        int index = lineStart + pos.column() - 1;
        if (index > nextLineStart) {
            throw new AssertionError(d.code() + " column " + pos.column() + " beyond line " + pos.line() + " ("
                    + (nextLineStart - lineStart) + " code points): " + d);
        }
        if (!file.pos(index).equals(pos)) {
            throw new AssertionError(d.code() + " position " + pos + "@" + pos.byteOffset()
                    + " disagrees with the file, which puts that line and column at byte "
                    + file.pos(index).byteOffset() + ": " + d);
        }
    }

    /**
     * The rendered files contain no control characters but tab and newline, and the ruleset's
     * identifiers are plain and resolve: an nft name or a stray character taken from the
     * configuration unescaped would make {@code nft -f} fail at apply time, or worse, mean
     * something else.
     */
    static void checkArtifacts(Compiler.Artifacts artifacts) {
        artifacts.files().forEach((file, content) -> checkNoControlCharacters(file, content, file.endsWith(".json")));
        String ruleset = artifacts.rulesetNft();
        String code =
                QUOTED.matcher(LINE_COMMENT.matcher(ruleset).replaceAll("")).replaceAll("\"\"");
        Set<String> chains = new HashSet<>();
        Set<String> sets = new HashSet<>();
        Matcher declaration = DECLARATION.matcher(code);
        while (declaration.find()) {
            String name = declaration.group(2);
            requireIdentifier(name, declaration.group());
            switch (declaration.group(1)) {
                case "chain" -> chains.add(name);
                case "set", "map" -> sets.add(name);
                default -> {}
            }
        }
        Matcher jump = JUMP.matcher(code);
        while (jump.find()) {
            requireIdentifier(jump.group(1), jump.group());
            if (!chains.contains(jump.group(1))) {
                throw new AssertionError("ruleset jumps to undeclared chain " + jump.group(1) + ":\n" + ruleset);
            }
        }
        Matcher reference = SET_REFERENCE.matcher(code);
        while (reference.find()) {
            requireIdentifier(reference.group(1), reference.group());
            if (!sets.contains(reference.group(1))) {
                throw new AssertionError("ruleset uses undeclared set @" + reference.group(1) + ":\n" + ruleset);
            }
        }
    }

    private static void requireIdentifier(String name, String where) {
        if (!NFT_IDENTIFIER.matcher(name).matches()) {
            throw new AssertionError("nft identifier " + name + " is not [A-Za-z_][A-Za-z0-9_]* in: " + where);
        }
    }

    /**
     * nft and ip read lines: any C0 or C1 control, DEL or Unicode line separator is refused.
     * JSON may carry C1 characters and separators raw inside strings (Jackson escapes only what
     * JSON forbids), so in JSON only C0 controls other than tab and newline are refused.
     */
    private static void checkNoControlCharacters(String file, String content, boolean json) {
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            boolean line = c >= 0x7f && c < 0xa0 || c == 0x2028 || c == 0x2029;
            if (c != '\n' && c != '\t' && (c < 0x20 || !json && line)) {
                throw new AssertionError(
                        file + " contains control character U+%04X at %d:\n%s".formatted((int) c, i, content));
            }
        }
    }
}
