package dev.flywall.runtime.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Declared devices as the kernel has them now: MTU, whether the link is up, every address on it
 * (flywall's and the operator's alike: {@link LinkLedger} tells them apart) and the root qdisc if it
 * has flywall's shape (HTB {@code 1:} with class {@code 1:10} and leaf {@code 10:}). Read with two
 * processes ({@code ip -j address show}, {@code tc -j qdisc show}), plus one {@code tc class show}
 * per device with an HTB root; none when no device is asked for.
 */
final class LiveLinks {

    /** One device now. {@code shaping}: flywall's shape as installed, or null; {@code htbRoot}: root is HTB 1:. */
    record Live(
            String device,
            int mtu,
            boolean up,
            List<Cidr> addresses,
            boolean htbRoot,
            LinkState.Shape shaping,
            Map<String, Integer> sysctls) {
        Live {
            addresses = List.copyOf(addresses);
            sysctls = Map.copyOf(sysctls);
        }

        Live(String device, int mtu, boolean up, List<Cidr> addresses, boolean htbRoot, LinkState.Shape shaping) {
            this(device, mtu, up, addresses, htbRoot, shaping, Map.of());
        }

        boolean has(Cidr address) {
            return addresses.contains(address);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RATE = Pattern.compile("\\brate ([0-9]+[KMGT]?bit)\\b");

    private LiveLinks() {}

    /** The devices among {@code devices} that exist, by name. */
    static Map<String, Live> read(Kernel kernel, Collection<String> devices) throws IOException, InterruptedException {
        Map<String, Live> links = new TreeMap<>();
        if (devices.isEmpty()) {
            return links;
        }
        Set<String> wanted = new TreeSet<>(devices);
        Kernel.Result shown = kernel.run("", "ip", "-j", "address", "show");
        if (!shown.ok()) {
            throw new IOException("ip address show failed: " + shown.err().strip());
        }
        Map<String, JsonNode> qdiscs = qdiscs(kernel);
        Map<String, Map<String, Integer>> sysctls = sysctls(kernel, wanted);
        for (JsonNode link : JSON.readTree(shown.out())) {
            String name = link.path("ifname").asText();
            if (!wanted.contains(name)) {
                continue;
            }
            List<Cidr> addresses = new ArrayList<>();
            for (JsonNode a : link.path("addr_info")) {
                Cidr.parse(a.path("local").asText() + "/" + a.path("prefixlen").asText())
                        .ifPresent(addresses::add);
            }
            boolean up = false;
            for (JsonNode flag : link.path("flags")) {
                up |= flag.asText().equals("UP");
            }
            JsonNode root = qdiscs.get(name + " root");
            boolean htb = root != null
                    && root.path("kind").asText().equals("htb")
                    && root.path("handle").asText().equals("1:");
            links.put(
                    name,
                    new Live(
                            name,
                            link.path("mtu").asInt(),
                            up,
                            addresses,
                            htb,
                            htb ? shape(kernel, name, qdiscs.get(name + " 1:10")) : null,
                            sysctls.getOrDefault(name, Map.of())));
        }
        return links;
    }

    /** The IPv6 settings apply may set ({@link DeclaredLinks#ipv6Sysctls}). */
    static final List<String> SYSCTLS = List.of("accept_ra", "autoconf", "ra_defrtr_metric");

    /** {@code net.ipv6.conf.DEVICE.NAME} (a dot in a device name is a slash in the key). */
    static String sysctlKey(String device, String name) {
        return "net.ipv6.conf." + device.replace('.', '/') + "." + name;
    }

    /**
     * Each device's {@link #SYSCTLS} as the kernel has them, in one {@code sysctl} process; a setting
     * the kernel lacks (ra_defrtr_metric before Linux 5.18) or a device without IPv6 is left out.
     */
    private static Map<String, Map<String, Integer>> sysctls(Kernel kernel, Set<String> devices)
            throws IOException, InterruptedException {
        Map<String, String> byKey = new java.util.HashMap<>();
        List<String> command = new ArrayList<>(List.of("sysctl", "-e"));
        for (String d : devices) {
            for (String n : SYSCTLS) {
                byKey.put(sysctlKey(d, n), d + " " + n);
                command.add(sysctlKey(d, n));
            }
        }
        Map<String, Map<String, Integer>> out = new TreeMap<>();
        // -e: a key the kernel lacks is not an error; the others still print "KEY = VALUE"
        for (String line : kernel.run("", command.toArray(String[]::new)).out().split("\n")) {
            String[] kv = line.split(" = ", 2);
            String[] what =
                    kv.length == 2 ? byKey.getOrDefault(kv[0].strip(), "").split(" ") : new String[0];
            if (what.length == 2 && kv[1].strip().matches("-?[0-9]{1,10}")) {
                out.computeIfAbsent(what[0], x -> new TreeMap<>()).put(what[1], Integer.parseInt(kv[1].strip()));
            }
        }
        return out;
    }

    /** Each device's qdiscs by "DEVICE root" and "DEVICE PARENT". */
    private static Map<String, JsonNode> qdiscs(Kernel kernel) throws IOException, InterruptedException {
        Kernel.Result shown = kernel.run("", "tc", "-j", "qdisc", "show");
        if (!shown.ok()) {
            throw new IOException("tc qdisc show failed: " + shown.err().strip());
        }
        Map<String, JsonNode> byPlace = new TreeMap<>();
        for (JsonNode q : JSON.readTree(shown.out())) {
            String place =
                    q.path("root").asBoolean() ? "root" : q.path("parent").asText();
            byPlace.put(q.path("dev").asText() + " " + place, q);
        }
        return byPlace;
    }

    /** flywall's shape under an HTB root: class 1:10's rate and the leaf 10: under it; null when it is not that shape. */
    private static LinkState.Shape shape(Kernel kernel, String device, JsonNode leaf)
            throws IOException, InterruptedException {
        if (leaf == null
                || !leaf.path("handle").asText().equals("10:")
                || !dev.flywall.plan.ShapingBatch.LEAVES.contains(
                        leaf.path("kind").asText())) {
            return null;
        }
        // iproute2 6.1 prints HTB classes as text even with -j
        Kernel.Result shown = kernel.run("", "tc", "class", "show", "dev", device, "classid", "1:10");
        var m = RATE.matcher(shown.out());
        if (!shown.ok() || !m.find()) {
            return null;
        }
        long rate = LinkState.parseRate(m.group(1));
        return rate < 0 ? null : new LinkState.Shape(rate, leaf.path("kind").asText());
    }
}
