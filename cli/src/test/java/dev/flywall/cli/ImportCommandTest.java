package dev.flywall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flywall import mwan3}: the approved import of a golden case on stdout or in -o FILE,
 * which {@code flywall lint} then accepts; UCI errors as diagnostics with exit 1; unreadable input
 * with exit 2.
 */
class ImportCommandTest {

    private static final Path CASE = Path.of("..", "golden", "imports", "tiers-and-tracking");

    @TempDir
    Path dir;

    private record Result(int exitCode, String out, String err) {}

    private static Result runWithInput(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Main.run(
                args,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out),
                new PrintWriter(err));
        return new Result(exitCode, out.toString(), err.toString());
    }

    private static Result run(String... args) {
        return runWithInput("", args);
    }

    @Test
    void writesTheApprovedConfigurationToStandardOutput() throws IOException {
        Result result = run(
                "import",
                "mwan3",
                "--mwan3",
                CASE.resolve("mwan3").toString(),
                "--network",
                CASE.resolve("network").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.SUCCESS);
        String approved = Files.readString(CASE.resolve("flywall.hcl"), StandardCharsets.UTF_8)
                .replace("from mwan3 and network", "from " + CASE.resolve("mwan3") + " and " + CASE.resolve("network"));
        assertThat(result.out()).isEqualTo(approved);
        assertThat(result.err())
                .matches("flywall import mwan3: \\d+ things not imported; the comments in the output say why\\n");
    }

    @Test
    void writesToAFileThatLintAccepts() throws IOException {
        Path output = dir.resolve("flywall.hcl");
        Result result = run(
                "import",
                "mwan3",
                "--mwan3",
                CASE.resolve("mwan3").toString(),
                "--network",
                CASE.resolve("network").toString(),
                "-o",
                output.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.SUCCESS);
        assertThat(result.out()).isEmpty();
        Result lint = run("lint", output.toString());
        assertThat(lint.exitCode()).as(lint.out()).isEqualTo(ExitCodes.SUCCESS);
        assertThat(run("fmt", "--check", output.toString()).exitCode()).isEqualTo(ExitCodes.SUCCESS);
    }

    @Test
    void readsStandardInputWithoutANetworkFile() throws IOException {
        Path network = dir.resolve("network");
        Files.writeString(network, "config interface 'wan'\n\toption device 'eth9'\n\toption proto 'dhcp'\n");
        Result result = runWithInput(
                "config interface 'wan'\n\toption enabled '1'\n\tlist track_ip '1.1.1.1'\n"
                        + "config member 'm'\n\toption interface 'wan'\n"
                        + "config policy 'p'\n\tlist use_member 'm'\n",
                "import",
                "mwan3",
                "--mwan3",
                "-",
                "--network",
                network.toString());
        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.SUCCESS);
        assertThat(result.out()).contains("interface \"eth9\" {", "uplink_group \"p\" {", "member \"eth9\" {");
    }

    @Test
    void uciErrorsAreDiagnosticsWithTheirPosition() throws IOException {
        Path mwan3 = dir.resolve("mwan3");
        Files.writeString(mwan3, "config interface 'wan'\n\toption enabled '1\n");
        Result result = run("import", "mwan3", "--mwan3", mwan3.toString(), "--network", mwan3.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(result.out()).isEmpty();
        assertThat(result.err())
                .contains("error[E0701]: Unterminated string", "--> " + mwan3 + ":2:17", "this quote is not closed")
                .doesNotContain("Exception");
    }

    @Test
    void unreadableInputIsAUsageError() {
        Result result = run("import", "mwan3", "--mwan3", dir.resolve("missing").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("E0001");
        assertThat(run("import", "mwan3", "--mwan3", dir.toString()).exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void importWithoutAToolIsAUsageError() {
        Result result = run("import");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("missing import command (mwan3)");
    }

    @Test
    void anUnwritableOutputFails() {
        Result result = run(
                "import",
                "mwan3",
                "--mwan3",
                CASE.resolve("mwan3").toString(),
                "--network",
                CASE.resolve("network").toString(),
                "-o",
                dir.resolve("no/such/dir/out.hcl").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(result.err()).contains("cannot write");
    }
}
