package dev.flywall.runtime.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.bundle.BundleJson;
import dev.flywall.bundle.WatchdogFile;
import dev.flywall.testing.NeedsRoot;
import dev.flywall.testing.NeedsTools;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.SaveError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Shaping measured: a sender namespace whose {@code wan0} is shaped by {@link Transaction} to
 * 20 Mbit/s, joined by a veth to a receiver namespace; one bulk TCP transfer for 3 s (Java sockets
 * on threads that entered the namespaces with {@code setns}) must achieve the rate within 10 %
 * (counted after a 0.5 s ramp-up, payload bytes: HTB counts Ethernet frames, so TCP's payload is
 * about 96 % of the rate). Then a re-shape to 8 Mbit/s is measured again; first, the same transfer
 * unshaped, for comparison. Prints the figures.
 */
@NeedsRoot
@NeedsTools({"nft", "ip", "tc"})
class ShapingMeasuredTest {

    /** The libc calls that move one thread into a network namespace. */
    public interface LibC {
        @SaveError
        int open(String path, int flags);

        @SaveError
        int setns(int fd, int type);

        int close(int fd);
    }

    private static final int CLONE_NEWNET = 0x40000000;
    private static final long RAMP_UP_MS = 500;
    private static final long MEASURED_MS = 2500;

    private String sender;
    private String receiver;

    @BeforeEach
    void namespaces() throws Exception {
        long id = ProcessHandle.current().pid() * 100000 + System.nanoTime() % 100000;
        sender = "fwshape-s-" + id;
        receiver = "fwshape-r-" + id;
        Kernel host = new Kernel(Optional.empty());
        host.run("", "ip", "netns", "add", sender);
        host.run("", "ip", "netns", "add", receiver);
        Kernel s = new Kernel(Optional.of(sender));
        s.run("", "ip", "link", "add", "wan0", "type", "veth", "peer", "name", "isp0", "netns", receiver);
        s.run("", "ip", "link", "set", "lo", "up");
        Kernel r = new Kernel(Optional.of(receiver));
        r.run("", "ip", "address", "add", "10.99.0.2/24", "dev", "isp0");
        r.run("", "ip", "link", "set", "isp0", "up");
        r.run("", "ip", "link", "set", "lo", "up");
    }

    @AfterEach
    void cleanUp() throws Exception {
        Kernel host = new Kernel(Optional.empty());
        host.run("", "ip", "netns", "del", sender);
        host.run("", "ip", "netns", "del", receiver);
    }

    /** A bundle of nothing but wan0, managed, 10.99.0.1/24, shaped to {@code rateBps} (0: not): no rules, no routes. */
    private static Map<String, String> shapedWan(long rateBps) throws Exception {
        WatchdogFile w =
                BundleJson.watchdog(LinkTestBundles.example("dual-wan.hcl").get("watchdog.json"));
        var wan0 = new WatchdogFile.Interface(
                "wan0",
                true,
                null,
                List.of("10.99.0.1/24"),
                null,
                null,
                rateBps == 0 ? null : new WatchdogFile.Shaping(rateBps),
                null);
        String watchdog = BundleJson.write(new WatchdogFile(
                w.schemaVersion(),
                w.configHash(),
                w.nft(),
                List.of(),
                List.of(),
                List.of(),
                w.notifications(),
                w.api(),
                w.runtime(),
                List.of(wan0),
                null));
        return Map.of(
                "ruleset.nft",
                "table inet flywall\ndelete table inet flywall\ntable inet flywall {\n}\n",
                "routes.ip",
                "",
                "watchdog.json",
                watchdog);
    }

    @Test
    void aBulkTransferOverAShapedUplinkStaysWithinTenPercentOfItsRate() throws Exception {
        Kernel s = new Kernel(Optional.of(sender));
        LinkLedger ledger = LinkLedger.memory();
        String leaf = ShapingLeaf.best();
        new Transaction(s, Transaction.Pause.NONE, ledger).apply(shapedWan(0));
        double unshaped = transfer();
        System.out.printf("Shaping measured: wan0 unshaped (a veth): %.0f Mbit/s%n", unshaped / 1e6);
        assertThat(unshaped)
                .as("the veth itself is much faster than the rates below")
                .isGreaterThan(60e6);
        for (long rate : List.of(20_000_000L, 8_000_000L)) {
            new Transaction(s, Transaction.Pause.NONE, ledger).apply(shapedWan(rate));
            assertThat(s.run("", "tc", "qdisc", "show", "dev", "wan0").out())
                    .contains("qdisc htb 1: root", "qdisc " + leaf + " 10: parent 1:10");
            double achieved = transfer();
            System.out.printf(
                    "Shaping measured: wan0 at %s with HTB + %s: a bulk TCP transfer achieved %.2f Mbit/s"
                            + " (%.1f %% of the rate, payload over %.1f s)%n",
                    LinkState.Shape.of(rate, leaf).rate(),
                    leaf,
                    achieved / 1e6,
                    100 * achieved / rate,
                    MEASURED_MS / 1000.0);
            assertThat(achieved).isBetween(rate * 0.9, rate * 1.1);
        }
        KernelState.EMPTY.restore(s, ledger);
        assertThat(s.run("", "tc", "qdisc", "show", "dev", "wan0").out()).doesNotContain("htb");
    }

    /** Bits per second the receiver got between the ramp-up and the end of the measured window. */
    private double transfer() throws Exception {
        ServerSocket server = in(receiver, () -> {
            ServerSocket socket = new ServerSocket();
            socket.bind(new InetSocketAddress("10.99.0.2", 0));
            return socket;
        });
        try (server) {
            FutureTask<Double> received = start(receiver, () -> {
                try (Socket peer = server.accept();
                        InputStream in = peer.getInputStream()) {
                    byte[] buffer = new byte[1 << 16];
                    long start = System.nanoTime();
                    long from = start + RAMP_UP_MS * 1_000_000;
                    long until = from + MEASURED_MS * 1_000_000;
                    long counted = 0;
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        long now = System.nanoTime();
                        if (now >= until) {
                            break;
                        }
                        if (now >= from) {
                            counted += n;
                        }
                    }
                    return counted * 8.0 / (MEASURED_MS / 1000.0);
                }
            });
            FutureTask<Void> sent = start(sender, () -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("10.99.0.2", server.getLocalPort()), 2000);
                    OutputStream out = socket.getOutputStream();
                    byte[] chunk = new byte[1 << 16];
                    long end = System.nanoTime() + (RAMP_UP_MS + MEASURED_MS + 300) * 1_000_000;
                    while (System.nanoTime() < end) {
                        out.write(chunk);
                    }
                } catch (java.io.IOException e) {
                    // the receiver closed first, after its window: the transfer is over
                }
                return null;
            });
            double rate = received.get();
            sent.get();
            return rate;
        }
    }

    private static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");

    private static <T> T in(String ns, Callable<T> body) throws Exception {
        FutureTask<T> task = start(ns, body);
        return task.get();
    }

    /** Runs {@code body} on a new platform thread inside {@code ns} (a virtual thread could change carriers). */
    private static <T> FutureTask<T> start(String ns, Callable<T> body) {
        FutureTask<T> task = new FutureTask<>(() -> {
            enter(ns);
            return body.call();
        });
        Thread.ofPlatform().name("netns-" + ns).start(task);
        return task;
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
}
