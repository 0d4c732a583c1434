package dev.flywall.runtime.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The process runner against children that write much, read nothing, or never end. */
class KernelTest {

    private static final int MIB = 1 << 20;

    @Test
    @Timeout(30)
    void aChildWritingOneMebibyteToStderrIsDrainedWithoutDeadlock() throws Exception {
        Kernel kernel = new Kernel(Optional.empty(), Duration.ofSeconds(20));

        Kernel.Result r = kernel.run("", "sh", "-c", "head -c " + MIB + " /dev/zero | tr '\\0' e >&2; echo done");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("done\n");
        assertThat(r.err()).hasSize(MIB).matches("e+");
    }

    @Test
    @Timeout(30)
    void bothStreamsFullAtOnceAreDrained() throws Exception {
        Kernel kernel = new Kernel(Optional.empty(), Duration.ofSeconds(20));

        Kernel.Result r = kernel.run(
                "",
                "sh",
                "-c",
                "head -c " + MIB + " /dev/zero | tr '\\0' e >&2 & head -c " + MIB + " /dev/zero | tr '\\0' o; wait");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).hasSize(MIB).matches("o+");
        assertThat(r.err()).hasSize(MIB).matches("e+");
    }

    @Test
    @Timeout(30)
    void aLargeStdinIsFedWhileOutputIsRead() throws Exception {
        Kernel kernel = new Kernel(Optional.empty(), Duration.ofSeconds(20));
        String input = "x".repeat(MIB);

        Kernel.Result r = kernel.run(input, "cat");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo(input);
    }

    @Test
    @Timeout(30)
    void aChildThatIgnoresItsStdinStillGivesItsExitCode() throws Exception {
        Kernel kernel = new Kernel(Optional.empty(), Duration.ofSeconds(20));

        Kernel.Result r = kernel.run("y".repeat(MIB), "sh", "-c", "exit 3");

        assertThat(r.exitCode()).isEqualTo(3);
    }

    @Test
    @Timeout(30)
    void aChildSleepingPastTheTimeoutIsKilledWithItsDescendants() throws Exception {
        Kernel kernel = new Kernel(Optional.empty(), Duration.ofMillis(500));
        long started = System.nanoTime();

        // the sleep runs as a child of the shell, which keeps the pipes open through it
        Kernel.Result r = kernel.run("", "sh", "-c", "sleep 60; echo never");

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(r.exitCode()).isEqualTo(-1);
        assertThat(r.ok()).isFalse();
        assertThat(r.err()).isEqualTo("timed out after 500 ms: sh -c sleep 60; echo never");
        assertThat(took).isLessThan(Duration.ofSeconds(10));
        Thread.sleep(200);
        assertThat(ProcessHandle.allProcesses()
                        .filter(h -> h.info().commandLine().orElse("").equals("sleep 60")))
                .isEmpty();
    }
}
