package dev.flywall.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.flywall.diag.Code;
import dev.flywall.diag.Diagnostic;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What configuration input is read: regular files and stdin, at most 8 MiB each. */
class InputFilesTest {

    @TempDir
    Path dir;

    private static InputFiles.Result read(String path, InputStream stdin) {
        return assertTimeoutPreemptively(Duration.ofSeconds(20), () -> InputFiles.read(List.of(path), false, stdin));
    }

    private static final InputStream NO_STDIN = new ByteArrayInputStream(new byte[0]);

    @Test
    void aFifoIsRefusedWithoutOpeningIt() throws Exception {
        Path fifo = dir.resolve("config.hcl");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor())
                .isZero();

        InputFiles.Result result = read(fifo.toString(), NO_STDIN); // opening it would block: no writer

        assertThat(result.sources()).isEmpty();
        assertThat(result.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo(Code.E0001);
            assertThat(d.summary()).isEqualTo("Cannot read " + fifo);
            assertThat(d.detail()).startsWith(fifo + " is not a regular file (a FIFO, device or socket).");
        });
    }

    @Test
    void aDeviceSuchAsDevZeroIsRefused() {
        InputFiles.Result result = read("/dev/zero", NO_STDIN);

        assertThat(result.sources()).isEmpty();
        assertThat(result.diagnostics()).extracting(Diagnostic::code).containsExactly(Code.E0001);
    }

    @Test
    void aFileOverEightMibIsE0003AndNotParsed() throws Exception {
        Path big = Files.write(dir.resolve("big.hcl"), new byte[InputFiles.MAX_BYTES + 1]);

        InputFiles.Result result = read(big.toString(), NO_STDIN);

        assertThat(result.sources()).isEmpty();
        assertThat(result.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo(Code.E0003);
            assertThat(d.summary()).isEqualTo("Input too large: " + big);
            assertThat(d.detail()).startsWith(big + " is larger than 8 MiB");
        });
    }

    @Test
    void aFileOfExactlyEightMibIsRead() throws Exception {
        byte[] spaces = new byte[InputFiles.MAX_BYTES];
        java.util.Arrays.fill(spaces, (byte) ' ');
        Path full = Files.write(dir.resolve("full.hcl"), spaces);

        InputFiles.Result result = read(full.toString(), NO_STDIN);

        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.sources())
                .singleElement()
                .satisfies(s -> assertThat(s.text()).hasSize(InputFiles.MAX_BYTES));
    }

    @Test
    void anEndlessStdinStopsAtTheLimit() {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 0);
                return len;
            }
        };

        InputFiles.Result result = read("-", endless);

        assertThat(result.sources()).isEmpty();
        assertThat(result.diagnostics()).extracting(Diagnostic::code).containsExactly(Code.E0003);
    }
}
