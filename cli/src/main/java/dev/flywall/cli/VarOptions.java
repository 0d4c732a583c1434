package dev.flywall.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The {@code --var NAME=VALUE} option shared by commands that evaluate a configuration. */
final class VarOptions {

    @Option(
            names = "--var",
            paramLabel = "NAME=VALUE",
            description = "Set an input variable (declared with a variable block); repeatable.")
    Map<String, String> vars = new LinkedHashMap<>();

    Map<String, String> vars() {
        return vars;
    }
}
