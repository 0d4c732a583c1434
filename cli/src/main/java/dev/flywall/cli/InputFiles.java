package dev.flywall.cli;

import dev.flywall.diag.Code;
import dev.flywall.diag.Diagnostic;
import dev.flywall.source.SourceFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the configuration files named on a command line: a file, a directory (its {@code *.hcl}
 * files in name order; with {@code recursive}, its subdirectories too) or {@code -} for standard
 * input. Unreadable input becomes a diagnostic, never an exception.
 */
final class InputFiles {

    /** The most bytes read from one file or from standard input (documented in docs/language.md). */
    static final int MAX_BYTES = 8 * 1024 * 1024;

    /** The name standard input gets in diagnostics. */
    static final String STDIN = "<stdin>";

    /** What was read and what could not be. */
    record Result(List<SourceFile> sources, List<Diagnostic> diagnostics) {}

    private InputFiles() {}

    static Result read(List<String> paths, boolean recursive, InputStream stdin) {
        List<SourceFile> sources = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        for (String name : paths) {
            if (name.equals("-")) {
                readStdin(stdin, sources, diagnostics);
                continue;
            }
            Path path = Path.of(name);
            if (Files.isDirectory(path)) {
                for (Path file : list(path, recursive, diagnostics)) {
                    readFile(file, file.toString(), sources, diagnostics);
                }
            } else {
                readFile(path, name, sources, diagnostics);
            }
        }
        return new Result(sources, diagnostics);
    }

    /** The {@code .hcl} files of a directory, sorted by path. */
    static List<Path> list(Path dir, boolean recursive, List<Diagnostic> diagnostics) {
        try (Stream<Path> walk = recursive ? Files.walk(dir) : Files.list(dir)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".hcl") && Files.isRegularFile(p))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            diagnostics.add(cannotRead(dir.toString(), e));
            return List.of();
        }
    }

    private static void readStdin(InputStream stdin, List<SourceFile> sources, List<Diagnostic> diagnostics) {
        try {
            readBounded(stdin, STDIN, sources, diagnostics);
        } catch (IOException e) {
            diagnostics.add(cannotRead(STDIN, e));
        }
    }

    /**
     * Reads a regular file; a FIFO, device or socket is refused before it is opened (opening a FIFO
     * would block, {@code /dev/zero} never ends).
     */
    private static void readFile(Path path, String name, List<SourceFile> sources, List<Diagnostic> diagnostics) {
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            diagnostics.add(Diagnostic.error(
                    Code.E0001,
                    "Cannot read " + name,
                    name + " is not a regular file (a FIFO,"
                            + " device or socket). flywall reads configuration from regular files, directories of them, or"
                            + " standard input (-): for a stream, pipe it in with - instead.",
                    null));
            return;
        }
        try (InputStream in = Files.newInputStream(path)) {
            readBounded(in, name, sources, diagnostics);
        } catch (IOException e) {
            diagnostics.add(cannotRead(name, e));
        }
    }

    /** Reads at most {@link #MAX_BYTES}; more is E0003 and nothing of it is parsed. */
    private static void readBounded(InputStream in, String name, List<SourceFile> sources, List<Diagnostic> diagnostics)
            throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            diagnostics.add(Diagnostic.error(
                    Code.E0003,
                    "Input too large: " + name,
                    name + " is larger than "
                            + MAX_BYTES / (1024 * 1024)
                            + " MiB, the most flywall reads from one file or standard input. Split the"
                            + " configuration over several files, or check that this is the file you meant.",
                    null));
            return;
        }
        decode(bytes, name, sources, diagnostics);
    }

    private static void decode(byte[] bytes, String name, List<SourceFile> sources, List<Diagnostic> diagnostics) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(in, out, true);
        if (result.isError()) {
            diagnostics.add(Diagnostic.error(
                    Code.E0002,
                    "Invalid UTF-8 in " + name,
                    "The file is not UTF-8 text: byte offset " + in.position() + " starts an invalid sequence."
                            + " Save it as UTF-8.",
                    null));
            return;
        }
        String text = out.flip().toString();
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        sources.add(new SourceFile(name, text));
    }

    static Diagnostic cannotRead(String name, IOException e) {
        String reason = e instanceof NoSuchFileException
                ? "No such file or directory"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return Diagnostic.error(Code.E0001, "Cannot read " + name, reason + ".", null);
    }
}
