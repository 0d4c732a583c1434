package dev.flywall.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywall.grammar.HclLexer;
import dev.flywall.grammar.HclParser;
import dev.flywall.source.SourceFile;
import dev.flywall.syntax.Document;
import dev.flywall.syntax.DocumentJson;
import dev.flywall.syntax.Parser;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.atn.PredictionMode;

/**
 * The floor ANTLR sets: process CPU per operation of each stage of a parse + evaluate of the
 * generated document, each stage including the ones before it, next to Jackson's whole parse.
 * {@code lex} is the lexer as {@link Parser} runs it (no whitespace tokens), {@code antlrParse}
 * adds ANTLR's SLL parser building nothing (no parse tree, no records: what no way of building
 * our records can go below while ANTLR parses), {@code parse} is {@link Parser#parse} and
 * {@code parseEvaluate} {@link Document#load} and {@link DocumentJson#toJson}.
 *
 * <p>Usage: {@code java -XX:+UseSerialGC -Xmn3g -Xmx4g -cp bench/target/benchmarks.jar
 * dev.flywall.bench.ParseFloor [blocks] [rounds] [ops per round]}; prints the minimum and the
 * median over the rounds after the first third (SerialGC and a large young generation keep GC out
 * of the figures; the minimum is the figure least disturbed by other load).
 */
public final class ParseFloor {

    private ParseFloor() {}

    public static void main(String[] args) throws Exception {
        int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        int ops = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        ConfigGenerator.Generated g = Documents.checked(blocks);
        ObjectMapper mapper = new ObjectMapper();
        List<String> names = List.of("lex", "antlrParse", "parse", "parseEvaluate", "jackson");
        List<Callable<Object>> stages = List.of(
                () -> lex(g.hcl()),
                () -> antlrParse(g.hcl()),
                () -> Parser.parse(new SourceFile("bench.hcl", g.hcl())),
                () -> DocumentJson.toJson(Document.load(List.of(new SourceFile("bench.hcl", g.hcl())), Map.of())),
                () -> mapper.readTree(g.json()));
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<double[]> ms = new ArrayList<>();
        stages.forEach(s -> ms.add(new double[rounds]));
        for (int r = 0; r < rounds; r++) {
            for (int s = 0; s < stages.size(); s++) {
                int n = names.get(s).equals("jackson") ? ops * 10 : ops; // ticks: more of the short one
                System.gc();
                long t0 = os.getProcessCpuTime();
                for (int i = 0; i < n; i++) {
                    stages.get(s).call();
                }
                ms.get(s)[r] = (os.getProcessCpuTime() - t0) / 1e6 / n;
            }
        }
        double jackson = 0;
        for (int s = stages.size() - 1; s >= 0; s--) {
            double[] v = Arrays.copyOfRange(ms.get(s), rounds / 3, rounds);
            Arrays.sort(v);
            if (s == stages.size() - 1) {
                jackson = v[0];
            }
            System.out.printf(
                    Locale.ROOT,
                    "%-14s min %6.2f ms  median %6.2f ms  min / Jackson's min %5.1fx%n",
                    names.get(s),
                    v[0],
                    v[v.length / 2],
                    v[0] / jackson);
        }
    }

    private static CommonTokenStream lex(String hcl) {
        HclLexer lexer = new HclLexer(CharStreams.fromString(hcl, "bench.hcl"));
        lexer.keepTrivia(false);
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        return tokens;
    }

    private static Object antlrParse(String hcl) {
        HclParser parser = new HclParser(lex(hcl));
        parser.setBuildParseTree(false);
        parser.removeErrorListeners();
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new BailErrorStrategy());
        return parser.configFile();
    }
}
