package dev.flywall.bench;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import java.io.OutputStream;
import java.io.PrintStream;
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
 * hcl4j 0.9.8 on the same HCL text. It is quadratic (seconds per parse at 5,000 blocks), so it
 * runs only at 1,000 and 5,000 blocks and with few, short iterations (an iteration always
 * completes at least one parse). It prints debug lines to stdout; those go to a null stream.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 2, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class Hcl4jBenchmark {

    private static final PrintStream NULL_OUT = new PrintStream(OutputStream.nullOutputStream());

    @Param({"1000", "5000"})
    public int blocks;

    private String hcl;

    private Map<String, Object> last;

    @Setup
    public void setup() {
        hcl = Documents.checked(blocks).hcl();
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

    @Benchmark
    public Map<String, Object> hcl4j() throws Exception {
        cpu.op();
        last = parse();
        return last;
    }

    /** A sanity check that hcl4j read the whole document, not just a prefix. */
    @TearDown
    public void check() {
        long interfaces = hcl.lines().filter(l -> l.startsWith("interface \"")).count();
        if (!(last.get("interface") instanceof Map<?, ?> parsed) || parsed.size() != interfaces) {
            throw new IllegalStateException("hcl4j did not read all " + interfaces + " interfaces");
        }
    }

    private Map<String, Object> parse() throws Exception {
        PrintStream out = System.out;
        System.setOut(NULL_OUT);
        try {
            return new HCLParser().parse(hcl);
        } finally {
            System.setOut(out);
        }
    }
}
