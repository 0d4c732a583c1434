package dev.flywall.runtime.lab;

import dev.flywall.runtime.probe.Egress;
import dev.flywall.runtime.probe.ProbeResult;
import dev.flywall.runtime.probe.Probes;
import dev.flywall.runtime.watchdog.WatchdogConfig;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A LAN client's view of an outage, run inside the client namespace by {@code flywall lab client}:
 * an ICMP echo to an internet host every {@code interval} (each on its own thread, so a lost one
 * does not delay the next), one line per echo: {@code <send time in epoch ms> ok <rtt ms>} or
 * {@code <send time> lost}. The outage is the longest gap between answered echoes.
 */
public final class LabClient {

    private LabClient() {}

    public static void run(String target, Duration interval, Duration timeout, PrintStream out)
            throws InterruptedException {
        WatchdogConfig.HealthCheck echo = new WatchdogConfig.HealthCheck(
                "icmp", List.of(target), 0, "", "", 0, interval, timeout, 1, 1, 1, Optional.empty(), Optional.empty());
        Egress any = new Egress("", 0, Optional.empty());
        try (Probes probes = new Probes()) {
            long next = System.nanoTime();
            while (!Thread.currentThread().isInterrupted()) {
                long sent = System.currentTimeMillis();
                Thread.ofVirtual().start(() -> {
                    try {
                        ProbeResult r = probes.round(echo, any).get(0);
                        synchronized (out) {
                            out.println(sent
                                    + (r.ok()
                                            ? " ok "
                                                    + r.rtt()
                                                            .map(d -> d.toNanos() / 1e6)
                                                            .orElse(0.0)
                                            : " lost"));
                            out.flush();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                next += interval.toNanos();
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(Duration.ofNanos(sleep));
                }
            }
        }
    }

    /**
     * Opens {@code count} TCP connections to {@code target:port} one after the other (each a new
     * flow, so each is classified anew) and returns how many succeeded.
     */
    public static int connect(String target, int port, int count, Duration timeout) {
        int ok = 0;
        for (int i = 0; i < count; i++) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress(target, port), (int) timeout.toMillis());
                ok++;
            } catch (java.io.IOException e) {
                // counted as a failure
            }
        }
        return ok;
    }

