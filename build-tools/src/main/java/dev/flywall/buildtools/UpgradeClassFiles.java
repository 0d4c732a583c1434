package dev.flywall.buildtools;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites the Java 5 class files of the given packages in a jar as Java 8 class files, with the
 * stack map frames that version requires, in place. Run by the cli build on {@code flywall.jar},
 * for picocli.
 *
 * <p>Why: picocli is compiled for Java 5 so that it runs anywhere. The JVM's class-data-sharing
 * archive, which maps the short commands' classes at start instead of loading them, cannot hold
 * classes older than Java 6 (they need the old, inferring verifier), so the 145 picocli classes a
 * command uses were read from the jar and verified at every start: about a sixth of {@code
 * flywall version}'s CPU. Upgraded, they are archived like the rest. Nothing else changes: the
 * instructions are the same, ASM only adds the frames and the new version number.
 *
 * <p>Every upgraded class is then loaded and initialised from the new jar in a fresh class loader,
 * so the JVM's own verifier checks the frames before the jar replaces the old one; any error stops
 * the build. Entries keep their order, times and bytes (but the upgraded classes' bytes), so the jar
 * stays reproducible.
 *
 * <p>Usage: {@code UpgradeClassFiles JAR PACKAGE/...}, e.g. {@code flywall.jar picocli/}. Exit
 * status 0 when done (also when there was nothing to upgrade), 1 on any error.
 */
public final class UpgradeClassFiles {

    /** Class files older than this (Java 6, major 50) carry no stack map frames. */
    static final int FIRST_WITH_FRAMES = Opcodes.V1_6;

    /** The version the classes get: the oldest the split verifier requires frames for, Java 7's, would do; Java 8 is what the JDKs we run on see most. */
    static final int TARGET = Opcodes.V1_8;

    private UpgradeClassFiles() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2) {
            err.println("usage: UpgradeClassFiles JAR PACKAGE/...");
            return 1;
        }
        Path jar = Path.of(args[0]);
        List<String> prefixes = List.of(args).subList(1, args.length);
        try {
            List<String> upgraded = upgrade(jar, prefixes);
            out.printf(
                    "upgraded %d class files under %s in %s to Java 8 (version %d, with stack map frames)%n",
                    upgraded.size(), String.join(" ", prefixes), jar.getFileName(), TARGET);
            return 0;
        } catch (IOException | RuntimeException | LinkageError | ClassNotFoundException e) {
            err.println("UpgradeClassFiles: " + jar + ": " + e);
            return 1;
        }
    }

    /**
     * Upgrades {@code jar} in place and returns the names of the classes it upgraded; the jar is
     * left as it was when anything fails.
     */
    static List<String> upgrade(Path jar, List<String> prefixes) throws IOException, ClassNotFoundException {
        Path tmp = jar.resolveSibling(jar.getFileName() + ".upgrade.tmp");
        List<String> upgraded = new ArrayList<>();
        try (URLClassLoader original = loaderOf(jar)) {
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
                    ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(tmp))) {
                for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                    byte[] bytes = in.readAllBytes();
                    String name = entry.getName();
                    if (name.endsWith(".class") && under(name, prefixes) && majorVersion(bytes) < FIRST_WITH_FRAMES) {
                        bytes = upgrade(bytes, original);
                        upgraded.add(name.substring(0, name.length() - ".class".length())
                                .replace('/', '.'));
                    }
                    ZipEntry copy = new ZipEntry(name);
                    copy.setTime(entry.getTime());
                    if (entry.getExtra() != null) {
                        copy.setExtra(entry.getExtra());
                    }
                    zip.putNextEntry(copy);
                    zip.write(bytes);
                    zip.closeEntry();
                }
            }
            verify(tmp, upgraded);
            Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return upgraded;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static boolean under(String entry, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (entry.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The class file's major version (bytes 6–7, after the magic number and the minor version). */
    static int majorVersion(byte[] classFile) {
        if (classFile.length < 8) {
            throw new IllegalArgumentException("not a class file: " + classFile.length + " bytes");
        }
        return ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
    }

    /**
     * The class with version {@link #TARGET} and frames computed by ASM; the common super classes
     * the frames need are looked up in {@code classes} (the jar's own class loader).
     */
    static byte[] upgrade(byte[] classFile, ClassLoader classes) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                return classes;
            }
        };
        new ClassReader(classFile)
                .accept(
                        new ClassVisitor(Opcodes.ASM9, writer) {
                            @Override
                            public void visit(
                                    int version,
                                    int access,
                                    String name,
                                    String signature,
                                    String superName,
                                    String[] interfaces) {
                                super.visit(TARGET, access, name, signature, superName, interfaces);
                            }
                        },
                        0);
        return writer.toByteArray();
    }

    /** Loads and initialises each class from {@code jar}: the JVM verifies it, frames included. */
    private static void verify(Path jar, List<String> classes) throws IOException, ClassNotFoundException {
        try (URLClassLoader loader = loaderOf(jar)) {
            for (String name : classes) {
                Class<?> loaded = Class.forName(name, true, loader);
                if (loaded.getClassLoader() != loader) {
                    throw new IllegalStateException(name + " was not loaded from " + jar);
                }
            }
        }
    }

    private static URLClassLoader loaderOf(Path jar) throws IOException {
        return new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    }
}
