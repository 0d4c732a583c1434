package dev.flywall.runtime.probe;

import dev.flywall.runtime.apply.Kernel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

/**
 * A dual-WAN lab in network namespaces for the probe tests, only documentation addresses:
 *
 * <pre>
 *   gw: wan1 192.0.2.2/24 2001:db8:1::2/64 ---- isp1: eth0 192.0.2.1/24 2001:db8:1::1/64
 *       wan2 198.51.100.2/24 2001:db8:2::2/64 -- isp2: eth0 198.51.100.1/24 2001:db8:2::1/64
 *   both ISPs hold the "internet" host 203.0.113.1 and 2001:db8:ff::1 on lo, and 2001:db8:ff::3
 *   (rejected: address unreachable); isp1 also
 *   203.0.113.2 (silently dropped: a dead target) and 203.0.113.3 (rejected: host unreachable);
 *   isp2 also 203.0.113.4 and 203.0.113.54, which only wan2 reaches (isp1 does not forward);
 *   isp1's eth0 also has the link-local fe80::1.
 *   gw: main table default via wan2; fwmark 0x100 -> table 101 via wan1, 0x200 -> table 102 via wan2
 * </pre>
 *
 * Code runs inside a namespace through {@link #in}: a fresh platform thread enters it with
 * {@code setns(CLONE_NEWNET)} and runs the body; sockets it creates belong to that namespace. A
 * platform thread, because a virtual thread may move between carriers (threads) at any blocking
 * point. Namespaces are named {@code fwt-probe-<random>-…} and deleted by {@link #close}.
 */
final class ProbeLab implements AutoCloseable {

    /** libc calls the lab needs: entering a namespace and dropping a capability on one thread. */
    public interface LibC {
        @SaveError
        int open(String path, int flags);

        @SaveError
        int setns(int fd, int type);

        int close(int fd);

        @SaveError
        int capget(@In @Out byte[] header, @Out byte[] data);

        @SaveError
        int capset(@In @Out byte[] header, @In byte[] data);
    }

    static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int CAP_NET_RAW = 13;

    final String gw;
    final String isp1;
    final String isp2;
    private final List<String> namespaces = new ArrayList<>();

    ProbeLab() throws Exception {
        String id = HexFormat.of()
                .toHexDigits(ThreadLocalRandom.current().nextInt())
                .substring(2);
        gw = "fwt-probe-" + id + "-gw";
        isp1 = "fwt-probe-" + id + "-i1";
        isp2 = "fwt-probe-" + id + "-i2";
        try {
            build();
        } catch (Exception | AssertionError e) {
            close();
            throw e;
        }
    }

    private void build() throws Exception {
        for (String ns : List.of(gw, isp1, isp2)) {
            must(new Kernel(Optional.empty()), "ip", "netns", "add", ns);
            namespaces.add(ns);
            must(ns, "ip", "link", "set", "lo", "up");
            for (String key : List.of("all", "default")) {
                must(ns, "sysctl", "-q", "-w", "net.ipv4.conf." + key + ".rp_filter=0");
                must(ns, "sysctl", "-q", "-w", "net.ipv4.conf." + key + ".arp_ignore=1");
            }
        }
        must(gw, "ip", "link", "add", "wan1", "type", "veth", "peer", "name", "eth0", "netns", isp1);
        must(gw, "ip", "link", "add", "wan2", "type", "veth", "peer", "name", "eth0", "netns", isp2);
        isp(isp1, "192.0.2.1", "2001:db8:1::1", "203.0.113.1", "203.0.113.2", "203.0.113.3");
        isp(isp2, "198.51.100.1", "2001:db8:2::1", "203.0.113.1", "203.0.113.4", "203.0.113.54");
        must(isp1, "ip", "addr", "add", "fe80::1/64", "dev", "eth0", "nodad");
        must(gw, "ip", "addr", "add", "192.0.2.2/24", "dev", "wan1");
        must(gw, "ip", "addr", "add", "2001:db8:1::2/64", "dev", "wan1", "nodad");
        must(gw, "ip", "addr", "add", "198.51.100.2/24", "dev", "wan2");
        must(gw, "ip", "addr", "add", "2001:db8:2::2/64", "dev", "wan2", "nodad");
        must(gw, "ip", "link", "set", "wan1", "up");
        must(gw, "ip", "link", "set", "wan2", "up");
        // the main table prefers wan2: probes for wan1 must not follow it
        must(gw, "ip", "route", "add", "default", "via", "198.51.100.1", "dev", "wan2");
        must(gw, "ip", "-6", "route", "add", "default", "via", "2001:db8:2::1", "dev", "wan2");
        must(gw, "ip", "route", "add", "default", "via", "192.0.2.1", "dev", "wan1", "table", "101");
        must(gw, "ip", "-6", "route", "add", "default", "via", "2001:db8:1::1", "dev", "wan1", "table", "101");
        must(gw, "ip", "route", "add", "default", "via", "198.51.100.1", "dev", "wan2", "table", "102");
        must(gw, "ip", "-6", "route", "add", "default", "via", "2001:db8:2::1", "dev", "wan2", "table", "102");
        for (String family : List.of("-4", "-6")) {
            must(gw, "ip", family, "rule", "add", "priority", "1000", "fwmark", "0x100", "lookup", "101");
            must(gw, "ip", family, "rule", "add", "priority", "1001", "fwmark", "0x200", "lookup", "102");
        }
    }

