package dev.flywall.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates a realistic flywall configuration of a given number of top-level blocks (each with
 * its nested blocks), deterministically from a seed, in HCL native syntax and — with the same
 * content, without the comments — in HCL's JSON syntax.
 *
 * <p>The mix (45% interfaces, 35% policy routes, 20% uplink groups with one or
 * two health-checked members) averages about 200 bytes of HCL per top-level block, so 5,000
 * blocks make about 1 MB. Labels are unique, so the JSON form has no arrays of bodies: it is
 * exactly what {@code DocumentJson.toJson} produces for the HCL text.
 */
public final class ConfigGenerator {

    /** The seed all benchmarks use. */
    public static final long SEED = 20_240_601L;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String[] TARGETS = {
        "1.1.1.1", "1.0.0.1", "8.8.8.8", "8.8.4.4", "9.9.9.9", "149.112.112.112", "208.67.222.222", "208.67.220.220"
    };
    private static final String[] NETWORKS = {
        "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "198.51.100.0/24", "203.0.113.0/24"
    };
    private static final String[] PORTS = {"22", "53", "443", "1194", "3389", "5060", "8000-8100", "10000-20000"};
    private static final String[] PROTOCOLS = {"udp", "tcp"};
    private static final String[] ISPS = {"cable modem", "DSL line", "fibre ONT", "LTE router", "Starlink dish"};

    /** One generated configuration in both syntaxes. */
    public record Generated(int blocks, String hcl, String json) {}

    private final SplittableRandom random;
    private final StringBuilder hcl = new StringBuilder();
    private final ObjectNode root = MAPPER.createObjectNode();
    private int interfaces;
    private int groups;
    private int routes;

    private ConfigGenerator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public static Generated generate(int blocks) {
        return generate(blocks, SEED);
    }

    public static Generated generate(int blocks, long seed) {
        ConfigGenerator g = new ConfigGenerator(seed);
        g.hcl.append("# Generated flywall configuration: ")
                .append(blocks)
                .append(" top-level blocks, seed ")
                .append(seed)
                .append("\n\n");
        for (int i = 0; i < blocks; i++) {
            int kind = g.random.nextInt(100);
            if (i > 0) {
                g.hcl.append('\n');
            }
            if (kind < 45 || g.interfaces < 2) {
                g.iface();
            } else if (kind < 80) {
                g.policyRoute();
            } else {
                g.uplinkGroup();
            }
        }
        try {
            return new Generated(
                    blocks,
                    g.hcl.toString(),
                    MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(g.root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void iface() {
        int n = interfaces++;
        String name = "eth" + n;
        ObjectNode body = root.withObject("/interface").putObject(name);
        if (random.nextInt(4) == 0) {
            int net = n % 250 + 1;
            hcl.append("interface \"")
                    .append(name)
                    .append("\" {\n")
                    .append("  zone    = \"LAN\"\n")
                    .append("  address = \"192.168.")
                    .append(net)
                    .append(".1/24\"\n")
                    .append("}\n");
            body.put("zone", "LAN");
            body.put("address", "192.168." + net + ".1/24");
            return;
        }
        int priority = random.nextInt(1, 10);
        int weight = random.nextInt(1, 100);
        hcl.append("# uplink ")
                .append(n)
                .append(": ")
                .append(pick(ISPS))
                .append(", address from DHCP\n")
                .append("interface \"")
                .append(name)
                .append("\" {\n")
                .append("  zone = \"WAN\"\n")
                .append("  dhcp = true\n\n")
                .append("  wan {\n")
                .append("    priority = ")
                .append(priority)
                .append(" # lower = preferred\n")
                .append("    weight   = ")
                .append(weight)
                .append('\n')
                .append("  }\n")
                .append("}\n");
        body.put("zone", "WAN");
        body.put("dhcp", true);
        ObjectNode wan = body.putObject("wan");
        wan.put("priority", priority);
        wan.put("weight", weight);
    }

    private void uplinkGroup() {
        String name = "group-" + groups++;
        String mode = random.nextBoolean() ? "failover" : "balance";
        ObjectNode body = root.withObject("/uplink_group").putObject(name);
        hcl.append("uplink_group \"")
                .append(name)
                .append("\" {\n")
                .append("  mode = \"")
                .append(mode)
                .append("\"\n");
        body.put("mode", mode);
        int members = random.nextInt(1, 3);
        int first = random.nextInt(interfaces);
        ObjectNode memberNode = body.putObject("member");
        for (int m = 0; m < members; m++) {
            String member = "eth" + (first + m);
            int threshold = random.nextInt(2, 6);
            List<String> targets = distinct(TARGETS, 2);
            hcl.append('\n')
                    .append("  member \"")
                    .append(member)
                    .append("\" {\n")
                    .append("    priority = ")
                    .append(m + 1)
                    .append("\n\n")
                    .append("    health_check {\n")
                    .append("      targets        = ")
                    .append(list(targets))
                    .append('\n')
                    .append("      interval       = \"5s\"\n")
                    .append("      threshold_down = ")
                    .append(threshold)
                    .append('\n')
                    .append("    }\n")
                    .append("  }\n");
            ObjectNode mb = memberNode.putObject(member);
            mb.put("priority", m + 1);
            ObjectNode hc = mb.putObject("health_check");
            array(hc.putArray("targets"), targets);
            hc.put("interval", "5s");
            hc.put("threshold_down", threshold);
        }
        hcl.append("}\n");
    }

    private void policyRoute() {
        String name = "route-" + routes++;
        String protocol = pick(PROTOCOLS);
        List<String> ports = distinct(PORTS, random.nextInt(1, 3));
        List<String> destinations = distinct(NETWORKS, random.nextInt(1, 3));
        String uplink = "eth" + random.nextInt(interfaces);
        if (random.nextInt(3) == 0) {
            hcl.append("/* ").append(name).append(": ").append(protocol).append(" traffic pinned to one uplink */\n");
        } else {
            hcl.append("# ")
                    .append(name)
                    .append(": ")
                    .append(protocol)
                    .append(" to ")
                    .append(String.join(", ", destinations))
                    .append('\n');
        }
        hcl.append("policy_route \"")
                .append(name)
                .append("\" {\n")
                .append("  match {\n")
                .append("    protocol    = \"")
                .append(protocol)
                .append("\"\n")
                .append("    dest_port   = ")
                .append(list(ports))
                .append('\n')
                .append("    destination = ")
                .append(list(destinations))
                .append('\n')
                .append("  }\n\n")
                .append("  uplink = \"")
                .append(uplink)
                .append("\"\n")
                .append("}\n");
        ObjectNode body = root.withObject("/policy_route").putObject(name);
        ObjectNode match = body.putObject("match");
        match.put("protocol", protocol);
        array(match.putArray("dest_port"), ports);
        array(match.putArray("destination"), destinations);
        body.put("uplink", uplink);
    }

    private String pick(String[] from) {
        return from[random.nextInt(from.length)];
    }

    private List<String> distinct(String[] from, int count) {
        List<String> out = new ArrayList<>();
        int start = random.nextInt(from.length);
        for (int i = 0; i < count; i++) {
            out.add(from[(start + i) % from.length]);
        }
        return out;
    }

    private static String list(List<String> items) {
        StringBuilder sb = new StringBuilder("[");
        for (String item : items) {
            sb.append(sb.length() > 1 ? ", " : "").append('"').append(item).append('"');
        }
        return sb.append(']').toString();
    }

    private static void array(ArrayNode into, List<String> items) {
        items.forEach(into::add);
    }
}
