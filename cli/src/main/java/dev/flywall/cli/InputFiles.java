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
      decode(stdin.readAllBytes(), STDIN, sources, diagnostics);
    } catch (IOException e) {
      diagnostics.add(cannotRead(STDIN, e));
    }
  }

  private static void readFile(Path path, String name, List<SourceFile> sources, List<Diagnostic> diagnostics) {
    try {
      decode(Files.readAllBytes(path), name, sources, diagnostics);
    } catch (IOException e) {
      diagnostics.add(cannotRead(name, e));
    }
  }

  private static void decode(byte[] bytes, String name, List<SourceFile> sources, List<Diagnostic> diagnostics) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(in, out, true);
    if (result.isError()) {
      diagnostics.add(Diagnostic.error(Code.E0002, "Invalid UTF-8 in " + name,
          "The file is not UTF-8 text: byte offset " + in.position() + " starts an invalid sequence."
              + " Save it as UTF-8.", null));
      return;
    }
    String text = out.flip().toString();
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    sources.add(new SourceFile(name, text));
  }

  static Diagnostic cannotRead(String name, IOException e) {
    String reason = e instanceof NoSuchFileException ? "No such file or directory"
        : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return Diagnostic.error(Code.E0001, "Cannot read " + name, reason + ".", null);
  }
}
