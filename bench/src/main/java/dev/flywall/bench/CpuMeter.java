package dev.flywall.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Process CPU time per operation over the measurement iterations: a figure that, unlike JMH's
 * wall-clock time, barely moves when other work competes for the cores (it includes the GC and
 * JIT threads of the benchmark JVM, which are part of the cost of a parse).
 *
 * <p>Written, one JSON line per benchmark and size, to the file named by the system property
 * {@value #PROPERTY} (JMH passes the host JVM's {@code -D} options on to its forks); without
 * it, nothing is written.
 */
final class CpuMeter {

    static final String PROPERTY = "flywall.bench.cpuFile";

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private boolean measuring;
    private long cpuAtStart;
    private long opsAtStart;
    private long ops;
    private long cpuNanos;
    private long measuredOps;

    /** Call once per operation. */
    void op() {
        ops++;
    }

    void iterationStart(IterationParams iteration) {
        measuring = iteration.getType() == IterationType.MEASUREMENT;
        opsAtStart = ops;
        cpuAtStart = OS.getProcessCpuTime();
    }

    void iterationEnd() {
        long cpu = OS.getProcessCpuTime();
        if (measuring) {
            cpuNanos += cpu - cpuAtStart;
            measuredOps += ops - opsAtStart;
        }
    }

    void report(BenchmarkParams benchmark) {
        String file = System.getProperty(PROPERTY);
        if (file == null || measuredOps == 0) {
            return;
        }
        String line = String.format(
                Locale.ROOT,
                "{\"benchmark\":\"%s\",\"blocks\":%s,\"cpuMsPerOp\":%.6f,\"ops\":%d}%n",
                benchmark.getBenchmark(),
                benchmark.getParam("blocks"),
                cpuNanos / 1e6 / measuredOps,
                measuredOps);
        try {
            Files.writeString(
                    Path.of(file), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
    }
}
