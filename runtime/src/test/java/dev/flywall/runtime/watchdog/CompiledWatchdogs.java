package dev.flywall.runtime.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.Compiler;
import dev.flywall.source.SourceFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * watchdog.json as the compiler of this tree writes it for the examples and for the compiler's
 * effect scenarios (which together set every argument of the schema), by source name.
 */
final class CompiledWatchdogs {

    private static final List<Path> SOURCES =
            List.of(Path.of("..", "examples"), Path.of("..", "compiler", "src", "test", "resources", "effect"));

    private CompiledWatchdogs() {}

    static Map<String, String> all() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Path dir : SOURCES) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".hcl"))
                        .sorted()
                        .toList()) {
                    out.put(dir.getFileName() + "/" + file.getFileName(), compile(file));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static String compile(Path file) throws IOException {
        Compiler.Result result =
                Compiler.compile(List.of(new SourceFile(file.toString(), Files.readString(file))), Map.of());
        assertThat(result.artifacts()).as("%s compiles", file).isPresent();
        return result.artifacts().orElseThrow().watchdogJson();
    }
}
