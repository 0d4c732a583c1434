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

/** {@code flywall fmt}: rewriting, --check, --diff, stdin, and never touching broken files. */
class FmtCommandTest {

    private static final String UGLY = "a=1\nbbb = [1,2]\n";
    private static final String PRETTY = "a   = 1\nbbb = [1, 2]\n";

    @TempDir
    Path dir;

    private record Result(int exitCode, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(exitCode, out.toString(), err.toString());
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void rewritesFilesInPlaceAndListsThem() throws IOException {
        Path file = write("a.hcl", UGLY);
        Result result = run("fmt", file.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.SUCCESS);
        assertThat(result.out()).isEqualTo(file + "\n");
        assertThat(Files.readString(file)).isEqualTo(PRETTY);
        assertThat(run("fmt", file.toString()).out()).isEmpty();
    }

    @Test
    void checkListsWithoutWritingAndExitsThree() throws IOException {
        Path ugly = write("a.hcl", UGLY);
        write("b.hcl", PRETTY);
        Result result = run("fmt", "--check", dir.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.CHANGES);
        assertThat(result.out()).isEqualTo(ugly + "\n");
        assertThat(Files.readString(ugly)).isEqualTo(UGLY);
    }

    @Test
    void diffShowsTheChange() throws IOException {
        Path file = write("a.hcl", UGLY);
        Result result = run("fmt", "--check", "--diff", file.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.CHANGES);
        assertThat(result.out()).contains("-a=1", "+a   = 1", "@@ -1,2 +1,2 @@");
    }

    @Test
    void recursiveDescendsOnlyWhenAsked() throws IOException {
        Path nested = write("sub/deep.hcl", UGLY);
        assertThat(run("fmt", "--check", dir.toString()).exitCode()).isEqualTo(ExitCodes.SUCCESS);
        Result result = run("fmt", "--check", "--recursive", dir.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.CHANGES);
        assertThat(result.out()).isEqualTo(nested + "\n");
    }

    @Test
    void brokenFileIsReportedAndNeverRewritten() throws IOException {
        String broken = "a=[1 2]\nb=1\n";
        Path file = write("bad.hcl", broken);
        Result result = run("fmt", file.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(result.err()).contains("error[E0113]", file + ": not formatted (it does not parse)");
        assertThat(Files.readString(file)).isEqualTo(broken);
    }

    @Test
    void standardInputGoesToStandardOutput() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Main.run(
                new String[] {"fmt", "-"},
                new ByteArrayInputStream(UGLY.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out),
                new PrintWriter(err));
        assertThat(exitCode).as(err.toString()).isEqualTo(ExitCodes.SUCCESS);
        assertThat(out.toString()).isEqualTo(PRETTY);
    }

    @Test
    void missingFileIsAUsageError() {
        Result result = run("fmt", dir.resolve("nope.hcl").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("Cannot read");
    }

    @Test
    void permissionsSurviveTheRewrite() throws IOException {
        Path file = write("a.hcl", UGLY);
        var perms = java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----");
        Files.setPosixFilePermissions(file, perms);
        run("fmt", file.toString());
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(perms);
    }
}
