package dev.flywall.format;

import dev.flywall.diag.Diagnostic;
import dev.flywall.source.SourceFile;
import dev.flywall.syntax.Parser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the formatter's test inputs live and how to read and check them. */
final class FmtFixtures {

    static final String INPUT_SUFFIX = ".in.hcl";
    static final String OUTPUT_SUFFIX = ".out.hcl";

    private FmtFixtures() {}

    /** The golden-pair directory, as copied onto the test class path. */
    static Path directory() {
        URL url = FmtFixtures.class.getResource("/fmt");
        if (url == null) {
            throw new IllegalStateException("test resource directory fmt/ is missing");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Files of a directory tree whose names end with the suffix, sorted for stable test order. */
    static List<Path> filesEndingWith(Path root, String suffix) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Exact file content; UTF-8 and no line-end conversion, so CRLF fixtures stay CRLF. */
    static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The parser's errors for a text, empty when it parses. */
    static List<Diagnostic> parseErrors(String name, String text) {
        return Parser.parse(new SourceFile(name, text)).diagnostics().stream()
                .filter(Diagnostic::isError)
                .toList();
    }
}
