package dev.flywall.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywall.source.SourceFile;
import dev.flywall.syntax.Document;
import dev.flywall.syntax.DocumentJson;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A plain loop for profilers (JFR, async-profiler) and for CPU figures without JMH: parses and
 * evaluates the generated document of {@code blocks} top-level blocks, alternating rounds of ours
 * and of Jackson on the same content, and prints the process CPU time per operation of each round (process, not thread: the parser
 * runs on a thread of its own, see DeepStack; JIT threads are counted too, so skip the first rounds).
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.flywall.bench.ProfileLoop [blocks]
 * [rounds] [ops per round] [Jackson ops per op of ours]}. Jackson runs 10 times as many
 * operations per round by default: its parse is short, and process CPU time is counted in
 * clock ticks. The last line sums up the rounds after the first third (warm-up): the minimum
 * (the figure least disturbed by other load) and the median of each, and their ratios. Run it with {@code -XX:+UseSerialGC -Xmn3g -Xmx4g} to keep GC out
 * of the figures (each round starts after a {@code System.gc()}), or with
 * {@code -XX:StartFlightRecording=filename=parse.jfr} to see where our time goes.
 */
public final class ProfileLoop {

    private ProfileLoop() {}

    public static void main(String[] args) throws Exception {
        int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int ops = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int jacksonOps = ops * (args.length > 3 ? Integer.parseInt(args[3]) : 10);
        double[] oursMs = new double[rounds];
        double[] jacksonMs = new double[rounds];
        ConfigGenerator.Generated g = Documents.checked(blocks);
        ObjectMapper mapper = new ObjectMapper();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int r = 0; r < rounds; r++) {
            System.gc();
            long t0 = os.getProcessCpuTime();
            long sink = 0;
            for (int i = 0; i < ops; i++) {
                Document doc = Document.load(List.of(new SourceFile("bench.hcl", g.hcl())), Map.of());
                sink += DocumentJson.toJson(doc).size();
            }
            long ours = os.getProcessCpuTime() - t0;
            System.gc();
            t0 = os.getProcessCpuTime();
            for (int i = 0; i < jacksonOps; i++) {
                sink += mapper.readTree(g.json()).size();
            }
            long jackson = os.getProcessCpuTime() - t0;
            oursMs[r] = ours / 1e6 / ops;
            jacksonMs[r] = jackson / 1e6 / jacksonOps;
            System.out.printf(
                    Locale.ROOT,
                    "round %d: ours %.1f ms, jackson %.1f ms, ratio %.1fx (%d)%n",
                    r,
                    oursMs[r],
                    jacksonMs[r],
                    oursMs[r] / jacksonMs[r],
                    sink);
        }
        double[] o = Arrays.copyOfRange(oursMs, rounds / 3, rounds);
        double[] j = Arrays.copyOfRange(jacksonMs, rounds / 3, rounds);
        Arrays.sort(o);
        Arrays.sort(j);
        System.out.printf(
                Locale.ROOT,
                "summary of %d rounds: ours min %.1f median %.1f ms, jackson min %.2f median %.2f ms,"
                        + " ratio of minimums %.1fx, of medians %.1fx%n",
                o.length,
                o[0],
                o[o.length / 2],
                j[0],
                j[j.length / 2],
                o[0] / j[0],
                o[o.length / 2] / j[j.length / 2]);
    }
}
