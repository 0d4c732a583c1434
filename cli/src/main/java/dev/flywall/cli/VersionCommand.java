package dev.flywall.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code flywall version}: the flywall version plus the Java runtime and operating system it
 * runs on — what a bug report needs. {@code flywall --version} prints only the first line.
 */
@Command(
        name = "version",
        mixinStandardHelpOptions = true,
        versionProvider = FlywallVersion.class,
        description = "Print the flywall version, the Java runtime and the operating system.")
final class VersionCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("flywall " + FlywallVersion.number());
        out.println("Java "
                + System.getProperty("java.runtime.version", Runtime.version().toString())
                + " ("
                + System.getProperty("java.vendor", "unknown vendor")
                + ", "
                + System.getProperty("java.home")
                + ")");
        out.println("OS "
                + System.getProperty("os.name")
                + " "
                + System.getProperty("os.version")
                + " "
                + System.getProperty("os.arch"));
        return ExitCodes.SUCCESS;
    }
}
