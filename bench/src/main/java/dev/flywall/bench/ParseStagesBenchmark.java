package dev.flywall.bench;

import dev.flywall.grammar.HclLexer;
import dev.flywall.grammar.HclParser;
import dev.flywall.source.SourceFile;
import dev.flywall.syntax.Document;
import dev.flywall.syntax.DocumentJson;
import dev.flywall.syntax.ParseResult;
import dev.flywall.syntax.Parser;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Where the time of {@code ParseBenchmark.oursParseEvaluate} goes, stage by stage; each stage
 * includes the ones before it, so differences are the cost of a stage:
 * <ol>
 * <li>{@code a_sourceFile}: the position tables of {@link SourceFile};</li>
 * <li>{@code b_lex}: ANTLR lexer over the whole text (as {@code Parser} runs it: no whitespace
 *     tokens);</li>
 * <li>{@code c_antlrTree}: lexing and the ANTLR parse tree (SLL, bail on error, as
 *     {@code Parser} does first);</li>
 * <li>{@code d_parse}: {@code Parser.parse}: the above, lexical checks, and our syntax tree with
 *     positions (TreeBuilder), on a parser thread. {@code Parser} builds our records while it
 *     parses and drops each top-level item's ANTLR subtree, so {@code c_antlrTree}, which keeps
 *     the whole tree, allocates more live data than this stage's parsing part;</li>
 * <li>{@code e_load}: {@code Document.load} (adds collecting variables and locals);</li>
 * <li>{@code f_loadToJson}: and evaluating every attribute into JSON.</li>
 * </ol>
 * Only the 5,000-block document by default; run with {@code -p blocks=1000,5000,20000} for more.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class ParseStagesBenchmark {

    @Param({"5000"})
    public int blocks;

    private String hcl;

    @Setup
    public void setup() {
        hcl = Documents.checked(blocks).hcl();
    }

    @Benchmark
    public SourceFile a_sourceFile() {
        return new SourceFile("bench.hcl", hcl);
    }

    @Benchmark
    public CommonTokenStream b_lex(Blackhole bh) {
        bh.consume(new SourceFile("bench.hcl", hcl));
        return lex();
    }

    @Benchmark
    public HclParser.ConfigFileContext c_antlrTree(Blackhole bh) {
        bh.consume(new SourceFile("bench.hcl", hcl));
        HclParser parser = new HclParser(lex());
        parser.removeErrorListeners();
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new BailErrorStrategy());
        return parser.configFile();
    }

    @Benchmark
    public ParseResult d_parse() {
        return Parser.parse(new SourceFile("bench.hcl", hcl));
    }

    @Benchmark
    public Document e_load() {
        return Document.load(List.of(new SourceFile("bench.hcl", hcl)), Map.of());
    }

    @Benchmark
    public Object f_loadToJson() {
        return DocumentJson.toJson(Document.load(List.of(new SourceFile("bench.hcl", hcl)), Map.of()));
    }

    private CommonTokenStream lex() {
        HclLexer lexer = new HclLexer(CharStreams.fromString(hcl, "bench.hcl"));
        lexer.keepTrivia(false); // as Parser lexes
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        return tokens;
    }
}
