package dev.flywall.cli;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import dev.flywall.diag.Diagnostic;
import dev.flywall.format.Formatter;
import dev.flywall.source.SourceFile;
import dev.flywall.syntax.ParseResult;
import dev.flywall.syntax.Parser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flywall fmt}: rewrites configuration files in the canonical style. Only whitespace
 * changes; a file that does not parse is reported and left untouched.
 */
@Command(
        name = "fmt",
        mixinStandardHelpOptions = true,
        versionProvider = FlywallVersion.class,
        description = {
            "Rewrite configuration files in the canonical style (that of terraform fmt): 2-space indent,"
                    + " aligned '=' of consecutive arguments, one space around operators. Only whitespace"
                    + " changes. Files that do not parse are reported and never rewritten.",
            "Without PATH, formats the *.hcl files of the current directory; - reads standard input and"
                    + " writes standard output."
        },
        exitCodeListHeading = "%nExit Codes:%n",
        exitCodeList = {
            ExitCodes.SUCCESS + ":all files are formatted (or were rewritten)",
            ExitCodes.FAILURE + ":a file does not parse or cannot be written",
            ExitCodes.USAGE + ":usage error, or a file cannot be read",
            ExitCodes.CHANGES + ":--check: some files would change"
        })
final class FmtCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--check",
            description = "Do not write; list files that would change and exit 3 if any (see Exit Codes).")
    private boolean check;

    @Option(names = "--diff", description = "Print the changes as a unified diff.")
    private boolean diff;

    @Option(
            names = {"-r", "--recursive"},
            description = "Also format *.hcl files in subdirectories.")
    private boolean recursive;

    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Files or directories; - for standard input.")
    private List<String> paths = new ArrayList<>();

    /** The outcome over all files, worst first. */
    private boolean failed;

    private boolean unreadable;
    private boolean wouldChange;

    @Override
    public Integer call() {
        List<String> targets = paths.isEmpty() ? List.of(".") : paths;
        InputFiles.Result input = InputFiles.read(targets, recursive, FlywallRootCommand.in(spec));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!input.diagnostics().isEmpty()) {
            DiagnosticsPrinter.text(List.of(), spec.commandLine()).print(input.diagnostics(), err);
            unreadable = true;
        }
        for (SourceFile source : input.sources()) {
            format(source, out, err);
        }
        out.flush();
        err.flush();
        if (failed) {
            return ExitCodes.FAILURE;
        }
        if (unreadable) {
            return ExitCodes.USAGE;
        }
        return check && wouldChange ? ExitCodes.CHANGES : ExitCodes.SUCCESS;
    }

    private void format(SourceFile source, PrintWriter out, PrintWriter err) {
        ParseResult parsed = Parser.parse(source);
        if (parsed.hasErrors()) {
            List<Diagnostic> diagnostics = parsed.diagnostics();
            DiagnosticsPrinter.text(List.of(source), spec.commandLine()).printWithSummary(diagnostics, err);
            err.println(source.name() + ": not formatted (it does not parse)");
            failed = true;
            return;
        }
        String formatted = Formatter.format(source.text());
        boolean stdin = source.name().equals(InputFiles.STDIN);
        if (stdin && !check && !diff) {
            out.print(formatted);
            return;
        }
        if (formatted.equals(source.text())) {
            return;
        }
        wouldChange = true;
        if (diff) {
            printDiff(source, formatted, out);
        } else if (!stdin) {
            out.println(source.name());
        }
        if (!check && !stdin) {
            write(Path.of(source.name()), formatted, err);
        }
    }

    private static void printDiff(SourceFile source, String formatted, PrintWriter out) {
        List<String> before = source.text().lines().toList();
        List<String> after = formatted.lines().toList();
        var patch = DiffUtils.diff(before, after);
        String name = source.name();
        boolean relative = !name.startsWith("/") && !name.startsWith("<");
        String from = relative ? "a/" + name : name;
        String to = relative ? "b/" + name : name;
        for (String line : UnifiedDiffUtils.generateUnifiedDiff(from, to, before, patch, 3)) {
            out.println(line);
        }
    }

    /** Atomic replace: a crash leaves the old file or the new one, never half of it. */
    private void write(Path file, String formatted, PrintWriter err) {
        Path temp = null;
        try {
            Path dir = file.toAbsolutePath().getParent();
            temp = Files.createTempFile(dir, "." + file.getFileName(), ".fmt");
            Files.writeString(temp, formatted, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(file));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep the default permissions
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            err.println("flywall: cannot write " + file + ": " + e.getMessage());
            failed = true;
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the original file is intact; a leftover temp file is all that remains
                }
            }
        }
    }
}
