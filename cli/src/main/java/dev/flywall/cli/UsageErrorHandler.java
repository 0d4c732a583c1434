package dev.flywall.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Reports a command line picocli could not parse (unknown option or command, missing or bad
 * value): the message, "did you mean" suggestions when picocli has some, and a pointer to
 * {@code --help} — not the whole usage text, which would bury the message. Exit code {@link
 * ExitCodes#USAGE}.
 */
final class UsageErrorHandler implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine commandLine = ex.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println("flywall: " + message(ex));
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more information.");
        return ExitCodes.USAGE;
    }

    /** picocli calls an unknown command an "unmatched argument"; say what it is instead. */
    private static String message(ParameterException ex) {
        CommandLine commandLine = ex.getCommandLine();
        if (ex instanceof UnmatchedArgumentException unmatched
                && !unmatched.isUnknownOption()
                && !unmatched.getUnmatched().isEmpty()
                && !commandLine.getSubcommands().isEmpty()
                && commandLine.getCommandSpec().positionalParameters().isEmpty()) {
            return "unknown command '" + unmatched.getUnmatched().get(0) + "'";
        }
        return ex.getMessage();
    }
}
