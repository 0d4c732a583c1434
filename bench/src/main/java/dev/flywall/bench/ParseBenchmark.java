package dev.flywall.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywall.source.SourceFile;
import dev.flywall.syntax.Document;
import dev.flywall.syntax.DocumentJson;
import dev.flywall.syntax.ParseResult;
import dev.flywall.syntax.Parser;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;

/**
 * Our parser against Jackson reading the same document in HCL's JSON form: the speed a parser
 * of this size can hope for. Every operation starts from the text (a String), so ours includes
 * building the {@link SourceFile} position tables, as loading a file does.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class ParseBenchmark {

    @Param({"1000", "5000", "20000"})
    public int blocks;

    private String hcl;
    private String json;
    private final ObjectMapper mapper = new ObjectMapper();

    @Setup
    public void setup() {
        ConfigGenerator.Generated g = Documents.checked(blocks);
        hcl = g.hcl();
        json = g.json();
    }

    private final CpuMeter cpu = new CpuMeter();

    @Setup(Level.Iteration)
    public void iterationStart(IterationParams iteration) {
        cpu.iterationStart(iteration);
    }

    @TearDown(Level.Iteration)
    public void iterationEnd() {
        cpu.iterationEnd();
    }

    @TearDown(Level.Trial)
    public void report(BenchmarkParams benchmark) {
        cpu.report(benchmark);
    }

    /** Parse only: lexer, ANTLR parser, syntax tree with positions. */
    @Benchmark
    public ParseResult oursParse() {
        cpu.op();
        return Parser.parse(new SourceFile("bench.hcl", hcl));
    }

    /** Parse, then evaluate every attribute into the JSON tree (like `flywall eval`). */
    @Benchmark
    public ObjectNode oursParseEvaluate() {
        cpu.op();
        Document doc = Document.load(List.of(new SourceFile("bench.hcl", hcl)), Map.of());
        return DocumentJson.toJson(doc);
    }

    /** Jackson's tree model over the same content as JSON. */
    @Benchmark
    public JsonNode jackson() throws Exception {
        cpu.op();
        return mapper.readTree(json);
    }
}
