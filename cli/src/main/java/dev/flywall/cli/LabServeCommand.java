package dev.flywall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywall.runtime.lab.Lab;
import dev.flywall.runtime.lab.LabPlan;
import dev.flywall.runtime.lab.LabServers;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flywall lab serve} (hidden): one ISP's internet hosts, started by the lab in the ISP's namespace. */
@Command(
        name = "serve",
        hidden = true,
        mixinStandardHelpOptions = true,
        versionProvider = FlywallVersion.class,
        description = "The internet hosts of one ISP (started by the lab).")
final class LabServeCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    LabCommand.NameOption name = new LabCommand.NameOption();

    @Option(names = "--uplink", required = true)
    String uplink;

    @Override
    public Integer call() throws Exception {
        JsonNode plan = JSON.readTree(Files.readString(Lab.dir(name.name).resolve("lab.json")));
        List<Integer> ports = new ArrayList<>();
        for (JsonNode isp : plan.path("isps")) {
            if (isp.path("uplink").asText().equals(uplink)) {
                isp.path("tcpPorts").forEach(p -> ports.add(p.asInt()));
            }
        }
        Map<String, Integer> statuses =
                LabPlan.httpStatuses(plan.path("watchdogJson").asText());
        try (LabServers servers = new LabServers(
                uplink,
                statuses,
                ports,
                plan.path("internet").path(0).asText(),
                plan.path("internet6").path(0).asText(""),
                Lab.dir(name.name).resolve("received.log"))) {
            Thread.currentThread().join();
        }
        return ExitCodes.SUCCESS;
    }
}
