package dev.flywall.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.flywall.Compiler;
import dev.flywall.diag.Diagnostic;
import dev.flywall.format.Formatter;
import dev.flywall.source.SourceFile;
import dev.flywall.syntax.DeepStack;
import dev.flywall.syntax.Document;
import dev.flywall.syntax.DocumentJson;
import dev.flywall.syntax.ParseResult;
import dev.flywall.syntax.Parser;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided fuzz targets for the whole pipeline: parse → evaluate → decode → model →
 * validate → plan → render, and fmt. {@link Invariants} says what must hold for every input.
 *
 * <p>Two modes, both Jazzer's. In a plain {@code mvn verify} each target runs once per file in
 * {@code src/test/resources/dev/flywall/fuzz/CompilerFuzzTestInputs/<method>/} (the seed corpus:
 * the examples, the invalid examples, tricky snippets, and every crash input ever found, named
 * {@code crash-*}), which makes them regression tests. With {@code JAZZER_FUZZ=1} and one target
 * selected ({@code bench/run-fuzz.sh}) Jazzer instruments the compiler and mutates inputs for
 * {@code maxDuration}, starting from that corpus; see {@code bench/FUZZING.md}.
 *
 * <p>Each target runs its whole body on one {@link DeepStack} thread: the parser, evaluator and
 * front end each start a deep-stack thread when not already on one, and a thread per call would
 * cost a large share of the executions per second for no coverage.
 *
 * <p>This complements {@code ParserRobustnessTest} (fixed-seed mutations of valid files, parser
 * and evaluator only): here the mutations are guided by coverage, go through the decoder,
 * validator, planner and renderers, and check determinism and the artifacts too.
 */
class CompilerFuzzTest {

    /**
     * Arbitrary bytes, decoded as UTF-8 (malformed sequences become U+FFFD, as a lenient reader
     * would) and, when they are not valid UTF-8, also byte for byte as Latin-1 so that every raw
     * byte, C1 controls included, reaches the lexer as a character: the compiler returns, its
     * diagnostics point into the file, and two runs agree exactly.
     */
    @FuzzTest(maxDuration = "60s")
    void compileNeverThrows(byte[] data) {
        onDeepStack(() -> {
            String utf8 = new String(data, StandardCharsets.UTF_8);
            Invariants.compileAndCheck(List.of(new SourceFile("fuzz.hcl", utf8)));
            if (!Arrays.equals(utf8.getBytes(StandardCharsets.UTF_8), data)) {
                String latin1 = new String(data, StandardCharsets.ISO_8859_1);
                Invariants.compileAndCheck(List.of(new SourceFile("fuzz.hcl", latin1)));
            }
        });
    }

    /**
     * For text that parses, fmt returns, its output parses, formatting again changes nothing, and
     * the formatted file means the same: evaluating both gives the same diagnostic codes and,
     * without errors, the same document. {@link Formatter#format} itself refuses (throws) output
     * whose significant tokens differ from the input's (the check of {@code SignificantTokensTest}),
     * so that guard runs on every input too; the evaluation comparison adds what a token check
     * cannot see. fmt turns CRLF into LF, in heredocs too, so the input is compared with its
     * CRLFs made LF.
     */
    @FuzzTest(maxDuration = "60s")
    void formatNeverThrowsAndIsIdempotent(byte[] data) {
        onDeepStack(() -> {
            String text = new String(data, StandardCharsets.UTF_8);
            SourceFile source = new SourceFile("fuzz.hcl", text);
            ParseResult parsed = Parser.parse(source);
            Invariants.checkDiagnostics(List.of(source), parsed.diagnostics());
            if (parsed.hasErrors()) {
                return;
            }
            String once = Formatter.format(text);
            ParseResult reparsed = Parser.parse(new SourceFile("fuzz.hcl", once));
            if (reparsed.hasErrors()) {
                throw new AssertionError("fmt output does not parse: " + reparsed.diagnostics() + "\n" + once);
            }
            String twice = Formatter.format(once);
            if (!twice.equals(once)) {
                throw new AssertionError("fmt is not idempotent:\n--- once\n" + once + "\n--- twice\n" + twice);
            }
            Document before =
                    Document.load(List.of(new SourceFile("fuzz.hcl", text.replace("\r\n", "\n"))), Invariants.NO_VARS);
            Document after = Document.load(List.of(new SourceFile("fuzz.hcl", once)), Invariants.NO_VARS);
            List<String> codesBefore = codes(before.diagnostics());
            List<String> codesAfter = codes(after.diagnostics());
            if (!codesBefore.equals(codesAfter)) {
                throw new AssertionError("fmt changed the diagnostics from " + before.diagnostics() + " to "
                        + after.diagnostics() + "\n--- input\n" + text + "\n--- formatted\n" + once);
            }
            if (!before.hasErrors() && !DocumentJson.toJson(before).equals(DocumentJson.toJson(after))) {
                throw new AssertionError("fmt changed the meaning: " + DocumentJson.toJson(before) + " became "
                        + DocumentJson.toJson(after) + "\n--- input\n" + text + "\n--- formatted\n" + once);
            }
        });
    }

    /**
     * Configurations assembled from flywall's own blocks and attributes, with values the fuzzer
     * picks among valid, borderline and wrong ones ({@link ConfigGenerator}), spread over one or
     * two files: most inputs parse, so the fuzzer spends its time in decode, validate, plan and
     * render rather than on syntax errors. Besides the rules of {@link Invariants} (which include
     * the ruleset's identifiers and control characters), a configuration without errors must
     * also format to a fixed point.
     */
    @FuzzTest(maxDuration = "60s")
    void structuredConfigCompiles(FuzzedDataProvider data) {
        onDeepStack(() -> {
            List<SourceFile> sources = new ConfigGenerator(data).sources();
            Compiler.Result result = Invariants.compileAndCheck(sources);
            if (!result.hasErrors()) {
                for (SourceFile source : sources) {
                    String once = Formatter.format(source.text());
                    if (!Formatter.format(once).equals(once)) {
                        throw new AssertionError("fmt is not idempotent on " + source.name() + ":\n" + once);
                    }
                }
            }
        });
    }

    private static List<String> codes(List<Diagnostic> diagnostics) {
        return diagnostics.stream().map(d -> d.code().id()).toList();
    }

    private static void onDeepStack(Runnable target) {
        DeepStack.call(() -> {
            target.run();
            return null;
        });
    }
}
