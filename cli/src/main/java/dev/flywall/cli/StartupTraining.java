package dev.flywall.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The training run of the start-up archive: the {@code flywall} launcher runs this main once per
 * jar (and JDK) with {@code -XX:ArchiveClassesAtExit} (or {@code -XX:AOTCacheOutput}), so the
 * classes the short commands load — picocli, the parser, the diagnostics, the API client — are
 * mapped from the archive instead of being read from the jar and verified on every start. It
 * runs the commands people run most, on examples/dual-wan.hcl, through {@link
 * Main#run}; it prints nothing and changes nothing.
 */
public final class StartupTraining {

    /** examples/dual-wan.hcl, which the build copies into the jar (cli/pom.xml). */
    private static final String CONFIG = "dual-wan.hcl";

    private StartupTraining() {}

    public static void main(String[] args) throws IOException {
        byte[] config;
        try (InputStream in = StartupTraining.class.getResourceAsStream(CONFIG)) {
            if (in == null) {
                throw new IOException(CONFIG + " is missing from the flywall jar");
            }
            config = in.readAllBytes();
        }
        Path empty = Files.createTempDirectory("flywall-training-");
        try {
            for (List<String> command : List.of(
                    List.of("version"),
                    List.of("--help"),
                    List.of("lint", "-"),
                    List.of("lint", "--format", "json", "-"),
                    List.of("fmt", "--check", "-"),
                    // no daemon: a state directory without a bundle, and a port nothing listens on
                    List.of("wan", "status", "--state-dir", empty.toString(), "--api", "127.0.0.1:1"))) {
                PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
                Main.run(command.toArray(String[]::new), new ByteArrayInputStream(config), nowhere, nowhere);
            }
        } finally {
            try {
                Files.deleteIfExists(empty);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
