package dev.flywall.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * Entry point of the {@code flywall} command line. {@link #main} is the only method in flywall
 * that calls {@link System#exit}; everything else goes through {@link #run}, which takes the
 * output streams as arguments and returns the exit code, so tests can call it directly.
 */
public final class Main {

  /** Set to {@code 1} to print the stack trace of internal errors. */
  static final String DEBUG_VARIABLE = "FLYWALL_DEBUG";

  private Main() {}

  /** Runs flywall with the process's stdout/stderr and exits with its {@link ExitCodes}. */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, false, System.out.charset());
    PrintWriter err = new PrintWriter(System.err, true, System.err.charset());
    int exitCode;
    try {
      exitCode = run(args, out, err, Ansi.AUTO, "1".equals(System.getenv(DEBUG_VARIABLE)));
    } finally {
      out.flush();
      err.flush();
    }
    System.exit(exitCode);
  }

  /**
   * Runs one flywall command line, printing to the given writers (never with ANSI colours: they
   * are not terminals). Never throws: internal errors become {@link ExitCodes#INTERNAL_ERROR}.
   *
   * @return one of {@link ExitCodes}
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(args, out, err, Ansi.OFF, "1".equals(System.getenv(DEBUG_VARIABLE)));
  }

  static int run(String[] args, PrintWriter out, PrintWriter err, Ansi ansi, boolean debug) {
    InternalErrorHandler internalError = new InternalErrorHandler(err, debug);
    try {
      return execute(commandLine(out, err, ansi, internalError), args, internalError);
    } catch (RuntimeException | Error e) { // building the command line failed: a bug
      return internalError.report(e);
    }
  }

  /** The root command wired to the given writers and to flywall's error reporting. */
  static CommandLine commandLine(
      PrintWriter out, PrintWriter err, Ansi ansi, InternalErrorHandler internalError) {
    return new CommandLine(new FlywallCommand())
        .setOut(out)
        .setErr(err)
        .setColorScheme(CommandLine.Help.defaultColorScheme(ansi))
        .setParameterExceptionHandler(new UsageErrorHandler())
        .setExecutionExceptionHandler(internalError);
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
