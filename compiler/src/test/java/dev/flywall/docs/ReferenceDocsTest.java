package dev.flywall.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The committed reference pages equal what the code generates. After changing codes or
 * functions, run {@code mvn -pl compiler test -Dtest=ReferenceDocsTest -Dflywall.updateDocs=true}
 * and review the diff.
 */
class ReferenceDocsTest {

    private static final Path DOCS = Path.of("..", "docs");

    @ParameterizedTest(name = "docs/{0}")
    @CsvSource({"reference.md, reference", "diagnostics.md, diagnostics", "functions.md, functions"})
    void committedPageMatchesTheCode(String file, String page) throws IOException {
        Supplier<String> generator = switch (page) {
            case "reference" -> ReferenceDocs::reference;
            case "diagnostics" -> ReferenceDocs::diagnostics;
            default -> ReferenceDocs::functions;
        };
        Path path = DOCS.resolve(file);
        String generated = generator.get();
        if (Boolean.getBoolean("flywall.updateDocs")) {
            Files.createDirectories(DOCS);
            Files.writeString(path, generated, StandardCharsets.UTF_8);
        }
        assertThat(path)
                .as("docs/%s is missing; run with -Dflywall.updateDocs=true", file)
                .exists();
        assertThat(Files.readString(path, StandardCharsets.UTF_8))
                .as("docs/%s is out of date; run with -Dflywall.updateDocs=true and review the diff", file)
                .isEqualTo(generated);
    }
}
