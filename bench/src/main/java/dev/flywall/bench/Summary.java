package dev.flywall.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Prints the summary of a JMH JSON result file ({@code -rf json}) of the parse benchmarks: the
 * figures per document size (the median of the measurement iterations, which other load on the
 * machine disturbs less than the mean, with min and max), the ratios to Jackson, and ms per
 * 1,000 blocks (linearity).
 * With the file that {@link CpuMeter} writes, also the same for CPU time per operation.
 * Usage: {@code java -cp benchmarks.jar dev.flywall.bench.Summary results.json [cpu.jsonl]}.
 */
public final class Summary {

    /** Issue 14: parse + evaluate at most 6× Jackson on the same document. */
    private static final double TARGET = 6.0;

    /** The median over the measurement iterations (robust to interference), with min and max. */
    private record Score(double ms, double min, double max) {

        static Score single(double ms) {
            return new Score(ms, Double.NaN, Double.NaN);
        }
    }

    /** Rows of the main table: JMH benchmark name → label. */
    private static final Map<String, String> MAIN = new java.util.LinkedHashMap<>();

    static {
        MAIN.put("ParseBenchmark.oursParse", "ours, parse only");
        MAIN.put("ParseBenchmark.oursParseEvaluate", "ours, parse + evaluate");
        MAIN.put("ParseBenchmark.jackson", "Jackson readTree (JSON form)");
        MAIN.put("Hcl4jBenchmark.hcl4j", "hcl4j 0.9.8");
    }

