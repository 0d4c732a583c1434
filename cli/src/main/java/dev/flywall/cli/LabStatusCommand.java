package dev.flywall.cli;

import dev.flywall.runtime.lab.Lab;
import dev.flywall.runtime.lab.LabPlan;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code flywall lab status}: the namespaces, each ISP's condition, and the daemon's view. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        versionProvider = FlywallVersion.class,
        description = "The lab's namespaces, each ISP's condition and the packets it received, and the daemon's"
                + " view (flywall wan status inside the gateway).")
final class LabStatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LabCommand.NameOption name = new LabCommand.NameOption();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (LabCommand.notRoot(spec.commandLine().getErr())) {
            return ExitCodes.ENVIRONMENT;
        }
        Lab lab = new Lab();
        List<String> namespaces = lab.namespaces(name.name);
        if (namespaces.isEmpty()) {
            out.println("No lab named " + name.name + " is up.");
            return ExitCodes.FAILURE;
        }
        out.println("Lab " + name.name + ": " + String.join(", ", namespaces));
        for (String ns : namespaces) {
            if (ns.startsWith(name.name + "-isp-")) {
                String uplink = ns.substring(name.name.length() + 5);
                out.println("  ISP of " + uplink + ": " + lab.condition(name.name, uplink) + ", "
                        + lab.received(name.name, uplink) + " packets received from the gateway");
                var prefixes = lab.sourcePrefixes(name.name, uplink);
                if (!prefixes.isEmpty()) {
                    out.println("    IPv6 by source prefix: "
                            + String.join(
                                    ", ",
                                    prefixes.entrySet().stream()
                                            .map(e -> e.getKey() + " " + e.getValue())
                                            .toList()));
                }
            }
        }
        out.flush();
        Process p = new ProcessBuilder(List.of(
                        "ip",
                        "netns",
                        "exec",
                        LabPlan.gatewayNamespace(name.name),
                        ProcessHandle.current().info().command().orElse("java"),
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "wan",
                        "status",
                        "--state-dir",
                        Lab.dir(name.name).resolve("state").toString()))
                .redirectErrorStream(true)
                .start();
        out.print(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        p.waitFor();
        return ExitCodes.SUCCESS;
    }
}
