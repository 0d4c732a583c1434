package dev.flywall.effect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.Compiler;
import dev.flywall.decode.BlockSpec;
import dev.flywall.decode.Schema;
import dev.flywall.diag.Diagnostic;
import dev.flywall.source.SourceFile;
import dev.flywall.syntax.Attribute;
import dev.flywall.syntax.Block;
import dev.flywall.syntax.Body;
import dev.flywall.syntax.BodyItem;
import dev.flywall.syntax.ParseResult;
import dev.flywall.syntax.Parser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A complete, valid configuration from {@code src/test/resources/effect/}, and the arguments in it
 * that carry a {@code # alt: VALUE} comment: another valid value the test writes in place of the
 * argument's value to see whether the compiled artifacts change.
 */
record Scenario(SourceFile source, List<Occurrence> occurrences, Map<String, Integer> blockOpenings) {

    private static final Path DIR = Path.of("src", "test", "resources", "effect");
    private static final String ALT = "# alt:";

    /** One annotated argument: its schema path, where its value is written, and the other value. */
    record Occurrence(SourceFile source, String path, int line, int valueStart, int valueEnd, String alternative) {

        /** The scenario's text with this argument's value replaced by the alternative. */
        String changedText() {
            String text = source.text();
            return text.substring(0, valueStart) + alternative + text.substring(valueEnd);
        }

        String original() {
            return source.text().substring(valueStart, valueEnd);
        }

        @Override
        public String toString() {
            return source.name() + ":" + line + " " + path + " = " + original() + " → " + alternative;
        }
    }

    static List<Scenario> all() {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(f -> f.toString().endsWith(".hcl"))
                    .sorted()
                    .map(Scenario::load)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Scenario load(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            // byte offsets of the syntax tree equal string indexes only for ASCII text
            assertThat(text.chars().allMatch(c -> c < 128))
                    .as("%s is ASCII", file)
                    .isTrue();
            SourceFile source = new SourceFile(file.getFileName().toString(), text);
            ParseResult parsed = Parser.parse(source);
            assertThat(parsed.diagnostics()).as("%s parses", file).isEmpty();
            List<Occurrence> found = new ArrayList<>();
            Scenario scenario = new Scenario(source, found, new LinkedHashMap<>());
            scenario.collect(parsed.file().body(), Schema.ROOT, "", found);
            return scenario;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void collect(Body body, BlockSpec spec, String path, List<Occurrence> out) {
        for (BodyItem item : body.items()) {
            String itemPath = path.isEmpty() ? item.name() : path + "." + item.name();
            switch (item) {
                case Block b -> {
                    blockOpenings.putIfAbsent(
                            itemPath,
                            source.text().indexOf('{', b.nameSpan().end().byteOffset()) + 1);
                    collect(
                            b.body(),
                            spec.block(b.type())
                                    .orElseThrow(() -> new AssertionError(
                                            source.name() + ": no block " + itemPath + " in the schema")),
                            itemPath,
                            out);
                }
                case Attribute a ->
                    alternative(a)
                            .ifPresent(alt -> out.add(new Occurrence(
                                    source,
                                    itemPath,
                                    a.span().start().line(),
                                    a.value().span().start().byteOffset(),
                                    a.value().span().end().byteOffset(),
                                    alt)));
            }
        }
    }

    private Optional<String> alternative(Attribute a) {
        String line = source.line(a.span().start().line());
        int at = line.indexOf(ALT);
        return at < 0
                ? Optional.empty()
                : Optional.of(line.substring(at + ALT.length()).strip());
    }

    /** The text with {@code name = value} added at the start of the first block at {@code blockPath}. */
    Optional<String> withArgument(String blockPath, String name, String value) {
        Integer at = blockOpenings.get(blockPath);
        String text = source.text();
        return at == null
                ? Optional.empty()
                : Optional.of(text.substring(0, at) + "\n  " + name + " = " + value + "\n" + text.substring(at));
    }

    /** Compiles a text of a scenario; fails the test with the diagnostics when it has errors. */
    static Map<String, String> artifacts(SourceFile scenario, String text, String what) {
        Compiler.Result result = compile(scenario, text);
        assertThat(result.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::toString))
                .as("%s must compile without errors (pick another alternative value)", what)
                .isEmpty();
        return withoutConfigHash(result.artifacts().orElseThrow().files());
    }

    static Compiler.Result compile(SourceFile scenario, String text) {
        return Compiler.compile(List.of(new SourceFile(scenario.name(), text)), Map.of());
    }

    /** The artifacts without what only says which text they came from: the config hash. */
    static Map<String, String> withoutConfigHash(Map<String, String> files) {
        Map<String, String> out = new LinkedHashMap<>();
        files.forEach((name, content) -> out.put(
                name,
                content.replaceAll("(?m)^# config sha256:[0-9a-f]+\\n", "")
                        .replaceAll("(?m)^\\s*\"config_hash\": \"[^\"]*\",?\\n", "")));
        return out;
    }
}
