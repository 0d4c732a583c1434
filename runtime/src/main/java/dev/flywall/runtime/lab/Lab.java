package dev.flywall.runtime.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywall.runtime.apply.Kernel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Builds and removes a lab's network namespaces, and breaks, heals or degrades its ISPs. The lab
 * is sealed: its namespaces are linked only to each other (veth pairs), never to the host's.
 * Every name is checked before it reaches {@code ip}.
 */
public final class Lab {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,15}");
    private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9_.-]{1,15}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Kernel host = new Kernel(Optional.empty());

    /** Where a lab keeps its bundle, logs and pids. */
    public static Path dir(String name) {
        return Path.of("/run/flywall-lab", name);
    }

    public static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "a lab name is 1-16 lower-case letters, digits and '-', starting with a" + " letter: " + name);
        }
    }

    /** Creates the namespaces, links and addresses of a plan. On failure, removes what it made. */
    public void up(LabPlan plan) throws IOException, InterruptedException {
        checkName(plan.name());
        if (exists(plan.name())) {
            throw new IOException("a lab named " + plan.name() + " is up already (flywall lab down"
                    + (plan.name().equals("fwlab") ? "" : " --name " + plan.name()) + ")");
        }
        try {
            build(plan);
        } catch (IOException | RuntimeException e) {
            down(plan.name());
            throw e;
        }
        Files.createDirectories(dir(plan.name()));
        ObjectNode state = JSON.valueToTree(plan);
        Files.writeString(dir(plan.name()).resolve("lab.json"), state.toPrettyString(), StandardCharsets.UTF_8);
    }

    /**
     * Creates the namespaces, bridges, links and addresses of an HA pair ({@link LabPair}); on
     * failure, removes what it made. Its lab.json is the first node's plan with the second's
     * gateway namespace ({@code peer}).
     */
    public void up(LabPair pair) throws IOException, InterruptedException {
        checkName(pair.name());
        if (exists(pair.name())) {
            throw new IOException("a lab named " + pair.name() + " is up already (flywall lab down"
                    + (pair.name().equals("fwlab") ? "" : " --name " + pair.name()) + ")");
        }
        try {
            LabPairNetwork.build(pair);
        } catch (IOException | RuntimeException e) {
            down(pair.name());
            throw e;
        }
        Files.createDirectories(dir(pair.name()));
        ObjectNode state = JSON.valueToTree(pair.primary());
        state.put("peer", pair.secondary().gateway());
        Files.writeString(dir(pair.name()).resolve("lab.json"), state.toPrettyString(), StandardCharsets.UTF_8);
    }

    /**
     * One node of a pair dies as in a power loss: its processes frozen, its links down, then its
     * processes killed (none says goodbye). Returns how many processes it had.
     */
    public int crash(String name, String gateway) throws IOException, InterruptedException {
        checkName(name);
        if (!gateway.equals(LabPlan.gatewayNamespace(name)) && !gateway.equals(LabPair.peerNamespace(name))) {
            throw new IllegalArgumentException("not a gateway of the lab " + name + ": " + gateway);
        }
        return LabPairNetwork.crash(gateway);
    }

    /**
     * A crashed node's namespace as after a reboot: none of the pair's virtual addresses, an empty
     * connection table, its links up (its rules, routes and daemon are to be started again).
     */
    public void boot(LabPair pair, String gateway) throws IOException, InterruptedException {
        LabPairNetwork.boot(gateway, pair.virtualAddresses());
    }

    private void build(LabPlan plan) throws IOException, InterruptedException {
        String gw = plan.gateway();
        gatewayNamespace(gw);
        for (LabPlan.Isp isp : plan.isps()) {
            check(isp.device());
            ip("netns", "add", isp.namespace());
            noDad(isp.namespace());
            ip(
                    "link",
                    "add",
                    isp.device(),
                    "netns",
                    gw,
                    "type",
                    "veth",
                    "peer",
                    "name",
                    "eth0",
                    "netns",
                    isp.namespace());
            isp(plan, isp, plan.internet(), plan.internet6(), isp.gatewayAddress());
            gatewaySide(gw, isp);
        }
        for (LabPlan.Lan lan : plan.lans()) {
            check(lan.device());
            ip("netns", "add", lan.namespace());
            noDad(lan.namespace());
            ip(
                    "link",
                    "add",
                    lan.device(),
                    "netns",
                    gw,
                    "type",
                    "veth",
                    "peer",
                    "name",
                    "eth0",
                    "netns",
                    lan.namespace());
            batch(
                    gw,
                    List.of(
                            "link set " + lan.device() + " up",
                            "addr add " + lan.gatewayAddress() + "/" + lan.prefix() + " dev " + lan.device()));
            batch(
                    lan.namespace(),
                    List.of(
                            "link set lo up",
                            "link set eth0 up",
                            "addr add " + lan.clientAddress() + "/" + lan.prefix() + " dev eth0",
                            "route add default via " + lan.gatewayAddress()));
            if (!lan.gatewayAddress6().isEmpty()) {
                batch(
                        gw,
                        List.of("addr add " + lan.gatewayAddress6() + "/" + lan.prefix6() + " dev " + lan.device()
                                + " nodad"));
                batch(
                        lan.namespace(),
                        List.of(
                                "addr add " + lan.clientAddress6() + "/" + lan.prefix6() + " dev eth0 nodad",
                                "route add default via " + lan.gatewayAddress6() + " dev eth0"));
            }
        }
    }

    /** A gateway's namespace: forwarding on, no reverse-path filter (replies may come back by another uplink). */
    static void gatewayNamespace(String gw) throws IOException, InterruptedException {
        ip("netns", "add", gw);
        in(gw, "ip", "link", "set", "lo", "up");
        noDad(gw);
        sysctl(
                gw,
                "net.ipv4.ip_forward=1",
                "net.ipv4.conf.all.rp_filter=0",
                "net.ipv4.conf.default.rp_filter=0",
                "net.ipv6.conf.all.forwarding=1");
    }

    /**
     * An ISP's namespace once its {@code eth0} exists (a veth end, or a bridge for a pair): its
     * addresses, the internet hosts, the route back to the gateway ({@code defaultVia}) and the
     * counters and outage table the lab reads and writes.
     */
    static void isp(LabPlan plan, LabPlan.Isp isp, List<String> internet, List<String> internet6, String defaultVia)
            throws IOException, InterruptedException {
        batch(
                isp.namespace(),
                List.of(
                        "link set lo up",
                        "link set eth0 up",
                        "addr add " + isp.ispAddress() + "/" + isp.prefix() + " dev eth0"));
        List<String> lo = new ArrayList<>();
        internet.forEach(a -> lo.add("addr add " + a + "/32 dev lo"));
        internet6.forEach(a -> lo.add("addr add " + a + "/128 dev lo"));
        batch(isp.namespace(), lo);
        // the ISP must not answer ARP for the internet hosts on its link, or probes succeed wrongly
        // (neighbour discovery answers only for the link's own addresses: nothing to set for IPv6)
        sysctl(
                isp.namespace(),
                "net.ipv4.conf.all.arp_ignore=1",
                "net.ipv4.ip_forward=1",
                "net.ipv6.conf.all.forwarding=1");
        // replies to the gateway's other addresses (NAT off, static subnets) go back over the link
        run(isp.namespace(), "", "ip", "route", "add", "default", "via", defaultVia, "dev", "eth0");
        List<String> v6 = new ArrayList<>();
        v6.add("addr add " + isp.ispAddress6() + "/" + isp.prefix6() + " dev eth0 nodad");
        if (!isp.gatewayAddress6().isEmpty()) {
            // the LAN's global prefix (no translation) and the uplink's NPT outside prefix: to the gateway
            v6.add("route add default via " + isp.gatewayAddress6() + " dev eth0");
            isp.routed6().forEach(p -> v6.add("route add " + p + " via " + isp.gatewayAddress6() + " dev eth0"));
        }
        batch(isp.namespace(), v6);
        StringBuilder policyCounters = new StringBuilder();
        for (int i = 0; i < plan.policies().size(); i++) {
            LabPlan.PolicyProbe p = plan.policies().get(i);
            policyCounters
                    .append("table inet lab {\n counter policy_")
                    .append(i)
                    .append(" { }\n chain input {\n")
                    .append(
                            p.destination().contains(":")
                                    ? "  iifname \"eth0\" ip6 daddr "
                                    : "  iifname \"eth0\" ip daddr ")
                    .append(p.destination())
                    .append(" ")
                    .append(p.protocol())
                    .append(" dport ")
                    .append(p.port())
                    .append(p.protocol().equals("tcp") ? " tcp flags & (syn | ack) == syn" : "")
                    .append(" counter name policy_")
                    .append(i)
                    .append("\n }\n}\n");
        }
        run(isp.namespace(), """
                table inet lab {
                  counter probes_in { }
                  counter web_syn { }
                  counter udp_1194 { }
                  set src6 { type ipv6_addr; flags dynamic; counter; size 4096; }
                  chain input { type filter hook input priority 0; policy accept;
                    iifname "eth0" counter name probes_in
                    iifname "eth0" ip6 saddr != fe80::/10 add @src6 { ip6 saddr & ffff:ffff:ffff:ffff:: }
                    iifname "eth0" tcp dport 80 tcp flags & (syn | ack) == syn counter name web_syn
                    iifname "eth0" udp dport 1194 counter name udp_1194
                  }
                }
                """ + policyCounters, "nft", "-f", "-");
    }

    /** The gateway's end of an ISP link: up, with its address (unless DHCP gives it) and a PPPoE stand-in's route. */
    static void gatewaySide(String gw, LabPlan.Isp isp) throws IOException, InterruptedException {
        List<String> g = new ArrayList<>(List.of("link set " + isp.device() + " up"));
        if (!isp.dhcp()) {
            g.add("addr add " + isp.gatewayAddress() + "/" + isp.prefix() + " dev " + isp.device());
        }
        if (!isp.gatewayAddress6().isEmpty()) {
            g.add("addr add " + isp.gatewayAddress6() + "/" + isp.prefix6() + " dev " + isp.device() + " nodad");
        }
        if (isp.dynamic() && !isp.dhcp()) {
            // what a PPPoE session would bring (it cannot run on this kernel): the address above
            // and a default route by metric; a DHCP uplink gets both from the daemon's client
            g.add("route add default via " + isp.ispAddress() + " dev " + isp.device() + " metric " + isp.metric());
        }
        batch(gw, g);
    }

    /**
     * No duplicate address detection in a namespace's devices: an IPv6 address is usable at once
     * (not tentative for a second), as the lab's links hold no one else. Set before its devices exist.
     */
    static void noDad(String ns) throws IOException, InterruptedException {
        sysctl(ns, "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0");
    }

    /** Whether a lab of that name has namespaces. */
    public boolean exists(String name) throws IOException, InterruptedException {
        return !namespaces(name).isEmpty();
    }

    /** The lab's namespaces, as {@code ip netns list} shows them. */
    public List<String> namespaces(String name) throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        for (String line : host.run("", "ip", "netns", "list").out().split("\n")) {
            String ns = line.split(" ")[0].strip();
            if (ns.equals(name + "-gw")
                    || ns.equals(LabPair.peerNamespace(name))
                    || ns.startsWith(name + "-isp-")
                    || ns.startsWith(name + "-lan-")) {
                out.add(ns);
            }
        }
        return out;
    }

    /** Stops the lab's processes and deletes its namespaces; returns how many namespaces went. */
    public int down(String name) throws IOException, InterruptedException {
        checkName(name);
        Path pids = dir(name).resolve("pids");
        if (Files.exists(pids)) {
            for (String line : Files.readAllLines(pids)) {
                if (!line.isBlank()) {
                    ProcessHandle.of(Long.parseLong(line.strip())).ifPresent(p -> {
                        p.descendants().forEach(ProcessHandle::destroyForcibly);
                        p.destroyForcibly();
                    });
                }
            }
        }
        List<String> namespaces = namespaces(name);
        for (String ns : namespaces) {
            // anything still running inside (a daemon started by hand) goes with it
            for (String pid : host.run("", "ip", "netns", "pids", ns).out().split("\\s+")) {
                if (!pid.isBlank()) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            host.run("", "ip", "netns", "del", ns);
        }
        deleteTree(dir(name));
        return namespaces.size();
    }

    /** The ISP drops everything arriving from the gateway; its link stays up (the realistic outage). */
    public void breakIsp(String name, String uplink) throws IOException, InterruptedException {
        String ns = isp(name, uplink);
        heal(name, uplink);
        run(
                ns,
                "table inet lab_outage {\n chain c { type filter hook prerouting priority -300; policy accept;\n"
                        + "  iifname \"eth0\" drop\n }\n}\n",
                "nft",
                "-f",
                "-");
    }

    /** Drops {@code percent} of the packets arriving from the gateway (random, per packet). */
    public void loss(String name, String uplink, int percent) throws IOException, InterruptedException {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("loss is a percentage, 0-100: " + percent);
        }
        if (percent == 100) {
            breakIsp(name, uplink);
            return;
        }
        String ns = isp(name, uplink);
        heal(name, uplink);
        if (percent > 0) {
            run(
                    ns,
                    "table inet lab_outage {\n chain c { type filter hook prerouting priority -300; policy accept;\n"
                            + "  iifname \"eth0\" numgen random mod 100 < " + percent + " drop\n }\n}\n",
                    "nft",
                    "-f",
                    "-");
        }
    }

    /** Ends an outage or loss. */
    public void heal(String name, String uplink) throws IOException, InterruptedException {
        Kernel k = new Kernel(Optional.of(isp(name, uplink)));
        if (k.run("", "nft", "list", "table", "inet", "lab_outage").ok()) {
            k.run("", "nft", "delete", "table", "inet", "lab_outage");
        }
    }

    /** How many packets the ISP received from the gateway (its input counter). */
    public long received(String name, String uplink) throws IOException, InterruptedException {
        return counter(name, uplink, "probes_in");
    }

    /**
     * An ISP counter: {@code probes_in} (every packet from the gateway), {@code web_syn} (new TCP
     * connections to port 80), {@code udp_1194} (UDP datagrams to port 1194), {@code policy_N}
     * (the traffic of the plan's N-th policy probe).
     */
    public long counter(String name, String uplink, String counter) throws IOException, InterruptedException {
        if (!List.of("probes_in", "web_syn", "udp_1194").contains(counter) && !counter.matches("policy_\\d{1,3}")) {
            throw new IllegalArgumentException("no lab counter " + counter);
        }
        String out = new Kernel(Optional.of(isp(name, uplink)))
                .run("", "nft", "list", "counter", "inet", "lab", counter)
                .out();
        var m = Pattern.compile("packets (\\d+)").matcher(out);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /**
     * The IPv6 packets the ISP received from the gateway, per source /64 (link-local ones left
     * out), most first: which prefixes the gateway's traffic carried on that link.
     */
    public java.util.LinkedHashMap<String, Long> sourcePrefixes(String name, String uplink)
            throws IOException, InterruptedException {
        String out = new Kernel(Optional.of(isp(name, uplink)))
                .run("", "nft", "list", "set", "inet", "lab", "src6")
                .out();
        java.util.Map<String, Long> found = new java.util.HashMap<>();
        var m = Pattern.compile("([0-9a-f:]+) counter packets (\\d+)").matcher(out);
        while (m.find()) {
            found.merge(m.group(1) + "/64", Long.parseLong(m.group(2)), Long::sum);
        }
        java.util.LinkedHashMap<String, Long> sorted = new java.util.LinkedHashMap<>();
        found.entrySet().stream()
                .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** Whether the ISP is broken or lossy now, as a word. */
    public String condition(String name, String uplink) throws IOException, InterruptedException {
        Kernel.Result r =
                new Kernel(Optional.of(isp(name, uplink))).run("", "nft", "list", "table", "inet", "lab_outage");
        if (!r.ok()) {
            return "healthy";
        }
        var m = Pattern.compile("< (\\d+) drop").matcher(r.out());
        return m.find() ? m.group(1) + "% loss" : "broken (drops everything: 100% loss)";
    }

    private String isp(String name, String uplink) throws IOException, InterruptedException {
        checkName(name);
        check(uplink);
        String ns = name + "-isp-" + uplink;
        if (!namespaces(name).contains(ns)) {
            throw new IllegalArgumentException("the lab " + name + " has no ISP for " + uplink + " (ISPs: "
                    + String.join(
                            ", ",
                            namespaces(name).stream()
                                    .filter(n -> n.startsWith(name + "-isp-"))
                                    .map(n -> n.substring(name.length() + 5))
                                    .toList())
                    + ")");
        }
        return ns;
    }

    static void check(String device) {
        if (!DEVICE.matcher(device).matches()) {
            throw new IllegalArgumentException("not a usable interface name: " + device);
        }
    }

    static void ip(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Kernel.Result r = new Kernel(Optional.empty()).run("", command.toArray(String[]::new));
        if (!r.ok()) {
            throw new IOException(String.join(" ", command) + ": " + r.err().strip());
        }
    }

    static void in(String ns, String... command) throws IOException, InterruptedException {
        run(ns, "", command);
    }

    static void run(String ns, String stdin, String... command) throws IOException, InterruptedException {
        Kernel.Result r = new Kernel(Optional.of(ns)).run(stdin, command);
        if (!r.ok()) {
            throw new IOException("in " + ns + ": " + String.join(" ", command) + ": "
                    + r.err().strip());
        }
    }

    static void batch(String ns, List<String> lines) throws IOException, InterruptedException {
        if (!lines.isEmpty()) {
            run(ns, String.join("\n", lines) + "\n", "ip", "-batch", "-");
        }
    }

    static void sysctl(String ns, String... settings) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sysctl", "-qw"));
        command.addAll(List.of(settings));
        run(ns, "", command.toArray(String[]::new));
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
