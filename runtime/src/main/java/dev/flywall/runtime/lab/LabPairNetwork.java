package dev.flywall.runtime.lab;

import dev.flywall.runtime.apply.Kernel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The namespaces and links of an HA pair's lab ({@link LabPair}): shared segments are bridges
 * named {@code eth0} in the ISP's and the client's namespace (so the ISP's counters and outages,
 * which match {@code iifname "eth0"}, work as they do for one gateway), each gateway's link a veth
 * port on them ({@code gw1}, {@code gw2}). Also what happens to a node: a crash, a reboot.
 */
final class LabPairNetwork {

    private LabPairNetwork() {}

    static void build(LabPair pair) throws IOException, InterruptedException {
        List<LabPlan> nodes = List.of(pair.primary(), pair.secondary());
        for (LabPlan node : nodes) {
            Lab.gatewayNamespace(node.gateway());
        }
        List<String> internet =
                union(pair.primary().internet(), pair.secondary().internet());
        List<String> internet6 =
                union(pair.primary().internet6(), pair.secondary().internet6());
        for (LabPlan.Isp isp : pair.primary().isps()) {
            Lab.check(isp.device());
            Lab.ip("netns", "add", isp.namespace());
            Lab.noDad(isp.namespace());
            Lab.in(isp.namespace(), "ip", "link", "add", "eth0", "type", "bridge");
            Lab.isp(pair.primary(), isp, internet, internet6, pair.ispRoutes().get(isp.uplink()));
            for (int n = 0; n < nodes.size(); n++) {
                LabPlan.Isp side = nodes.get(n).isps().stream()
                        .filter(i -> i.uplink().equals(isp.uplink()))
                        .findFirst()
                        .orElseThrow();
                port(nodes.get(n).gateway(), side.device(), isp.namespace(), n);
                Lab.gatewaySide(nodes.get(n).gateway(), side);
            }
        }
        for (int l = 0; l < pair.primary().lans().size(); l++) {
            LabPlan.Lan lan = pair.primary().lans().get(l);
            Lab.check(lan.device());
            Lab.ip("netns", "add", lan.namespace());
            Lab.noDad(lan.namespace());
            Lab.in(lan.namespace(), "ip", "link", "add", "eth0", "type", "bridge");
            Lab.batch(
                    lan.namespace(),
                    List.of(
                            "link set lo up",
                            "link set eth0 up",
                            "addr add " + lan.clientAddress() + "/" + lan.prefix() + " dev eth0",
                            "route add default via " + pair.lanGateways().get(lan.device())));
            for (int n = 0; n < nodes.size(); n++) {
                LabPlan.Lan side = nodes.get(n).lans().get(l);
                port(nodes.get(n).gateway(), side.device(), lan.namespace(), n);
                Lab.batch(
                        nodes.get(n).gateway(),
                        List.of(
                                "link set " + side.device() + " up",
                                "addr add " + side.gatewayAddress() + "/" + side.prefix() + " dev " + side.device()));
            }
        }
        LabPair.Sync sync = pair.sync();
        Lab.check(sync.primaryDevice());
        Lab.check(sync.secondaryDevice());
        Lab.ip(
                "link",
                "add",
                sync.primaryDevice(),
                "netns",
                pair.primary().gateway(),
                "type",
                "veth",
                "peer",
                "name",
                sync.secondaryDevice(),
                "netns",
                pair.secondary().gateway());
        Lab.batch(
                pair.primary().gateway(),
                List.of(
                        "link set " + sync.primaryDevice() + " up",
                        "addr add " + sync.primaryAddress() + " dev " + sync.primaryDevice()));
        Lab.batch(
                pair.secondary().gateway(),
                List.of(
                        "link set " + sync.secondaryDevice() + " up",
                        "addr add " + sync.secondaryAddress() + " dev " + sync.secondaryDevice()));
    }

    /** A gateway's device as a port of the bridge {@code eth0} in {@code segment}: its end there is {@code gwN}. */
    private static void port(String gateway, String device, String segment, int node)
            throws IOException, InterruptedException {
        String end = "gw" + (node + 1);
        Lab.ip("link", "add", device, "netns", gateway, "type", "veth", "peer", "name", end, "netns", segment);
        Lab.batch(segment, List.of("link set " + end + " master eth0", "link set " + end + " up"));
    }

    private static List<String> union(List<String> a, List<String> b) {
        LinkedHashSet<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return new ArrayList<>(all);
    }

    /**
     * A node dies as in a power loss: every process in its namespace is stopped first (so none can
     * say goodbye: keepalived would send a priority-0 advert and hand over at once), its links go
     * down, then the processes are killed. Returns the processes killed.
     */
    static int crash(String gateway) throws IOException, InterruptedException {
        Kernel host = new Kernel(Optional.empty());
        List<String> pids = new ArrayList<>();
        for (String pid : host.run("", "ip", "netns", "pids", gateway).out().split("\\s+")) {
            if (!pid.isBlank()) {
                pids.add(pid.strip());
            }
        }
        if (!pids.isEmpty()) {
            List<String> stop = new ArrayList<>(List.of("kill", "-STOP"));
            stop.addAll(pids);
            host.run("", stop.toArray(String[]::new));
        }
        Lab.batch(
                gateway,
                links(gateway).stream().map(d -> "link set " + d + " down").toList());
        if (!pids.isEmpty()) {
            List<String> kill = new ArrayList<>(List.of("kill", "-KILL"));
            kill.addAll(pids);
            host.run("", kill.toArray(String[]::new));
        }
        return pids.size();
    }

    /**
     * A crashed node starts again as after a reboot: no virtual address left on its interfaces (a
     * kill -9 leaves keepalived's), an empty connection table, its links up. Its rules and routes
     * are {@code flywall apply}'s to restore, its daemon {@code flywall run}'s.
     */
    static void boot(String gateway, Map<String, List<String>> virtualAddresses)
            throws IOException, InterruptedException {
        Kernel ns = new Kernel(Optional.of(gateway));
        for (Map.Entry<String, List<String>> e : virtualAddresses.entrySet()) {
            for (String address : e.getValue()) {
                // absent when keepalived never held it here: nothing to remove
                ns.run("", "ip", "addr", "del", address, "dev", e.getKey());
            }
        }
        ns.run("", "conntrack", "-F");
        Lab.batch(
                gateway,
                links(gateway).stream().map(d -> "link set " + d + " up").toList());
    }

    /** The namespace's links but the loopback. */
    private static List<String> links(String gateway) throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        String list = new Kernel(Optional.of(gateway))
                .run("", "ip", "-o", "link", "show")
                .out();
        for (String line : list.split("\n")) {
            String[] words = line.split(":\\s+", 3);
            if (words.length >= 2) {
                String device = words[1].replaceAll("@.*", "");
                if (!device.equals("lo")) {
                    out.add(device);
                }
            }
        }
        return out;
    }
}
