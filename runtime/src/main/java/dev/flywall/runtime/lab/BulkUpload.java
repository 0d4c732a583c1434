package dev.flywall.runtime.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bulk TCP upload from the LAN client, to measure the egress shaping of the uplink it leaves
 * by: one connection to an echo port, written to as fast as TCP takes it for {@code duration};
 * the rate is what came back in the measured part (after a warm-up, so that TCP's slow start is
 * not counted). What comes back went through the shaper once: the download direction is not
 * shaped, so the echo returns at the upload's rate.
 */
public final class BulkUpload {

    /** Bits per second echoed back between the end of the warm-up and the end. */
    public record Result(long bytes, Duration measured) {
        public double bitsPerSecond() {
            return bytes * 8.0 / (measured.toNanos() / 1e9);
        }
    }

    private BulkUpload() {}

    /** Uploads to {@code host:port} for {@code warmUp + duration}; measures the last {@code duration}. */
    public static Result run(String host, int port, Duration warmUp, Duration duration)
            throws IOException, InterruptedException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 3_000);
            s.setSoTimeout(5_000);
            AtomicLong received = new AtomicLong();
            Thread reader = Thread.ofPlatform().daemon().name("bulk-read").start(() -> {
                byte[] buffer = new byte[64 * 1024];
                try {
                    InputStream in = s.getInputStream();
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        received.addAndGet(n);
                    }
                } catch (IOException e) {
                    // closed at the end of the measurement
                }
            });
            long start = System.nanoTime();
            long warm = start + warmUp.toNanos();
            long end = warm + duration.toNanos();
            long atWarm = -1;
            long warmAt = 0;
            byte[] block = new byte[16 * 1024];
            OutputStream out = s.getOutputStream();
            while (true) {
                long now = System.nanoTime();
                if (atWarm < 0 && now >= warm) {
                    atWarm = received.get();
                    warmAt = now;
                }
                if (now >= end) {
                    break;
                }
                out.write(block); // blocks while the shaper holds the queue: the writer follows the rate
            }
            long bytes = received.get() - atWarm;
            long measured = System.nanoTime() - warmAt;
            s.shutdownOutput();
            reader.join(1_000);
            return new Result(bytes, Duration.ofNanos(measured));
        }
    }
}
