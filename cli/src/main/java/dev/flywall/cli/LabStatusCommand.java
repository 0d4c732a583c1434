package dev.flywall.cli;

import dev.flywall.runtime.lab.Lab;
import dev.flywall.runtime.lab.LabPlan;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        // an HA pair's lab has a second gateway (lab.json names it): its daemon's view too
        String peer = "";
        Path labJson = Lab.dir(name.name).resolve("lab.json");
        if (Files.exists(labJson)) {
            peer = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(Files.readString(labJson))
                    .path("peer")
                    .asText("");
        }
        wanStatus(LabPlan.gatewayNamespace(name.name), Lab.dir(name.name).resolve("state"), out);
        if (!peer.isEmpty() && namespaces.contains(peer)) {
            out.println(peer + ":");
            wanStatus(peer, Lab.dir(name.name).resolve("peer").resolve("state"), out);
        }
        return ExitCodes.SUCCESS;
    }

    /** {@code flywall wan status} inside a gateway namespace, printed as it answers. */
    private static void wanStatus(String namespace, Path state, PrintWriter out)
            throws java.io.IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(
                        "ip",
                        "netns",
                        "exec",
                        namespace,
                        ProcessHandle.current().info().command().orElse("java"),
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "wan",
                        "status",
                        "--state-dir",
                        state.toString()))
                .redirectErrorStream(true)
                .start();
        out.print(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        out.flush();
        p.waitFor();
    }
}
