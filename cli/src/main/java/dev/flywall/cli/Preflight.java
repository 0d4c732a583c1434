package dev.flywall.cli;

import dev.flywall.bundle.BundleJson;
import dev.flywall.bundle.WatchdogFile;
import dev.flywall.runtime.apply.Kernel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.ParseResult;

/**
 * What a command needs of this machine — tools, privileges, kernel features — checked before it
 * runs, so that a missing one is a message naming it and the fix (exit {@link
 * ExitCodes#ENVIRONMENT}), never an internal error halfway through. The table of needs is {@link
 * #NEEDS}, by command; {@link Main} asks {@link #problems} before executing any command.
 */
final class Preflight {

    /** Something a command may need. */
    enum Need {
        NFT,
        IP,
        CONNTRACK,
        SYSCTL,
        /** ISC dhclient: the daemon's DHCP client (of managed DHCP interfaces), and the lab's. */
        DHCLIENT,
        /** pppd: the daemon's PPPoE sessions (of managed PPPoE interfaces). */
        PPPD,
        /** dnsmasq: the lab's ISPs' DHCP servers and router advertisements. */
        DNSMASQ,
        /** ISC dhcpd: the lab's DHCPv6 servers (dnsmasq has no prefix delegation). */
        DHCPD,
        /** keepalived: VRRP for a node of an HA pair (the daemon runs it). */
        KEEPALIVED,
        /** conntrackd: the connection sync of a node of an HA pair (the daemon runs it). */
        CONNTRACKD,
        /** CAP_NET_ADMIN: change nftables, rules, routes, links. */
        NET_ADMIN,
        /** CAP_NET_RAW: the daemon's ICMP probes and binding probes to a device. */
        NET_RAW,
        /** Root itself (the lab creates namespaces, mounts them and starts processes in them). */
        ROOT,
        /** Network namespaces (the plan's scratch namespace, the lab). */
        NETNS,
        /** nftables in the kernel: {@code nft list tables} works. */
        NFTABLES
    }

    private static final Set<Need> KERNEL = EnumSet.of(Need.NFT, Need.IP, Need.NET_ADMIN, Need.NFTABLES);

    /**
     * The needs of each command, by qualified name. Commands not listed need nothing of the
     * machine; {@code plan --against DIR} compares files and needs nothing either ({@link #needs}).
     * {@code confirm} only writes the state directory; the hidden {@code confirm-watch}, {@code lab
     * serve} and {@code lab client} are started by flywall itself after their parent's check.
     * {@code run} also needs dhclient and pppd when the applied bundle has managed DHCP or PPPoE
     * interfaces ({@link #bundleNeeds}); the lab's PPPoE uplinks are stand-ins, it needs no pppd.
     */
    static final Map<String, Set<Need>> NEEDS = Map.of(
            "flywall apply", union(KERNEL, EnumSet.of(Need.NETNS)),
            "flywall plan", union(KERNEL, EnumSet.of(Need.NETNS)),
            "flywall destroy", KERNEL,
            "flywall run", union(KERNEL, EnumSet.of(Need.CONNTRACK, Need.NET_RAW)),
            "flywall lab run", EnumSet.complementOf(EnumSet.of(Need.PPPD, Need.KEEPALIVED, Need.CONNTRACKD)),
            "flywall lab up", EnumSet.complementOf(EnumSet.of(Need.PPPD, Need.KEEPALIVED, Need.CONNTRACKD)),
            "flywall lab down", EnumSet.of(Need.IP, Need.ROOT),
            "flywall lab break", EnumSet.of(Need.IP, Need.ROOT),
            "flywall lab heal", EnumSet.of(Need.IP, Need.ROOT),
            "flywall lab loss", EnumSet.of(Need.IP, Need.ROOT));

    /** The Debian package of each tool, for the fix. */
    private static final Map<Need, String[]> TOOLS = Map.of(
            Need.NFT, new String[] {"nft", "nftables"},
            Need.IP, new String[] {"ip", "iproute2"},
            Need.CONNTRACK, new String[] {"conntrack", "conntrack"},
            Need.SYSCTL, new String[] {"sysctl", "procps"},
            Need.DHCLIENT, new String[] {"dhclient", "isc-dhcp-client"},
            Need.PPPD, new String[] {"pppd", "ppp"},
            Need.DNSMASQ, new String[] {"dnsmasq", "dnsmasq-base"},
            Need.DHCPD, new String[] {"dhcpd", "isc-dhcp-server"},
            Need.KEEPALIVED, new String[] {"keepalived", "keepalived"},
            Need.CONNTRACKD, new String[] {"conntrackd", "conntrackd"});

