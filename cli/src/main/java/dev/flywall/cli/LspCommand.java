package dev.flywall.cli;

import dev.flywall.lsp.LanguageServerMain;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flywall lsp}: the language server, speaking JSON-RPC on standard input and output for an
 * editor (docs/editors.md). Standard output carries the protocol and nothing else: anything
 * else that would print there goes to standard error while it runs.
 */
@Command(
        name = "lsp",
        mixinStandardHelpOptions = true,
        versionProvider = FlywallVersion.class,
        description = {
            "Run the flywall language server on standard input and output (the Language Server Protocol),"
                    + " for an editor to start: diagnostics as you type (the same as lint's, for the whole"
                    + " directory a file is in), completion, hover, go to definition, references, formatting,"
                    + " document symbols and quick fixes. docs/editors.md shows how to set up Neovim, Helix and"
                    + " VS Code."
        },
        exitCodeListHeading = "%nExit Codes:%n",
        exitCodeList = {
            ExitCodes.SUCCESS + ":the editor asked the server to shut down, then to exit",
            ExitCodes.FAILURE + ":the editor exited (or closed standard input) without asking it to shut down",
            ExitCodes.USAGE + ":the log file cannot be written"
        })
final class LspCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--log",
            paramLabel = "FILE",
            description = "Write a log to FILE: every JSON-RPC message, and each analysis with the time it took.")
    private Path log;

    @Override
    public Integer call() {
        PrintWriter logWriter;
        try {
            logWriter = log == null
                    ? new PrintWriter(Writer.nullWriter())
                    : new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true);
        } catch (IOException e) {
            spec.commandLine().getErr().println("flywall lsp: cannot write the log " + log + ": " + e.getMessage());
            return ExitCodes.USAGE;
        }
        // the protocol's bytes go straight to the process's stdout (Content-Length counts bytes);
        // System.out is pointed at stderr so that no stray line can corrupt the stream
        PrintStream stdout = System.out;
        OutputStream protocol = new FileOutputStream(FileDescriptor.out);
        System.setOut(System.err);
        try (logWriter) {
            return LanguageServerMain.run(FlywallRootCommand.in(spec), protocol, logWriter, log != null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.FAILURE;
        } finally {
            System.setOut(stdout);
        }
    }
}
