package dev.flywall.cli;

import dev.flywall.runtime.apply.StateDirUnusableException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception that escaped a command — a bug, since user errors are reported as
 * diagnostics and exit codes — into one line on stderr and exit code {@link
 * ExitCodes#INTERNAL_ERROR}. The stack trace follows only when debugging ({@code
 * FLYWALL_DEBUG=1}); users never see a raw stack trace.
 */
final class InternalErrorHandler implements IExecutionExceptionHandler {

  private final PrintWriter err;
  private final boolean debug;

  InternalErrorHandler(PrintWriter err, boolean debug) {
    this.err = err;
    this.debug = debug;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult result) {
    if (ex instanceof StateDirUnusableException unusable) {
      // the environment, not a bug: a state directory that is read-only or not safe to trust
      err.println("flywall: " + unusable.getMessage());
      err.flush();
      return ExitCodes.ENVIRONMENT;
    }
    return report(ex);
  }

  /** Prints the one-line report (and the stack trace when debugging); returns the exit code. */
  int report(Throwable failure) {
    err.println("flywall: internal error: " + oneLine(failure) + " (please report)");
    if (debug) {
      failure.printStackTrace(err);
    }
    err.flush();
    return ExitCodes.INTERNAL_ERROR;
  }

  private static String oneLine(Throwable failure) {
    String message = failure.getMessage();
    String name = failure.getClass().getName();
    if (message == null || message.isBlank()) {
      return name;
    }
    return name + ": " + message.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