    private static final int CAP_NET_ADMIN = 12;
    private static final int CAP_NET_RAW = 13;

    /** The facts about this machine a check reads; tests give their own. */
    interface Host {
        /** The directories of PATH, where tools are looked up (as the kernel's exec does). */
        List<Path> path();

        /** The effective user id. */
        long uid();

        /** The effective capabilities, as the CapEff bit mask of /proc/self/status. */
        long capabilities();

        /** Whether the kernel has network namespaces. */
        boolean netns();

        /** {@code nft list tables}, in the network namespace when one is given. */
        Kernel.Result nftListTables(Optional<String> netns) throws IOException, InterruptedException;

        /** A file's text (the applied bundle's watchdog.json), or empty when it cannot be read. */
        default Optional<String> read(Path file) {
            try {
                return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }
    }

    /** This machine, from PATH, /proc/self/status and nft itself. */
    static final Host SYSTEM = new Host() {
        @Override
        public List<Path> path() {
            String path = System.getenv("PATH");
            return path == null ? List.of() : Preflight.split(path);
        }

        @Override
        public long uid() {
            return statusField("Uid:")
                    .map(v -> Long.parseLong(v.split("\\s+")[1]))
                    .orElse(-1L);
        }

        @Override
        public long capabilities() {
            return statusField("CapEff:")
                    .map(v -> Long.parseUnsignedLong(v, 16))
                    .orElse(0L);
        }

        @Override
        public boolean netns() {
            return Files.exists(Path.of("/proc/self/ns/net"));
        }

        @Override
        public Kernel.Result nftListTables(Optional<String> netns) throws IOException, InterruptedException {
            return new Kernel(netns).run("", "nft", "list", "tables");
        }

        private static Optional<String> statusField(String name) {
            try {
                return Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8).stream()
                        .filter(l -> l.startsWith(name))
                        .map(l -> l.substring(name.length()).strip())
                        .findFirst();
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }
    };

    private final Host host;

    Preflight(Host host) {
        this.host = host;
    }

    /** What the command {@code parsed} runs needs; nothing when it is not in {@link #NEEDS}. */
    static Set<Need> needs(ParseResult parsed) {
        ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        if (last.isUsageHelpRequested()
                || last.isVersionHelpRequested()
                || last.commandSpec().name().equals("plan") && last.hasMatchedOption("--against")) {
            return Set.of();
        }
        return NEEDS.getOrDefault(last.commandSpec().qualifiedName(), Set.of());
    }

    /** The {@code --netns} the command works in, if it has one. */
    static Optional<String> netns(ParseResult parsed) {
        ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        return last.hasMatchedOption("--netns")
                ? Optional.of(last.matchedOptionValue("--netns", ""))
                : Optional.empty();
    }

    /**
     * Everything the command {@code parsed} needs and this machine lacks, one message each naming
     * it and the fix; empty when it can run.
     */
    List<String> problems(ParseResult parsed) throws InterruptedException {
        return problems(union(needs(parsed), bundleNeeds(parsed)), netns(parsed));
    }

