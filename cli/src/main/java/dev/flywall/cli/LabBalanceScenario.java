package dev.flywall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywall.runtime.lab.Lab;
import dev.flywall.runtime.lab.LabPlan;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The balance scenario: 300 new connections from the LAN client; each ISP counts the ones it got,
 * against the weights.
 */
final class LabBalanceScenario implements LabScenario {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public int play(RunningLab lab, PrintWriter out, PrintWriter err) throws Exception {
    JsonNode group = JSON.readTree(lab.plan().watchdogJson()).path("groups").path(0);
    if (group.isMissingNode() || lab.plan().lans().isEmpty()) {
      err.println("flywall lab run: the balance scenario needs an uplink_group and a LAN interface");
      return ExitCodes.FAILURE;
    }
    if (!RunningLab.await(Duration.ofSeconds(60), () -> RunningLab.allUp(lab))) {
      LabReport.notUp(lab, err);
      return ExitCodes.FAILURE;
    }
    String name = group.path("name").asText();
    List<String> active = List.of(RunningLab.active(lab, name).split("\\+"));
    Lab l = new Lab();
    Map<String, Long> before = new java.util.LinkedHashMap<>();
    for (LabPlan.Isp isp : lab.plan().isps()) {
      before.put(isp.uplink(), l.counter(lab.plan().name(), isp.uplink(), "web_syn"));
    }
    int flows = 300;
    Process client = RunningLab.spawn(lab.plan().lans().get(0).namespace(), lab.dir().resolve("balance.log"), "lab",
        "client",
        "--target", lab.plan().internet().get(lab.plan().internet().size() - 1), "--tcp", Integer.toString(flows));
    client.waitFor();
    long weightSum = 0;
    for (JsonNode m : group.path("members")) {
      if (active.contains(m.path("uplink").asText())) {
        weightSum += m.path("weight").asLong();
      }
    }
    out.println("Group " + name + " (" + group.path("mode").asText() + ", " + (group.path("sticky").asBoolean()
        ? "sticky" : "per connection") + ") active: " + String.join(", ", active) + "; " + flows
        + " new connections from the LAN client:");
    for (JsonNode m : group.path("members")) {
      String uplink = m.path("uplink").asText();
      long got = l.counter(lab.plan().name(), uplink, "web_syn") - before.getOrDefault(uplink, 0L);
      double expected = active.contains(uplink) ? 100.0 * m.path("weight").asLong() / weightSum : 0;
      out.printf("  %-10s weight %-4d %4d connections  %5.1f%%  (weights say %.1f%%)%n", uplink,
          m.path("weight").asInt(), got, 100.0 * got / flows, expected);
    }
    out.flush();
    return ExitCodes.SUCCESS;
  }
}
