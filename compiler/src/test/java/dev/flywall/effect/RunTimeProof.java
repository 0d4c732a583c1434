package dev.flywall.effect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A test of the runtime or cli module named as {@code package.Class#method}. The compiler's tests
 * cannot load those classes (the modules depend on the compiler, not the other way round), so the
 * name is checked against their test source trees: the class's file must exist and declare a
 * method of that name annotated as a test.
 */
record RunTimeProof(String className, String method) {

    private static final List<Path> TEST_TREES =
            List.of(Path.of("..", "runtime", "src", "test", "java"), Path.of("..", "cli", "src", "test", "java"));

    static RunTimeProof parse(String name) {
        int hash = name.indexOf('#');
        if (hash <= 0 || hash == name.length() - 1) {
            throw new IllegalArgumentException(name + " is not package.Class#method");
        }
        return new RunTimeProof(name.substring(0, hash), name.substring(hash + 1));
    }

    /** Whether a test source tree declares this class with a test method of this name. */
    boolean exists() {
        Path file = Path.of(className.replace('.', '/') + ".java");
        Pattern test = Pattern.compile(
                "@(Test|ParameterizedTest|TestFactory)\\b[^;{]*?\\b(void|Stream<[^>]*>)\\s+" + Pattern.quote(method)
                        + "\\s*\\(",
                Pattern.DOTALL);
        for (Path tree : TEST_TREES) {
            Path source = tree.resolve(file);
            if (Files.isRegularFile(source) && test.matcher(read(source)).find()) {
                return true;
            }
        }
        return false;
    }

    private static String read(Path source) {
        try {
            return Files.readString(source, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