    /**
     * One long-lived TCP session to the echo port of {@code target}: a byte every 100 ms, which
     * must come back within a second. Prints {@code <epoch ms> open <local port>} when a session
     * starts and {@code <epoch ms> broken <why>} when it fails, then opens a new one (as an
     * application would); runs for {@code duration}.
     */
    public static void hold(String target, Duration duration, PrintStream out) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress(target, 7), 1000);
                s.setSoTimeout(1000);
                out.println(System.currentTimeMillis() + " open " + s.getLocalPort());
                out.flush();
                while (System.nanoTime() < end) {
                    s.getOutputStream().write('x');
                    if (s.getInputStream().read() != 'x') {
                        throw new java.io.IOException("the echo stopped");
                    }
                    Thread.sleep(100);
                }
                out.println(System.currentTimeMillis() + " closed");
            } catch (java.io.IOException e) {
                out.println(System.currentTimeMillis() + " broken " + e.getMessage());
                out.flush();
                Thread.sleep(100);
            }
        }
        out.flush();
    }

    /**
     * {@code count} long-lived TCP sessions to the echo port of {@code target}, each sending a line
     * every {@code every} and reading it back, until interrupted. Prints {@code <epoch ms> open <i>
     * <local port>} when session i starts, {@code <epoch ms> stall <i> <ms>} when an echo took
     * longer than 200 ms (the session survived a gap), {@code <epoch ms> broken <i> <why>} when it
     * fails (reset, or no echo for {@code patience}; it is then opened again, as an application
     * would), and every 500 ms {@code <epoch ms> echoing <k> of <count>}: how many sessions got an
     * echo in the last second.
     */
    public static void sessions(String target, int count, Duration every, Duration patience, PrintStream out)
            throws InterruptedException {
        long[] lastEcho = new long[count];
        List<Thread> threads = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = i;
            threads.add(Thread.ofPlatform()
                    .daemon()
                    .name("session-" + i)
                    .start(() -> session(target, n, every, patience, lastEcho, out)));
        }
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(500);
                long now = System.currentTimeMillis();
                long echoing;
                synchronized (lastEcho) {
                    echoing = java.util.Arrays.stream(lastEcho)
                            .filter(t -> now - t < 1000)
                            .count();
                }
                line(out, now + " echoing " + echoing + " of " + count);
            }
        } finally {
            threads.forEach(Thread::interrupt);
        }
    }

    private static void session(
            String target, int n, Duration every, Duration patience, long[] lastEcho, PrintStream out) {
        while (!Thread.currentThread().isInterrupted()) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress(target, 7), 2000);
                s.setSoTimeout((int) patience.toMillis());
                s.setTcpNoDelay(true);
                line(out, System.currentTimeMillis() + " open " + n + " " + s.getLocalPort());
                var in = s.getInputStream();
                for (long k = 0; !Thread.currentThread().isInterrupted(); k++) {
                    byte[] message = (n + " " + k + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                    long sent = System.currentTimeMillis();
                    s.getOutputStream().write(message);
                    byte[] back = in.readNBytes(message.length);
                    if (!java.util.Arrays.equals(back, message)) {
                        throw new java.io.IOException("the echo ended");
                    }
                    long now = System.currentTimeMillis();
                    synchronized (lastEcho) {
                        lastEcho[n] = now;
                    }
                    if (now - sent > 200) {
                        line(out, now + " stall " + n + " " + (now - sent));
                    }
                    Thread.sleep(every);
                }
            } catch (java.io.IOException e) {
                line(out, System.currentTimeMillis() + " broken " + n + " " + e.getMessage());
                try {
                    Thread.sleep(200);
                } catch (InterruptedException stop) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * What the sessions' lines ({@link #sessions}) say of a time window [from, to] (epoch ms): the
     * sessions that broke in it, the longest stall an echo survived in it, and the last heartbeat
     * at or before {@code to} ({@code echoing} of {@code count}; 0 of 0 before the first).
     */
    public record SessionFigures(java.util.SortedSet<Integer> broken, long longestStallMs, long echoing, long count) {

        public static SessionFigures of(List<String> lines, long from, long to) {
            java.util.SortedSet<Integer> broken = new java.util.TreeSet<>();
            long stall = 0;
            long echoing = 0;
            long count = 0;
            for (String line : lines) {
                String[] w = line.strip().split(" ");
                if (w.length < 3 || !w[0].matches("\\d{1,19}")) {
                    continue;
                }
                long t = Long.parseLong(w[0]);
                boolean inside = t >= from && t <= to;
                switch (w[1]) {
                    case "broken" -> {
                        if (inside) {
                            broken.add(Integer.parseInt(w[2]));
                        }
                    }
                    case "stall" -> {
                        if (inside && w.length >= 4) {
                            stall = Math.max(stall, Long.parseLong(w[3]));
                        }
                    }
                    case "echoing" -> {
                        if (t <= to && w.length >= 5) {
                            echoing = Long.parseLong(w[2]);
                            count = Long.parseLong(w[4]);
                        }
                    }
                    default -> {
                        // open: nothing to count
                    }
                }
            }
            return new SessionFigures(broken, stall, echoing, count);
        }

        /** How many of the sessions did not break. */
        public long kept() {
            return count - broken.size();
        }
    }

    private static void line(PrintStream out, String text) {
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }

    /**
     * Asks {@code target} which ISP it was reached through ({@code GET /whoami}, a new connection
     * each time), once from each source address (empty: the system's choice). Prints one line per
     * source: {@code <source> <uplink>}, or {@code <source> failed <why>}.
     */
    public static void whoami(String target, List<String> sources, Duration timeout, PrintStream out) {
        for (String source : sources.isEmpty() ? List.of("") : sources) {
            out.println((source.isEmpty() ? "-" : source) + " " + askWhoami(target, source, timeout));
        }
        out.flush();
    }

    /**
     * Asks {@code target} which ISP it was reached through every {@code every} for {@code duration},
     * each time on a new connection: one line per question, {@code <epoch ms when the connection
     * was opened> <uplink>} (or {@code failed}), so a test can tell when new connections moved.
     */
    public static void watchWhoami(String target, Duration every, Duration duration, PrintStream out)
            throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            long opened = System.currentTimeMillis();
            String answer = askWhoami(target, "", every.multipliedBy(4));
            out.println(opened + " " + answer.split(" ", 2)[0]);
            out.flush();
            Thread.sleep(every);
        }
    }

    private static String askWhoami(String target, String source, Duration timeout) {
        try (java.net.Socket s = new java.net.Socket()) {
            if (!source.isEmpty()) {
                s.bind(new java.net.InetSocketAddress(java.net.InetAddress.getByName(source), 0));
            }
            s.connect(new java.net.InetSocketAddress(target, 80), (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            s.getOutputStream()
                    .write(("GET /whoami HTTP/1.0\r\nHost: " + target + "\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String reply = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            return reply.substring(reply.indexOf("\r\n\r\n") + 4).strip();
        } catch (java.io.IOException | RuntimeException e) {
            return "failed " + e.getMessage();
        }
    }

    /** Sends {@code count} UDP datagrams to {@code target:port}, each from a new socket (a new flow). */
    public static int datagrams(String target, int port, int count) throws java.io.IOException {
        byte[] payload = "flywall lab".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.net.InetSocketAddress to = new java.net.InetSocketAddress(target, port);
        for (int i = 0; i < count; i++) {
            try (java.net.DatagramSocket s = new java.net.DatagramSocket()) {
                s.send(new java.net.DatagramPacket(payload, payload.length, to));
            }
        }
        return count;
    }

    /** The longest silence between answered echoes sent in [from, to] (epoch ms), from the client's lines. */
    public static long outageMillis(List<String> lines, long from, long to) {
        long previous = -1;
        long worst = 0;
        List<long[]> answered = lines.stream()
                .map(String::strip)
                .filter(l -> l.contains(" ok "))
                .map(l -> new long[] {Long.parseLong(l.substring(0, l.indexOf(' ')))})
                .sorted((a, b) -> Long.compare(a[0], b[0]))
                .toList();
        for (long[] a : answered) {
            long t = a[0];
            if (t >= from && t <= to && previous >= 0) {
                worst = Math.max(worst, t - previous);
            }
            previous = t;
        }
        return worst;
    }
}
