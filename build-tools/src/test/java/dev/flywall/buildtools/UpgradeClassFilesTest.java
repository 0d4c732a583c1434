package dev.flywall.buildtools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@link UpgradeClassFiles} on the real picocli jar, as the cli build runs it. */
class UpgradeClassFilesTest {

    @TempDir
    Path dir;

    @Test
    void picocliBecomesJava8AndStillWorksUnderTheSplitVerifier() throws Exception {
        Path jar = picocliCopy();
        Map<String, Entry> before = entries(jar);
        assertThat(before.entrySet())
                .filteredOn(e -> e.getKey().startsWith("picocli/") && e.getKey().endsWith(".class"))
                .as("picocli ships Java 5 class files (else this tool is no longer needed)")
                .allMatch(e -> UpgradeClassFiles.majorVersion(e.getValue().bytes()) == 49);

        List<String> upgraded = UpgradeClassFiles.upgrade(jar, List.of("picocli/"));

        Map<String, Entry> after = entries(jar);
        assertThat(after.keySet()).as("same entries, same order").containsExactlyElementsOf(before.keySet());
        assertThat(upgraded).hasSize((int) before.keySet().stream()
                .filter(n -> n.startsWith("picocli/") && n.endsWith(".class"))
                .count());
        for (var e : after.entrySet()) {
            Entry old = before.get(e.getKey());
            assertThat(e.getValue().time()).as("time of %s", e.getKey()).isEqualTo(old.time());
            if (upgraded.contains(className(e.getKey()))) {
                assertThat(UpgradeClassFiles.majorVersion(e.getValue().bytes())).isEqualTo(52);
            } else {
                assertThat(e.getValue().bytes()).as("untouched: %s", e.getKey()).isEqualTo(old.bytes());
            }
        }

        // picocli at work from the upgraded classes: a command model built by reflection and a usage message
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Class<?> commandLine = loader.loadClass("picocli.CommandLine");
            Object help = loader.loadClass("picocli.CommandLine$HelpCommand")
                    .getConstructor()
                    .newInstance();
            Object cli = commandLine.getConstructor(Object.class).newInstance(help);
            String usage = (String) commandLine.getMethod("getUsageMessage").invoke(cli);
            assertThat(usage).contains("Usage: help");
            assertThat(commandLine.getClassLoader()).isSameAs(loader);
            assertThat(commandLine).isNotSameAs(CommandLine.class);
        }
    }

    @Test
    void aSecondRunFindsNothingToDoAndLeavesTheJarAsItWas() throws Exception {
        Path jar = picocliCopy();
        UpgradeClassFiles.upgrade(jar, List.of("picocli/"));
        byte[] once = Files.readAllBytes(jar);

        assertThat(UpgradeClassFiles.upgrade(jar, List.of("picocli/"))).isEmpty();
        assertThat(Files.readAllBytes(jar)).isEqualTo(once);
    }

    @Test
    void onAnErrorTheJarIsLeftAsItWasAndTheExitStatusIs1() throws Exception {
        Path jar = dir.resolve("broken.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry("x/Broken.class"));
            zip.write(new byte[] {(byte) 0xca, (byte) 0xfe});
            zip.closeEntry();
        }
        byte[] before = Files.readAllBytes(jar);
        assertThatThrownBy(() -> UpgradeClassFiles.upgrade(jar, List.of("x/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a class file");
        assertThat(Files.readAllBytes(jar)).isEqualTo(before);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(jar);
        }

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = UpgradeClassFiles.run(
                new String[] {jar.toString(), "x/"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("broken.jar").contains("not a class file");
    }

    @Test
    void classesOutsideTheGivenPackagesAreNotTouched() throws Exception {
        Path jar = picocliCopy();
        byte[] before = Files.readAllBytes(jar);
        assertThat(UpgradeClassFiles.upgrade(jar, List.of("nothing/here/"))).isEmpty();
        assertThat(entries(jar).keySet())
                .containsExactlyElementsOf(entries(copyOf(before)).keySet());
    }

    private Path picocliCopy() throws Exception {
        Path source = Path.of(CommandLine.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        return Files.copy(source, dir.resolve("picocli.jar"));
    }

    private Path copyOf(byte[] bytes) throws IOException {
        return Files.write(dir.resolve("copy.jar"), bytes);
    }

    private static String className(String entry) {
        return entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
    }

    record Entry(long time, byte[] bytes) {}

    private static Map<String, Entry> entries(Path jar) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                entries.put(e.getName(), new Entry(e.getTime(), in.readAllBytes()));
            }
        }
        return entries;
    }
}
