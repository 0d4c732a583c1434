package dev.flywall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.runtime.apply.Kernel;
import dev.flywall.testing.NeedsRoot;
import dev.flywall.testing.NeedsTools;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A state directory on a read-only mount is an unusable environment (exit 2, with the path and
 * the fix), not an internal error (exit 70) — for {@code run}, {@code apply} and {@code destroy}.
 * Needs root (a tmpfs is mounted read-only over a temporary directory; kernel commands go to a
 * scratch namespace).
 */
@NeedsRoot
@NeedsTools({"ip", "mount", "umount"})
class ReadOnlyStateDirTest {

    @TempDir
    Path root;

    private Path stateDir;
    private String ns;

    private record Result(int exitCode, String out, String err) {}

    @BeforeEach
    void readOnlyMount() throws Exception {
        ns = "fwro-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100000;
        new Kernel(Optional.empty()).run("", "ip", "netns", "add", ns);
        stateDir = Files.createDirectory(root.resolve("state"));
        sh("mount", "-t", "tmpfs", "-o", "ro,size=64k,mode=0700", "flywall-test-ro", stateDir.toString());
    }

    @AfterEach
    void unmount() throws Exception {
        if (stateDir != null) {
            sh("umount", stateDir.toString());
        }
        if (ns != null) {
            new Kernel(Optional.empty()).run("", "ip", "netns", "del", ns);
        }
    }

    static Stream<String> commands() {
        return Stream.of("run --no-api", "apply ../examples/dual-wan.hcl --netns NS", "destroy --netns NS");
    }

    @ParameterizedTest
    @MethodSource("commands")
    void aReadOnlyStateDirectoryIsAnEnvironmentErrorWithTheFix(String command) {
        String[] args = (command.replace("NS", ns) + " --state-dir " + stateDir).split(" ");

        Result result = run(args);

        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(result.err())
                .isEqualTo("flywall: refusing the state directory " + stateDir
                        + ": it is read-only (a read-only mount?); apply, run and destroy write the lock, the intent record"
                        + " and the bundle there. Fix: remount it read-write or choose a writable --state-dir"
                        + " (ReadWritePaths= in the systemd unit).\n");
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(exitCode, out.toString(), err.toString());
    }

    private static void sh(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(output).isZero();
    }
}