    private void isp(String ns, String v4, String v6, String... hosts) throws Exception {
        must(ns, "ip", "addr", "add", v4 + "/24", "dev", "eth0");
        must(ns, "ip", "addr", "add", v6 + "/64", "dev", "eth0", "nodad");
        must(ns, "ip", "link", "set", "eth0", "up");
        for (String host : hosts) {
            must(ns, "ip", "addr", "add", host + "/32", "dev", "lo");
        }
        must(ns, "ip", "addr", "add", "2001:db8:ff::1/128", "dev", "lo");
        must(ns, "ip", "addr", "add", "2001:db8:ff::3/128", "dev", "lo");
        // counters of what reached the ISP; 203.0.113.2 is a dead host, 203.0.113.3 an unreachable one
        nft(ns, """
                table inet lab {
                  counter echo4 {}
                  counter echo6 {}
                  counter syn {}
                  counter dns {}
                  counter rs {}
                  chain prerouting {
                    type filter hook prerouting priority 0; policy accept;
                    icmpv6 type nd-router-solicit ip6 hoplimit 255 ip6 length 8 counter name rs
                  }
                  chain input {
                    type filter hook input priority 0; policy accept;
                    ip daddr 203.0.113.2 drop
                    ip daddr 203.0.113.3 reject with icmp type host-unreachable
                    ip6 daddr 2001:db8:ff::3 reject with icmpv6 type addr-unreachable
                    icmp type echo-request counter name echo4
                    icmpv6 type echo-request counter name echo6
                    tcp flags & (syn | ack) == syn counter name syn
                    udp dport 53 counter name dns
                  }
                }
                """);
    }

    /** Runs {@code body} on a new platform thread inside network namespace {@code ns}. */
    static <T> T in(String ns, Callable<T> body) throws Exception {
        return onThread(() -> {
            enter(ns);
            return body.call();
        });
    }

    /** Like {@link #in}, on a thread that has also dropped {@code CAP_NET_RAW} (capabilities are per thread). */
    static <T> T inWithoutNetRaw(String ns, Callable<T> body) throws Exception {
        return onThread(() -> {
            enter(ns);
            byte[] header = ByteBuffer.allocate(8)
                    .order(ByteOrder.nativeOrder())
                    .putInt(0x20080522)
                    .putInt(0)
                    .array();
            byte[] data = new byte[24];
            if (LIBC.capget(header, data) != 0) {
                throw new IllegalStateException("capget failed");
            }
            ByteBuffer caps = ByteBuffer.wrap(data).order(ByteOrder.nativeOrder());
            caps.putInt(0, caps.getInt(0) & ~(1 << CAP_NET_RAW)); // effective
            caps.putInt(4, caps.getInt(4) & ~(1 << CAP_NET_RAW)); // permitted
            if (LIBC.capset(header, data) != 0) {
                throw new IllegalStateException("capset failed");
            }
            return body.call();
        });
    }

    private static void enter(String ns) {
        int fd = LIBC.open("/var/run/netns/" + ns, 0);
        if (fd < 0) {
            throw new IllegalStateException("cannot open namespace " + ns);
        }
        try {
            if (LIBC.setns(fd, CLONE_NEWNET) != 0) {
                throw new IllegalStateException("setns " + ns + " failed");
            }
        } finally {
            LIBC.close(fd);
        }
    }

    private static <T> T onThread(Callable<T> body) throws Exception {
        FutureTask<T> task = new FutureTask<>(body);
        Thread thread = Thread.ofPlatform().name("netns").start(task);
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception x) {
                throw x;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            thread.join();
        }
    }

    static Kernel.Result run(String ns, String stdin, String... command) throws Exception {
        return new Kernel(Optional.of(ns)).run(stdin, command);
    }

    static void nft(String ns, String script) throws Exception {
        Kernel.Result r = run(ns, script, "nft", "-f", "-");
        if (!r.ok()) {
            throw new IllegalStateException("nft in " + ns + ": " + r.err());
        }
    }

    /** Packets counted by the named counter of table {@code inet lab}. */
    static long counter(String ns, String name) throws Exception {
        Kernel.Result r = run(ns, "", "nft", "list", "counter", "inet", "lab", name);
        Matcher m = Pattern.compile("packets (\\d+)").matcher(r.out());
        if (!m.find()) {
            throw new IllegalStateException("no counter " + name + " in " + ns + ": " + r.out() + r.err());
        }
        return Long.parseLong(m.group(1));
    }

    private static void must(String ns, String... command) throws Exception {
        must(new Kernel(Optional.of(ns)), command);
    }

    private static void must(Kernel kernel, String... command) throws Exception {
        Kernel.Result r = kernel.run("", command);
        if (!r.ok()) {
            throw new IllegalStateException(String.join(" ", command) + ": " + r.err());
        }
    }

    @Override
    public void close() throws Exception {
        for (String ns : namespaces) {
            new Kernel(Optional.empty()).run("", "ip", "netns", "del", ns);
        }
    }
}
