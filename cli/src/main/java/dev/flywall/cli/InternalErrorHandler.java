package dev.flywall.cli;

import dev.flywall.runtime.apply.StateDirUnusableException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        Optional<String> tool = missingTool(ex);
        if (tool.isPresent()) {
            // a tool the preflight (Preflight.NEEDS) did not ask of this command: still the environment
            err.println("flywall: " + tool.get() + " is not installed (not found in PATH)"
                    + Optional.ofNullable(PACKAGES.get(tool.get()))
                            .map(p -> ": install it with apt-get install " + p)
                            .orElse(""));
            err.flush();
            return ExitCodes.ENVIRONMENT;
        }
        return report(ex);
    }

    /** The Debian packages of the tools flywall runs. */
    private static final Map<String, String> PACKAGES = Map.of(
            "nft", "nftables", "ip", "iproute2", "conntrack", "conntrack", "sysctl", "procps", "setsid", "util-linux");

    /**
     * The tool whose start failed for want of its program, from the messages of Java's
     * ProcessBuilder ({@code Cannot run program "nft": error=2, No such file or directory}) and of
     * {@code ip netns exec} ({@code exec of "nft" failed: No such file or directory}).
     */
    static Optional<String> missingTool(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            Matcher m = MISSING.matcher(String.valueOf(t.getMessage()));
            if (t instanceof IOException && m.find()) {
                return Optional.of(m.group(1) != null ? m.group(1) : m.group(2));
            }
        }
        return Optional.empty();
    }

    private static final Pattern MISSING = Pattern.compile(
            "Cannot run program \"([^\"/]+)\".*No such file or directory|exec of \"([^\"/]+)\" failed: No such file or"
                    + " directory");

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
