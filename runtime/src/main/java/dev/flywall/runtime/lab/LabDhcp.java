package dev.flywall.runtime.lab;

import dev.flywall.runtime.apply.Kernel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The fake ISPs' DHCP servers: Debian's dnsmasq, in the ISP's namespace, handing the gateway's DHCP
 * uplink the one address of the ISP's /30 with the ISP as its router. DHCP only ({@code --port=0}:
 * no DNS), in the foreground, reading no configuration file, its lease file in the lab's directory.
 * Leases last dnsmasq's minimum, 2 minutes, but the client renews after {@link #RENEW_S} seconds
 * (option 58, T1; 59, T2, rebinding): a server that changed its mind is heard of within seconds.
 * {@code --dhcp-authoritative}: a renewal of an address the server no longer hands out is refused
 * (NAK), so the client starts over and takes the new one at once.
 *
 * <p>The IPv6 side of a dynamic ISP ({@link Ipv6Isp}, {@link #serve6}): dnsmasq sends router
 * advertisements of the ISP's /64 on the link (SLAAC; the default route), and ISC {@code dhcpd -6}
 * hands out one address of it (IA_NA) and one delegated prefix (IA_PD) that the ISP routes to the
 * gateway. {@link #delegate} changes the delegated prefix (the "prefix change on a dynamic uplink").
 * The router advertisements carry no M flag: dnsmasq sets it only when it serves DHCPv6 itself, and
 * it cannot bind the DHCPv6 port next to dhcpd (which alone does prefix delegation); {@code dhclient
 * -6} asks whatever the flag says.
 */
public final class LabDhcp {

    /** T1: the client renews after this many seconds. */
    public static final int RENEW_S = 10;
    /** T2: rebinds (asks any server) after this many. */
    public static final int REBIND_S = 15;

    private LabDhcp() {}

    /** An address the ISP hands out and the router it names. */
    public record Lease(String address, String router, int prefix) {}

    /** The dnsmasq command line for one lease. */
    static List<String> command(Lease lease, Path leaseFile) {
        return List.of(
                "dnsmasq",
                "--no-daemon",
                "--conf-file=/dev/null",
                "--port=0",
                "--interface=eth0",
                // a lab address is nobody else's: no ping before offering it (saves 3 s per lease)
                "--no-ping",
                "--dhcp-authoritative",
                "--dhcp-range=" + lease.address() + "," + lease.address() + "," + mask(lease.prefix()) + ",2m",
                "--dhcp-option=option:router," + lease.router(),
                "--dhcp-option=58," + RENEW_S,
                "--dhcp-option=59," + REBIND_S,
                "--dhcp-leasefile=" + leaseFile);
    }

    /** Starts the ISP's DHCP server (its output appended to {@code dhcp-UPLINK.log} in the lab's directory). */
    public static Process serve(String lab, LabPlan.Isp isp, Lease lease) throws IOException {
        Path dir = Lab.dir(lab);
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", isp.namespace()));
        full.addAll(command(lease, dir.resolve("dhcp-" + isp.uplink() + ".leases")));
        return new ProcessBuilder(full)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("dhcp-" + isp.uplink() + ".log").toFile()))
                .start();
    }

    /** The lease the lab plans for a DHCP uplink. */
    public static Lease planned(LabPlan.Isp isp) {
        return new Lease(isp.gatewayAddress(), isp.ispAddress(), isp.prefix());
    }

    /**
     * Stops the ISP's DHCP server and starts one that hands out the next free /30 of the DHCP
     * uplinks' range (the ISP takes its first address too, and keeps the old one, so the client's
     * renewal reaches the server and is refused). Returns the new lease.
     */
    public static Lease move(LabPlan plan, String uplink) throws IOException, InterruptedException {
        LabPlan.Isp isp = plan.isps().stream()
                .filter(i -> i.uplink().equals(uplink) && i.dhcp())
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(uplink + " is not a DHCP uplink of the lab"));
        int dynamic = (int) plan.isps().stream().filter(LabPlan.Isp::dynamic).count();
        int block = dynamic
                + plan.isps().stream().filter(LabPlan.Isp::dynamic).toList().indexOf(isp);
        // the DHCP uplinks' /30s are 198.51.100.0-199; internet hosts may start at .200
        if (4 * block + 3 >= 200) {
            throw new IllegalArgumentException("the lab has no free /30 to move " + uplink + " to");
        }
        String net = "198.51.100.";
        Lease next = new Lease(net + (4 * block + 2), net + (4 * block + 1), 30);
        Kernel ns = new Kernel(Optional.of(isp.namespace()));
        stop(isp);
        run(ns, "ip", "addr", "add", next.router() + "/30", "dev", "eth0");
        run(ns, "ip", "route", "replace", "default", "via", next.address(), "dev", "eth0");
        serve(plan.name(), isp, next);
        return next;
    }

    /** Ends the DHCP server of an ISP. */
    static void stop(LabPlan.Isp isp) throws IOException, InterruptedException {
        Kernel host = new Kernel(Optional.empty());
        for (String pid :
                host.run("", "ip", "netns", "pids", isp.namespace()).out().split("\\s+")) {
            if (pid.isBlank()) {
                continue;
            }
            Optional<ProcessHandle> p = ProcessHandle.of(Long.parseLong(pid));
            // the IPv4 server only: the router advertisements' dnsmasq (--enable-ra) stays
            if (p.isPresent()
                    && p.get().info().command().orElse("").endsWith("/dnsmasq")
                    && !List.of(p.get().info().arguments().orElse(new String[0]))
                            .contains("--enable-ra")) {
                p.get().destroy();
                try {
                    p.get().onExit().get(5, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    p.get().destroyForcibly();
                }
            }
        }
    }

    /** Whether the gateway's device has the address now. */
    public static boolean has(LabPlan plan, String device, String address) throws IOException, InterruptedException {
        Kernel.Result r =
                new Kernel(Optional.of(plan.gateway())).run("", "ip", "-4", "-o", "addr", "show", "dev", device);
        return r.ok() && r.out().contains(" " + address + "/");
    }

    /**
     * Waits until every DHCP uplink of the gateway holds its planned address (the daemon's clients
     * got their leases); the uplinks still without one, empty when all have theirs.
     */
    public static List<String> awaitLeases(LabPlan plan, Duration limit) throws IOException, InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (true) {
            List<String> missing = new ArrayList<>();
            for (LabPlan.Isp isp : plan.isps()) {
                if (isp.dhcp() && !has(plan, isp.device(), isp.gatewayAddress())) {
                    missing.add(isp.uplink());
                }
            }
            if (missing.isEmpty() || System.nanoTime() > end) {
                return missing;
            }
            Thread.sleep(100);
        }
    }

    private static void run(Kernel k, String... command) throws IOException, InterruptedException {
        Kernel.Result r = k.run("", command);
        if (!r.ok()) {
            throw new IOException(String.join(" ", command) + ": " + r.err().strip());
        }
    }

    private static String mask(int prefix) {
        long m = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
        return ((m >> 24) & 255) + "." + ((m >> 16) & 255) + "." + ((m >> 8) & 255) + "." + (m & 255);
    }

    // ---- IPv6: router advertisements, DHCPv6 addresses and prefix delegation -------------------

    /** T1 of the DHCPv6 leases: the gateway's dhclient -6 renews after this many seconds. */
    public static final int RENEW6_S = 5;
    /** T2 of the DHCPv6 leases. */
    public static final int REBIND6_S = 8;
    /** Valid and preferred lifetime of the DHCPv6 address and prefix. */
    static final int VALID6_S = 120;

    static final int PREFERRED6_S = 90;

    /**
     * An ISP's dynamic IPv6: {@code name} names its files in the lab's directory (the uplink's name);
     * in {@code namespace} the ISP's {@code device} gets {@code router} (in {@code linkPrefix}, a /64)
     * and advertises the /64; {@code addresses}: DHCPv6 hands out {@code linkPrefix}'s address
     * {@code ::1000} (IA_NA); {@code delegated}: the one prefix DHCPv6-PD hands out (IA_PD, routed to
     * the gateway's device in {@code gatewayNamespace}), empty for none.
     */
    public record Ipv6Isp(
            String name,
            String namespace,
            String device,
            String gatewayNamespace,
            String gatewayDevice,
            String linkPrefix,
            String router,
            boolean addresses,
            Optional<String> delegated) {
        public Ipv6Isp {
            Lab.checkName(name);
            v6Prefix(linkPrefix, 64, 64);
            delegated.ifPresent(d -> v6Prefix(d, 48, 64));
            if (!router.matches("[0-9a-f:]+")
                    || !router.startsWith(linkPrefix.substring(0, linkPrefix.indexOf("::")))) {
                throw new IllegalArgumentException("router " + router + " is not an address of " + linkPrefix);
            }
        }

        /**
         * The lab's numbering for its {@code n}-th ISP (1..15): the link 2001:db8:N00::/64 (N = n in hex), the ISP
         * at ::1, the delegated 2001:db8:1N00::/60 (a /60, as ISPs delegate prefixes shorter than a LAN's
         * /64). {@link #nextDelegated} is the one a prefix change moves to.
         */
        public static Ipv6Isp numbered(
                int n, String name, String namespace, String device, String gatewayNamespace, String gatewayDevice) {
            if (n < 1 || n > 15) {
                throw new IllegalArgumentException("the lab numbers IPv6 ISPs 1 to 15, not " + n);
            }
            String link = "2001:db8:" + Integer.toHexString(n * 0x100) + "::";
            return new Ipv6Isp(
                    name,
                    namespace,
                    device,
                    gatewayNamespace,
                    gatewayDevice,
                    link + "/64",
                    link + "1",
                    true,
                    Optional.of("2001:db8:" + Integer.toHexString(0x1000 + n * 0x100) + "::/60"));
        }

        /** The address DHCPv6 hands out (IA_NA). */
        public String dhcpAddress() {
            return linkPrefix.substring(0, linkPrefix.indexOf('/')) + "1000";
        }

        /** The /60 after the delegated one (within the same /48), for a prefix change. */
        public String nextDelegated() {
            String d = delegated.orElseThrow(() -> new IllegalStateException(name + " delegates no prefix"));
            String[] groups = d.substring(0, d.indexOf("::")).split(":");
            int third = Integer.parseInt(groups[2], 16) + 0x10;
            return groups[0] + ":" + groups[1] + ":" + Integer.toHexString(third) + "::/60";
        }
    }

    /** The dnsmasq command line of the ISP's router advertisements: only those (no DNS, no DHCP). */
    static List<String> raCommand(Ipv6Isp isp, Path leaseFile) {
        return List.of(
                "dnsmasq",
                "--no-daemon",
                "--conf-file=/dev/null",
                "--port=0",
                "--interface=" + isp.device(),
                "--enable-ra",
                // every 3 s, the default route living a minute: a gateway that starts accepting
                // router advertisements late (apply sets accept_ra) hears one within seconds
                "--ra-param=" + isp.device() + ",3,60",
                "--dhcp-range=::,constructor:" + isp.device() + ",ra-only,64,2m",
                "--dhcp-leasefile=" + leaseFile);
    }

    /** dhcpd -6's configuration: the link's subnet, its IA_NA address, the one delegated prefix. */
    static String dhcpd6Conf(Ipv6Isp isp, Optional<String> delegated) {
        StringBuilder b = new StringBuilder();
        // the DUID from the device's MAC address: the same server after a restart, so the client's
        // renewal (which names the server) is answered at T1 instead of waiting for T2's rebind
        b.append("server-duid LL;\n");
        b.append("default-lease-time ").append(VALID6_S).append(";\n");
        b.append("preferred-lifetime ").append(PREFERRED6_S).append(";\n");
        b.append("option dhcp-renewal-time ").append(RENEW6_S).append(";\n");
        b.append("option dhcp-rebinding-time ").append(REBIND6_S).append(";\n");
        b.append("subnet6 ").append(isp.linkPrefix()).append(" {\n");
        if (isp.addresses()) {
            b.append("  range6 ")
                    .append(isp.dhcpAddress())
                    .append(' ')
                    .append(isp.dhcpAddress())
                    .append(";\n");
        }
        delegated.ifPresent(d -> {
            String net = d.substring(0, d.indexOf('/'));
            b.append("  prefix6 ")
                    .append(net)
                    .append(' ')
                    .append(net)
                    .append(' ')
                    .append(d.substring(d.indexOf('/')))
                    .append(";\n");
        });
        return b.append("}\n").toString();
    }

    /**
     * Starts the ISP's IPv6 side: its router address on the link, forwarding, the router
     * advertisements, and (when it hands out an address or a prefix) dhcpd -6, the delegated prefix
     * routed to the gateway. Files go to {@code dir} ({@code ra-NAME.log}, {@code dhcp6-NAME.*}).
     * Returns the processes started (the caller ends them, or {@link #stop6} does).
     */
    public static List<Process> serve6(Path dir, Ipv6Isp isp) throws IOException, InterruptedException {
        Kernel ns = new Kernel(Optional.of(isp.namespace()));
        String len = isp.linkPrefix().substring(isp.linkPrefix().indexOf('/'));
        run(ns, "sysctl", "-qw", "net.ipv6.conf.all.forwarding=1");
        run(ns, "ip", "-6", "addr", "replace", isp.router() + len, "dev", isp.device(), "nodad");
        List<Process> started = new ArrayList<>();
        started.add(start(
                isp,
                raCommand(isp, dir.resolve("ra-" + isp.name() + ".leases")),
                dir.resolve("ra-" + isp.name() + ".log")));
        if (isp.addresses() || isp.delegated().isPresent()) {
            started.add(startDhcpd6(dir, isp, isp.delegated()));
            if (isp.delegated().isPresent()) {
                routeDelegated(isp, isp.delegated().get());
            }
        }
        return started;
    }

    /**
     * Changes the prefix the ISP delegates: dhcpd -6 restarts with {@code prefix} alone (its leases
     * forgotten, its DUID the same), so the gateway's renewal at {@link #RENEW6_S} gets the old
     * prefix with lifetime 0 and the new one; the route moves to the new prefix. Returns the new
     * server process.
     */
    public static Process delegate(Path dir, Ipv6Isp isp, String prefix) throws IOException, InterruptedException {
        v6Prefix(prefix, 48, 64);
        Kernel ns = new Kernel(Optional.of(isp.namespace()));
        stopDhcpd6(dir, isp);
        Files.deleteIfExists(dir.resolve("dhcp6-" + isp.name() + ".leases"));
        for (String route : ns.run("", "ip", "-6", "-o", "route", "show", "dev", isp.device(), "proto", "static")
                .out()
                .split("\n")) {
            String dst = route.strip().split("\\s+")[0];
            if (!dst.isEmpty() && !dst.startsWith("fe80") && !dst.equals(isp.linkPrefix())) {
                run(ns, "ip", "-6", "route", "del", dst, "dev", isp.device());
            }
        }
        Process p = startDhcpd6(dir, isp, Optional.of(prefix));
        routeDelegated(isp, prefix);
        return p;
    }

    /** Ends the ISP's dhcpd -6 and router advertisements. */
    public static void stop6(Path dir, Ipv6Isp isp) throws IOException, InterruptedException {
        stopDhcpd6(dir, isp);
        Kernel host = new Kernel(Optional.empty());
        for (String pid :
                host.run("", "ip", "netns", "pids", isp.namespace()).out().split("\\s+")) {
            Optional<ProcessHandle> p = pid.isBlank() ? Optional.empty() : ProcessHandle.of(Long.parseLong(pid));
            if (p.isPresent()
                    && List.of(p.get().info().arguments().orElse(new String[0])).contains("--enable-ra")) {
                end(p.get());
            }
        }
    }

    private static Process startDhcpd6(Path dir, Ipv6Isp isp, Optional<String> delegated) throws IOException {
        Path conf = dir.resolve("dhcp6-" + isp.name() + ".conf");
        Path leases = dir.resolve("dhcp6-" + isp.name() + ".leases");
        Files.writeString(conf, dhcpd6Conf(isp, delegated));
        if (!Files.exists(leases)) {
            Files.createFile(leases);
        }
        Files.deleteIfExists(dir.resolve("dhcp6-" + isp.name() + ".pid"));
        return start(
                isp,
                List.of(
                        "dhcpd",
                        "-6",
                        "-f",
                        "-cf",
                        conf.toString(),
                        "-lf",
                        leases.toString(),
                        "-pf",
                        dir.resolve("dhcp6-" + isp.name() + ".pid").toString(),
                        isp.device()),
                dir.resolve("dhcp6-" + isp.name() + ".log"));
    }

    private static void stopDhcpd6(Path dir, Ipv6Isp isp) throws IOException {
        Path pidFile = dir.resolve("dhcp6-" + isp.name() + ".pid");
        if (Files.exists(pidFile)) {
            String pid = Files.readString(pidFile).strip();
            if (pid.matches("[0-9]+")) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(LabDhcp::end);
            }
            Files.deleteIfExists(pidFile);
        }
    }

    private static Process start(Ipv6Isp isp, List<String> command, Path log) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", isp.namespace()));
        full.addAll(command);
        return new ProcessBuilder(full)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    /** Routes the delegated prefix to the gateway's link-local address on the link. */
    private static void routeDelegated(Ipv6Isp isp, String prefix) throws IOException, InterruptedException {
        Kernel gw = new Kernel(Optional.of(isp.gatewayNamespace()));
        String out = gw.run("", "ip", "-6", "-o", "addr", "show", "dev", isp.gatewayDevice(), "scope", "link")
                .out();
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("inet6 (fe80:[0-9a-f:]+)/").matcher(out);
        if (!m.find()) {
            throw new IOException(isp.gatewayNamespace() + "'s " + isp.gatewayDevice()
                    + " has no link-local address to route " + prefix + " to (is it up?)");
        }
        run(
                new Kernel(Optional.of(isp.namespace())),
                "ip",
                "-6",
                "route",
                "replace",
                prefix,
                "via",
                m.group(1),
                "dev",
                isp.device(),
                "proto",
                "static");
    }

    private static void end(ProcessHandle p) {
        p.destroy();
        try {
            p.onExit().get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            p.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Checks an IPv6 prefix in the lab's canonical shape ({@code 2001:db8:...::/len}, no host bits written). */
    private static void v6Prefix(String prefix, int shortest, int longest) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(2001:db8(?::[0-9a-f]{1,4}){0,3})::/([0-9]{2,3})")
                .matcher(prefix);
        if (!m.matches() || Integer.parseInt(m.group(2)) < shortest || Integer.parseInt(m.group(2)) > longest) {
            throw new IllegalArgumentException(
                    "not a lab IPv6 prefix (2001:db8::/32, /" + shortest + " to /" + longest + "): " + prefix);
        }
    }
}