    private Summary() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: Summary <jmh-results.json> [<cpu-results.jsonl>]");
            System.exit(2);
        }
        JsonNode results = new ObjectMapper().readTree(new File(args[0]));
        // benchmark (Class.method) -> blocks -> score
        Map<String, Map<Integer, Score>> scores = new TreeMap<>();
        TreeSet<Integer> sizes = new TreeSet<>();
        for (JsonNode r : results) {
            String name = r.path("benchmark").asText();
            name = shortName(name);
            int blocks = r.path("params").path("blocks").asInt();
            JsonNode m = r.path("primaryMetric");
            if (!"ms/op".equals(m.path("scoreUnit").asText())) {
                throw new IllegalArgumentException(
                        name + ": expected ms/op, got " + m.path("scoreUnit").asText());
            }
            List<Double> raw = new ArrayList<>();
            m.path("rawData").forEach(fork -> fork.forEach(v -> raw.add(v.asDouble())));
            raw.sort(null);
            Score score = raw.isEmpty()
                    ? Score.single(m.path("score").asDouble())
                    : new Score(median(raw), raw.get(0), raw.get(raw.size() - 1));
            scores.computeIfAbsent(name, k -> new TreeMap<>()).put(blocks, score);
            sizes.add(blocks);
        }
        List<Integer> cols = new ArrayList<>(sizes);
        StringBuilder out = new StringBuilder();

        out.append("\nDocuments (generated, seed ").append(ConfigGenerator.SEED).append(")\n");
        row(out, "blocks", cols, b -> String.format(Locale.ROOT, "%,d", b));
        row(out, "HCL size", cols, b -> kb(ConfigGenerator.generate(b).hcl()));
        row(
                out,
                "JSON size (pretty-printed)",
                cols,
                b -> kb(ConfigGenerator.generate(b).json()));

        figures(
                out,
                "wall-clock ms per parse (JMH average time: median [min–max] of the measurement iterations)",
                scores,
                cols);
        if (args.length > 1 && new File(args[1]).isFile()) {
            Map<String, Map<Integer, Score>> cpu = new TreeMap<>();
            for (String line : java.nio.file.Files.readAllLines(new File(args[1]).toPath())) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode r = new ObjectMapper().readTree(line);
                String name = shortName(r.path("benchmark").asText());
                cpu.computeIfAbsent(name, k -> new TreeMap<>())
                        .put(
                                r.path("blocks").asInt(),
                                Score.single(r.path("cpuMsPerOp").asDouble()));
            }
            figures(
                    out,
                    "CPU ms per parse (process CPU time of the benchmark JVM, GC and JIT included;"
                            + " less sensitive to other load than wall-clock time)",
                    cpu,
                    cols);
        }
        stages(out, scores);
        System.out.print(out);
    }

    private static String shortName(String benchmark) {
        return benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
    }

    /** The figures of one measure, their ratios, ms per 1,000 blocks and the target check. */
    private static void figures(
            StringBuilder out, String title, Map<String, Map<Integer, Score>> scores, List<Integer> cols) {
        out.append("\n").append(title).append('\n');
        row(out, "", cols, b -> String.format(Locale.ROOT, "%,d blocks", b));
        for (var e : MAIN.entrySet()) {
            Map<Integer, Score> s = scores.get(e.getKey());
            if (s != null) {
                row(out, e.getValue(), cols, b -> s.containsKey(b) ? fmt(s.get(b)) : "—");
            }
        }
        out.append("  ratios\n");
        ratio(out, "ours parse / Jackson", cols, scores, "ParseBenchmark.oursParse", "ParseBenchmark.jackson");
        ratio(
                out,
                "ours parse+eval / Jackson",
                cols,
                scores,
                "ParseBenchmark.oursParseEvaluate",
                "ParseBenchmark.jackson");
        ratio(out, "hcl4j / ours parse+eval", cols, scores, "Hcl4jBenchmark.hcl4j", "ParseBenchmark.oursParseEvaluate");
        out.append("  ms per 1,000 blocks (flat = linear)\n");
        for (var e : MAIN.entrySet()) {
            Map<Integer, Score> s = scores.get(e.getKey());
            if (s != null) {
                row(
                        out,
                        e.getValue(),
                        cols,
                        b -> s.containsKey(b)
                                ? String.format(Locale.ROOT, "%.2f", s.get(b).ms() / (b / 1000.0))
                                : "—");
            }
        }
        Map<Integer, Score> ours = scores.get("ParseBenchmark.oursParseEvaluate");
        Map<Integer, Score> jackson = scores.get("ParseBenchmark.jackson");
        if (ours != null && jackson != null) {
            row(
                    out,
                    "target: parse+eval ≤ " + (int) TARGET + "× Jackson",
                    cols,
                    b -> ours.containsKey(b) && jackson.containsKey(b)
                            ? (ours.get(b).ms() / jackson.get(b).ms() <= TARGET ? "met" : "NOT met")
                            : "—");
        }
    }

    private static void stages(StringBuilder out, Map<String, Map<Integer, Score>> scores) {
        String[][] stages = {
            {"ParseStagesBenchmark.a_sourceFile", "SourceFile (position tables)"},
            {"ParseStagesBenchmark.b_lex", "+ ANTLR lexer (all tokens)"},
            {"ParseStagesBenchmark.c_antlrTree", "+ ANTLR parse tree (SLL)"},
            {"ParseStagesBenchmark.d_parse", "+ checks, TreeBuilder, thread = Parser.parse"},
            {"ParseStagesBenchmark.e_load", "+ variables/locals = Document.load"},
            {"ParseStagesBenchmark.f_loadToJson", "+ evaluate all = DocumentJson.toJson"},
        };
        if (!scores.containsKey(stages[0][0])) {
            return;
        }
        TreeSet<Integer> sizes = new TreeSet<>(scores.get(stages[0][0]).keySet());
        for (int b : sizes) {
            out.append(String.format(
                    Locale.ROOT, "%nstages at %,d blocks (cumulative ms: median [min–max]; stage ms; share)%n", b));
            double previous = 0;
            double total = scores.getOrDefault(stages[stages.length - 1][0], Map.of())
                    .getOrDefault(b, Score.single(Double.NaN))
                    .ms();
            for (String[] stage : stages) {
                Score s = scores.getOrDefault(stage[0], Map.of()).get(b);
                if (s == null) {
                    continue;
                }
                double delta = s.ms() - previous;
                out.append(String.format(
                        Locale.ROOT, "  %-46s %22s %9.1f %5.0f%%%n", stage[1], fmt(s), delta, 100 * delta / total));
                previous = s.ms();
            }
        }
    }

    private static void ratio(
            StringBuilder out,
            String label,
            List<Integer> cols,
            Map<String, Map<Integer, Score>> scores,
            String a,
            String b) {
        Map<Integer, Score> x = scores.get(a);
        Map<Integer, Score> y = scores.get(b);
        if (x == null || y == null) {
            return;
        }
        row(
                out,
                label,
                cols,
                n -> x.containsKey(n) && y.containsKey(n)
                        ? String.format(
                                Locale.ROOT, "%.1f×", x.get(n).ms() / y.get(n).ms())
                        : "—");
    }

    private static void row(
            StringBuilder out, String label, List<Integer> cols, java.util.function.IntFunction<String> cell) {
        out.append(String.format(Locale.ROOT, "  %-34s", label));
        for (int b : cols) {
            out.append(String.format(Locale.ROOT, " %22s", cell.apply(b)));
        }
        out.append('\n');
    }

    private static String fmt(Score s) {
        if (Double.isNaN(s.min())) {
            return num(s.ms());
        }
        return num(s.ms()) + " [" + num(s.min()) + "–" + num(s.max()) + "]";
    }

    private static String num(double ms) {
        return ms >= 100
                ? String.format(Locale.ROOT, "%,.0f", ms)
                : ms >= 10 ? String.format(Locale.ROOT, "%.1f", ms) : String.format(Locale.ROOT, "%.2f", ms);
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String kb(String text) {
        return String.format(Locale.ROOT, "%,d KB", text.getBytes(StandardCharsets.UTF_8).length / 1000);
    }
}
