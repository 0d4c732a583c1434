package dev.flywall.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.ParseResult;

/**
 * Entry point of the {@code flywall} command line. {@link #main} is the only method in flywall
 * that calls {@link System#exit}; everything else goes through {@link #run}, which takes the
 * standard streams as arguments and returns the exit code, so tests can call it directly.
 */
public final class Main {

    /** Set to {@code 1} to print the stack trace of internal errors. */
    static final String DEBUG_VARIABLE = "FLYWALL_DEBUG";

    private Main() {}

    /** Runs flywall with the process's stdin/stdout/stderr and exits with its {@link ExitCodes}. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, false, System.out.charset());
        PrintWriter err = new PrintWriter(System.err, true, System.err.charset());
        int exitCode;
        try {
            exitCode = run(args, System.in, out, err, Ansi.AUTO, "1".equals(System.getenv(DEBUG_VARIABLE)));
        } finally {
            out.flush();
            err.flush();
        }
        System.exit(exitCode);
    }

    /**
     * Runs one flywall command line with the process's standard input, printing to the given
     * writers (never with ANSI colours: they are not terminals). Never throws: internal errors
     * become {@link ExitCodes#INTERNAL_ERROR}.
     *
     * @return one of {@link ExitCodes}
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, System.in, out, err);
    }

    /** {@link #run(String[], PrintWriter, PrintWriter)} reading standard input from {@code in}. */
    public static int run(String[] args, InputStream in, PrintWriter out, PrintWriter err) {
        return run(args, in, out, err, Ansi.OFF, "1".equals(System.getenv(DEBUG_VARIABLE)));
    }

    static int run(String[] args, InputStream in, PrintWriter out, PrintWriter err, Ansi ansi, boolean debug) {
        return run(args, in, out, err, ansi, debug, Preflight.SYSTEM);
    }

    /** Checks what the command needs of the machine against {@code host} ({@link Preflight}). */
    static int run(
            String[] args,
            InputStream in,
            PrintWriter out,
            PrintWriter err,
            Ansi ansi,
            boolean debug,
            Preflight.Host host) {
        InternalErrorHandler internalError = new InternalErrorHandler(err, debug);
        try {
            CommandLine commandLine = configure(root(args, in), out, err, ansi, internalError)
                    .setExecutionStrategy(parsed -> preflightThenRun(parsed, new Preflight(host)));
            return execute(commandLine, args, internalError);
        } catch (RuntimeException | Error e) { // building the command line failed: a bug
            return internalError.report(e);
        }
    }

    /**
     * The command line to parse {@code args} with. picocli builds the model of every subcommand it
     * is given, by reflection, instantiating each (and running its static initialisers): for a
     * short command that was most of its start-up. So when {@code args} starts with a subcommand
     * name, the root gets that subcommand only; help, no command or an unknown one get them all
     * (for the command list and "did you mean").
     */
    static CommandLine root(String[] args, InputStream in) {
        if (args.length > 0 && !args[0].startsWith("-")) {
            for (Class<?> subcommand :
                    FlywallCommand.class.getAnnotation(Command.class).subcommands()) {
                Command command = subcommand.getAnnotation(Command.class);
                if (subcommand != HelpCommand.class && command.name().equals(args[0])) {
                    return new CommandLine(new FlywallRootCommand(in)).addSubcommand(subcommand);
                }
            }
        }
        return new CommandLine(new FlywallCommand(in));
    }

    /** The root command {@code commandLine} wired to the given writers and to flywall's error reporting. */
    static CommandLine configure(
            CommandLine commandLine, PrintWriter out, PrintWriter err, Ansi ansi, InternalErrorHandler internalError) {
        return commandLine
                .setOut(out)
                .setErr(err)
                .setColorScheme(CommandLine.Help.defaultColorScheme(ansi))
                .setParameterExceptionHandler(new UsageErrorHandler())
                .setExecutionExceptionHandler(internalError);
    }

    /**
     * Runs the parsed command when this machine has what it needs; else names each missing tool,
     * privilege or kernel feature and the fix, and returns {@link ExitCodes#ENVIRONMENT}.
     */
    private static int preflightThenRun(ParseResult parsed, Preflight preflight) {
        List<String> problems;
        try {
            problems = preflight.problems(parsed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems = List.of("interrupted while checking what this command needs");
        }
        if (problems.isEmpty()) {
            return new CommandLine.RunLast().execute(parsed);
        }
        ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        PrintWriter err = parsed.commandSpec().commandLine().getErr();
        for (String problem : problems) {
            err.println(last.commandSpec().qualifiedName() + ": " + problem);
        }
        return ExitCodes.ENVIRONMENT;
    }

    /** Executes {@code args}; whatever escapes picocli is reported as an internal error. */
    static int execute(CommandLine commandLine, String[] args, InternalErrorHandler internalError) {
        try {
            return commandLine.execute(args);
        } catch (RuntimeException | Error e) {
            return internalError.report(e);
        } finally {
            commandLine.getOut().flush();
            commandLine.getErr().flush();
        }
    }
}
