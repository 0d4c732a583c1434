package dev.flywall.runtime.probe;

import dev.flywall.runtime.watchdog.WatchdogConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * Runs the health-check rounds of the uplinks, inside the daemon's process: no {@code ping}, no
 * child process per probe. A round probes every target of a check at once, each from a socket
 * pinned to the uplink ({@link Egress}), and ends when all answered or at the check's timeout.
 *
 * <p>Sockets are opened on the thread that calls {@link #round}, before any waiting starts, so they
 * belong to that thread's network namespace (the daemon runs wholly inside the gateway's namespace;
 * tests call {@code round} from a thread that entered one with {@code setns}). Waiting then happens
 * on workers: platform threads for ICMP, whose {@code poll} is a native call that would pin a
 * virtual thread's carrier, and virtual threads for the JDK sockets of tcp, dns and http.
 *
 * <p>Thread-safe: the daemon calls {@code round} for several uplinks at once.
 */
public final class Probes implements AutoCloseable {

    /** How much longer than its timeout a round may wait for a worker to report. */
    private static final long GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private static final Set<String> TYPES = Set.of("icmp", "tcp", "dns", "http");

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final ExecutorService icmpWorkers = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("flywall-icmp-", 0).daemon().factory());
    private final ExecutorService ioWorkers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("flywall-probe-", 0).factory());
    private final AtomicInteger icmpIds =
            new AtomicInteger(ThreadLocalRandom.current().nextInt(1 << 16));
    private final AtomicInteger icmpSequence = new AtomicInteger();
    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final AtomicInteger running = new AtomicInteger();
    private final Cutoff cutoff = new Cutoff();

    /**
     * The JDK's default TLS set-up loads JSSE and parses every CA certificate (a few MB of class
     * metadata and heap for the daemon's life): made on the first http check, never for a daemon
     * that has none.
     */
    private final java.util.function.Supplier<SSLSocketFactory> tls;

    private final UplinkResolver resolver;

    /**
     * Probes whose https checks trust the JDK's default certificate authorities and whose http
     * checks resolve host names through the DNS servers of {@code /etc/resolv.conf}.
     */
    public Probes() {
        this(new DefaultTls(), Path.of("/etc/resolv.conf"));
    }

    /** The JDK's default socket factory, fetched once on first use. */
    private static final class DefaultTls implements java.util.function.Supplier<SSLSocketFactory> {
        private volatile SSLSocketFactory factory;

        @Override
        public SSLSocketFactory get() {
            SSLSocketFactory f = factory;
            if (f == null) {
                f = HttpsURLConnection.getDefaultSSLSocketFactory();
                factory = f;
            }
            return f;
        }
    }

    /** Probes whose https checks use {@code tls} (tests: a lab's own certificate authority). */
    Probes(SSLSocketFactory tls) {
        this(tls, Path.of("/etc/resolv.conf"));
    }

    /** Probes whose http checks ask the DNS servers of {@code resolvConf} (tests: the lab's). */
    Probes(SSLSocketFactory tls, Path resolvConf) {
        this(() -> tls, resolvConf);
    }

    private Probes(java.util.function.Supplier<SSLSocketFactory> tls, Path resolvConf) {
        this.tls = tls;
        // the host's own resolv.conf may point at systemd-resolved, whose upstream servers are listed apart
        java.util.Optional<Path> upstream = resolvConf.equals(Path.of("/etc/resolv.conf"))
                ? java.util.Optional.of(ResolvConf.SYSTEMD_UPSTREAM)
                : java.util.Optional.empty();
        this.resolver = new UplinkResolver(new ResolvConf(resolvConf, upstream));
    }

    /**
     * One round: probes every target of {@code check} concurrently through {@code egress} and
     * returns a result per target, in the check's order, when all answered or timed out (about
     * {@code check.timeout()}, never much longer). Failures are results, not exceptions.
     *
     * <p>Every wait of a probe is bounded by the round's deadline, so a probe always ends, and
     * closes its socket, on its own worker; nothing is cancelled from outside (closing a raw
     * socket under a thread still polling it could hand that thread a reused descriptor). When
     * the caller is interrupted, the round's probes likewise finish by their deadline.
     *
     * @throws IllegalArgumentException for a check type other than icmp, tcp, dns or http
     * @throws IllegalStateException after {@link #close}
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public List<ProbeResult> round(WatchdogConfig.HealthCheck check, Egress egress) throws InterruptedException {
        if (!TYPES.contains(check.type())) {
            throw new IllegalArgumentException("unknown health check type: " + check.type());
        }
        Budget budget = Budget.starting(check.timeout());
        List<String> targets = check.probeTargets();
        List<Future<ProbeResult>> pending = new ArrayList<>(targets.size());
        for (String target : targets) {
            sent.increment();
            Probe probe;
            try {
                probe = open(check, target, egress);
            } catch (ProbeException e) {
                pending.add(CompletableFuture.completedFuture(ProbeResult.failed(target, e.getMessage())));
                continue;
            }
            try {
                pending.add((probe instanceof IcmpProbe ? icmpWorkers : ioWorkers).submit(() -> {
                    running.incrementAndGet();
                    try (probe) {
                        return probe.run(budget);
                    } finally {
                        running.decrementAndGet();
                    }
                }));
            } catch (RejectedExecutionException e) {
                probe.close();
                throw new IllegalStateException("probes are closed", e);
            }
        }
        List<ProbeResult> results = new ArrayList<>(targets.size());
        for (int i = 0; i < targets.size(); i++) {
            results.add(collect(pending.get(i), targets.get(i), budget));
        }
        results.stream().filter(r -> !r.ok()).forEach(r -> failed.increment());
        return results;
    }

    private static ProbeResult collect(Future<ProbeResult> future, String target, Budget budget)
            throws InterruptedException {
        try {
            return future.get(Math.max(0, budget.remainingNanos() + GRACE_NANOS), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // a worker late past the grace (an overloaded machine): it still closes its own socket
            return ProbeResult.failed(target, budget.timeoutError());
        } catch (ExecutionException e) {
            return ProbeResult.failed(target, "probe failed: " + e.getCause());
        }
    }

    private Probe open(WatchdogConfig.HealthCheck check, String target, Egress egress) throws ProbeException {
        return switch (check.type()) {
            case "icmp" ->
                new IcmpProbe(
                        target,
                        literal(target),
                        egress,
                        icmpIds.getAndIncrement(),
                        icmpSequence.getAndIncrement(),
                        ThreadLocalRandom.current().nextLong());
            case "tcp" -> new TcpProbe(target, literal(target), check.port(), egress);
            case "dns" -> new DnsProbe(target, literal(target), check.query(), egress);
            case "http" -> new HttpProbe(target, check.expectedStatus(), egress, tls.get(), resolver, cutoff);
            default -> throw new IllegalStateException("checked by round: " + check.type());
        };
    }

    /** An IP literal, never looked up in DNS (the configuration only allows literals as targets). */
    static InetAddress literal(String target) throws ProbeException {
        String t = target.startsWith("[") && target.endsWith("]") ? target.substring(1, target.length() - 1) : target;
        boolean v4 = IPV4.matcher(t).matches()
                && java.util.Arrays.stream(t.split("\\.")).allMatch(octet -> Integer.parseInt(octet) <= 255);
        if (!v4 && !t.contains(":")) {
            throw new ProbeException("not an IP address: " + target);
        }
        try {
            return InetAddress.getByName(t);
        } catch (UnknownHostException e) {
            throw new ProbeException("not an IP address: " + target);
        }
    }

    /**
     * Whether enough targets answered: at least {@code reliability}. The requirement is capped at
     * the number of results (an http check probes its one URL whatever reliability says) and is at
     * least 1, so a round with no answer is never good. The daemon's verdict (the engine's) also
     * needs an answer from each address family of a dual-stack check, and applies
     * {@code max_loss} and {@code max_latency}.
     */
    public static boolean good(List<ProbeResult> results, int reliability) {
        long answered = results.stream().filter(ProbeResult::ok).count();
        return !results.isEmpty() && answered >= Math.max(1, Math.min(reliability, results.size()));
    }

    /** Probes started since construction (one per target per round). */
    public long probesSent() {
        return sent.sum();
    }

    /** Probes that did not get the answer the check requires. */
    public long probesFailed() {
        return failed.sum();
    }

    /**
     * Probes whose worker is still running: after a round ends, this drops back to the probes of
     * rounds under way, since every probe ends by its round's deadline (a leak shows as growth).
     */
    public int probesRunning() {
        return running.get();
    }

    /** Accepts no more rounds; probes under way end by their deadline and close their sockets. */
    @Override
    public void close() {
        icmpWorkers.shutdown();
        ioWorkers.shutdown();
        cutoff.close();
    }

    static Duration elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
