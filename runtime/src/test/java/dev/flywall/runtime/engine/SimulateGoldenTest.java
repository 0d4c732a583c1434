package dev.flywall.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.Compiler;
import dev.flywall.runtime.watchdog.WatchdogConfig;
import dev.flywall.source.SourceFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code golden/simulate/NAME/timeline.txt} played through the state machine must give
 * {@code decisions.txt}. The configuration is {@code config.hcl} beside the timeline, or the
 * example its first line names ({@code # config: examples/dual-wan.hcl}); a leading comment line
 * {@code # start: 2026-12-05T01:55:00+01:00} plays it from that wall-clock instant, as
 * {@code flywall simulate --start} does. On a difference the
 * actual output is written to {@code decisions.received.txt} for review; rename it over
 * {@code decisions.txt} once it is right.
 */
class SimulateGoldenTest {

    static final Path ROOT = Path.of("..");
    static final Path GOLDEN = ROOT.resolve("golden/simulate");

    static Stream<Path> cases() throws IOException {
        try (Stream<Path> s = Files.list(GOLDEN)) {
            return s.filter(p -> Files.exists(p.resolve("timeline.txt"))).sorted().toList().stream();
        }
    }

    static WatchdogConfig configOf(Path dir, String timeline) throws IOException {
        Path config = dir.resolve("config.hcl");
        String first = timeline.lines().findFirst().orElse("");
        if (first.startsWith("# config: ")) {
            config = ROOT.resolve(first.substring("# config: ".length()).strip());
        }
        Compiler.Result r =
                Compiler.compile(List.of(new SourceFile(config.toString(), Files.readString(config))), Map.of());
        assertThat(r.hasErrors()).as("%s compiles", config).isFalse();
        return WatchdogConfig.parse(r.artifacts().orElseThrow().watchdogJson());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void decisionsMatchTheApprovedOnes(Path dir) throws Exception {
        String text = Files.readString(dir.resolve("timeline.txt"));
        WatchdogConfig config = configOf(dir, text);
        Timeline timeline = Timeline.parse(text, config);
        Optional<OffsetDateTime> start = text.lines()
                .takeWhile(l -> l.startsWith("#"))
                .filter(l -> l.startsWith("# start: "))
                .map(l -> OffsetDateTime.parse(l.substring("# start: ".length()).strip()))
                .findFirst();
        String actual = Simulator.run(config, timeline, start).render(false, timeline.entries());
        Path approved = dir.resolve("decisions.txt");
        Path received = dir.resolve("decisions.received.txt");
        String expected = Files.exists(approved) ? Files.readString(approved) : "";
        if (!actual.equals(expected)) {
            Files.writeString(received, actual, StandardCharsets.UTF_8);
        } else {
            Files.deleteIfExists(received);
        }
        assertThat(actual)
                .as("decisions for %s (see %s)", dir.getFileName(), received)
                .isEqualTo(expected);
    }
}