    /**
     * What {@code flywall run} needs for the applied bundle: dhclient for a managed DHCP interface,
     * pppd for a managed PPPoE one, keepalived and conntrackd for a node of an HA pair. Nothing when no bundle can be read ({@code run}
     * then says what is missing itself).
     */
    Set<Need> bundleNeeds(ParseResult parsed) {
        ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        if (!last.commandSpec().qualifiedName().equals("flywall run") || last.isUsageHelpRequested()) {
            return Set.of();
        }
        Path stateDir = last.hasMatchedOption("--state-dir")
                ? last.matchedOptionValue("--state-dir", KernelOptions.DEFAULT_STATE_DIR)
                : KernelOptions.DEFAULT_STATE_DIR;
        Set<Need> needs = EnumSet.noneOf(Need.class);
        host.read(stateDir.resolve("current").resolve("watchdog.json")).ifPresent(json -> {
            try {
                WatchdogFile watchdog = BundleJson.watchdog(json);
                if (watchdog.ha() != null) {
                    needs.add(Need.KEEPALIVED);
                    needs.add(Need.CONNTRACKD);
                }
                for (WatchdogFile.Interface i : watchdog.interfaces()) {
                    if (i.managed() && i.pppoe() != null) {
                        needs.add(Need.PPPD);
                    } else if (i.managed() && i.dhcp() != null) {
                        needs.add(Need.DHCLIENT);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // an unreadable bundle: flywall run reports it with its own words
            }
        });
        return needs;
    }

    List<String> problems(Set<Need> needs, Optional<String> netns) throws InterruptedException {
        List<String> problems = new ArrayList<>();
        boolean tools = true;
        for (Need tool : List.of(
                Need.NFT,
                Need.IP,
                Need.CONNTRACK,
                Need.SYSCTL,
                Need.DHCLIENT,
                Need.PPPD,
                Need.DNSMASQ,
                Need.DHCPD,
                Need.KEEPALIVED,
                Need.CONNTRACKD)) {
            if (needs.contains(tool) && find(TOOLS.get(tool)[0]).isEmpty()) {
                problems.add(
                        TOOLS.get(tool)[0] + " is not installed (not found in PATH): install it with apt-get install "
                                + TOOLS.get(tool)[1]);
                tools &= tool != Need.NFT && tool != Need.IP;
            }
        }
        boolean privileged = privileges(needs, problems);
        if (needs.contains(Need.NETNS) && !host.netns()) {
            problems.add("the kernel has no network namespaces (no /proc/self/ns/net): use a kernel built with"
                    + " CONFIG_NET_NS");
        }
        if (needs.contains(Need.NFTABLES) && tools && privileged) {
            nftables(netns).ifPresent(problems::add);
        }
        return problems;
    }

    /** Adds the missing privileges; true when there is none missing. */
    private boolean privileges(Set<Need> needs, List<String> problems) {
        if (needs.contains(Need.ROOT) && host.uid() != 0) {
            problems.add("needs root (it creates network namespaces and runs processes in them): run it as root,"
                    + " e.g. with sudo");
            return false;
        }
        long caps = host.capabilities();
        List<String> missing = new ArrayList<>();
        if (needs.contains(Need.NET_ADMIN) && (caps & 1L << CAP_NET_ADMIN) == 0) {
            missing.add("CAP_NET_ADMIN (to change nftables, ip rules and routes)");
        }
        if (needs.contains(Need.NET_RAW) && (caps & 1L << CAP_NET_RAW) == 0) {
            missing.add("CAP_NET_RAW (for ICMP probes and probes bound to an uplink)");
        }
        if (missing.isEmpty()) {
            return true;
        }
        problems.add("needs " + String.join(" and ", missing) + ": run it as root (e.g. with sudo), or grant the"
                + " capabilities (systemd: AmbientCapabilities=, see packaging/flywall.service)");
        return false;
    }

    /** Why nftables cannot be used here, asking nft itself (right in containers and namespaces too). */
    private Optional<String> nftables(Optional<String> netns) throws InterruptedException {
        String where = netns.map(ns -> " in network namespace " + ns).orElse("");
        Kernel.Result nft;
        try {
            nft = host.nftListTables(netns);
        } catch (IOException e) {
            return Optional.of("cannot run nft" + where + ": " + e.getMessage());
        }
        if (nft.ok()) {
            return Optional.empty();
        }
        String err = nft.err().strip().replaceAll("\\s*\\R\\s*", " ");
        if (err.contains("Operation not supported") || err.contains("Protocol not supported")) {
            return Optional.of("the kernel does not support nftables" + where + " (nft: " + err + "): load it with"
                    + " modprobe nf_tables, or use a kernel built with CONFIG_NF_TABLES");
        }
        if (err.contains("Operation not permitted") || err.contains("Permission denied")) {
            return Optional.of("nft may not change nftables" + where + " (" + err + "): run it as root with"
                    + " CAP_NET_ADMIN in this network namespace");
        }
        return Optional.of("nft cannot list tables" + where + ": " + err);
    }

    private Optional<Path> find(String tool) {
        return host.path().stream()
                .map(dir -> dir.resolve(tool))
                .filter(Files::isExecutable)
                .findFirst();
    }

    static List<Path> split(String path) {
        List<Path> dirs = new ArrayList<>();
        for (String dir : path.split(":")) {
            dirs.add(Path.of(dir.isEmpty() ? "." : dir));
        }
        return dirs;
    }

    private static Set<Need> union(Set<Need> a, Set<Need> b) {
        Set<Need> all = EnumSet.noneOf(Need.class);
        all.addAll(a);
        all.addAll(b);
        return all;
    }
}
