package dev.flywall.runtime.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.plan.ShapingBatch;
import dev.flywall.runtime.apply.Kernel;
import dev.flywall.testing.NeedsRoot;
import dev.flywall.testing.NeedsTools;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A shaped uplink saturated by the gateway's own traffic still answers its health checks in time:
 * wan1 of a {@link ProbeLab} is shaped to 2 Mbit/s with the leaf every kernel has ({@code pfifo},
 * the fallback where fq_codel, cake and sfq are missing: one queue, a thousand packets deep, which
 * a bulk upload keeps full), a bulk TCP upload fills it, and meanwhile ICMP probes of wan1 (timeout
 * 200 ms) must all answer within a few milliseconds, because they carry
 * {@link ShapingBatch#PROBE_PRIORITY} and pass the queue; a TCP handshake from the gateway without
 * that priority, timed three times meanwhile, shows how long the queue is. Without the priority the
 * probes wait as long as the handshake and time out: a working uplink taken down by its own load,
 * which the lab saw as a false failover in the middle of a LAN client's upload.
 */
@NeedsRoot
@NeedsTools({"nft", "ip", "sysctl", "tc"})
class ProbesUnderLoadTest {

    private static final long RATE_BPS = 2_000_000;

    private ProbeLab lab;
    private Probes probes;

    @BeforeEach
    void lab() throws Exception {
        lab = new ProbeLab();
        probes = new Probes();
        String batch = String.join("\n", ShapingBatch.lines("wan1", RATE_BPS, "pfifo")) + "\n";
        Kernel.Result shaped = ProbeLab.run(lab.gw, batch, "tc", "-batch", "-");
        assertThat(shaped.ok()).as(shaped.err()).isTrue();
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (probes != null) {
            probes.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void probesOfASaturatedShapedUplinkPassItsQueue() throws Exception {
        // a sink on isp1, reached through wan1 (its link's own subnet)
        ServerSocket sink = ProbeLab.in(lab.isp1, () -> {
            ServerSocket s = new ServerSocket();
            s.bind(new InetSocketAddress("192.0.2.1", 0));
            return s;
        });
        AtomicBoolean over = new AtomicBoolean();
        AtomicLong sunk = new AtomicLong();
        Thread drain = Thread.ofPlatform().daemon().start(() -> {
            byte[] buffer = new byte[1 << 16];
            while (!sink.isClosed()) {
                try (Socket peer = sink.accept();
                        InputStream in = peer.getInputStream()) {
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        sunk.addAndGet(n);
                    }
                } catch (IOException e) {
                    // the sink closed, or a handshake connection went away
                }
            }
        });
        Thread upload = Thread.ofPlatform().daemon().start(() -> {
            try {
                ProbeLab.in(lab.gw, () -> {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress("192.0.2.1", sink.getLocalPort()), 2000);
                        OutputStream out = s.getOutputStream();
                        byte[] chunk = new byte[1 << 16];
                        while (!over.get()) {
                            out.write(chunk);
                        }
                    }
                    return null;
                });
            } catch (Exception e) {
                // the sink closed first: the upload is over
            }
        });
        try (sink) {
            Thread.sleep(2_000); // the queue fills (TCP's slow start, then a standing queue)
            List<Double> rtts = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            long handshake = 0;
            for (int round = 0; round < 10; round++) {
                if (round % 3 == 1) {
                    handshake = Math.max(handshake, ProbeLab.in(lab.gw, () -> {
                        long start = System.nanoTime();
                        try (Socket s = new Socket()) {
                            s.connect(new InetSocketAddress("192.0.2.1", sink.getLocalPort()), 10_000);
                        }
                        return (System.nanoTime() - start) / 1_000_000;
                    }));
                }
                List<ProbeResult> results = ProbeLab.in(
                        lab.gw,
                        () -> probes.round(ProbesTest.icmp(Duration.ofMillis(200), 1, "203.0.113.1"), ProbesTest.WAN1));
                for (ProbeResult r : results) {
                    if (r.ok()) {
                        rtts.add(r.rtt().orElseThrow().toNanos() / 1e6);
                    } else {
                        failures.add(r.error().orElse("?"));
                    }
                }
                Thread.sleep(100);
            }
            over.set(true);
            double worst = rtts.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
            System.out.printf(
                    "Probes under load: wan1 shaped to 2 Mbit/s (HTB + pfifo) and saturated by a bulk upload"
                            + " (%d kB through it): the slowest of 3 TCP handshakes without the probe priority"
                            + " took %d ms;"
                            + " %d of 10 ICMP probes answered, the slowest in %.2f ms%n",
                    sunk.get() / 1000, handshake, rtts.size(), worst);
            assertThat(handshake)
                    .as("the upload keeps the shaper's queue long (else this test proves nothing)")
                    .isGreaterThan(150);
            assertThat(failures).as("probes that failed under load").isEmpty();
            assertThat(worst).as("the slowest probe's RTT, ms").isLessThan(50.0);
        }
        upload.join(5_000);
        drain.join(5_000);
    }
}
