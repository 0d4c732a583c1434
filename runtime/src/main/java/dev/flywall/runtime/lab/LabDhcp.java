package dev.flywall.runtime.lab;

import dev.flywall.runtime.apply.Kernel;
import java.io.IOException;
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
            if (p.isPresent() && p.get().info().command().orElse("").endsWith("/dnsmasq")) {
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
}
