package dev.flywall.runtime.daemon;

import dev.flywall.runtime.engine.StateMachine;
import dev.flywall.runtime.watchdog.WatchdogConfig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One virtual thread per probed uplink, running rounds at the health check's interval. Each
 * bundle's loops are a generation: a reload starts a new one, and a round of an old generation
 * (finished after the reload) is dropped, by the loop and again by {@link #current} when the
 * engine takes it.
 */
final class ProbeLoops {

    /** Where finished rounds go (posted to the engine thread). */
    @FunctionalInterface
    interface Rounds {
        void finished(StateMachine.Round round, long finishedNanos, int generation);
    }

    private final Daemon.Prober prober;
    private final Function<String, Optional<InetAddress>> sourceOf;
    private final Rounds rounds;
    private final Consumer<String> log;
    private final List<Thread> loops = new ArrayList<>();
    private volatile int generation;
    private volatile boolean closed;

    /**
     * {@code sourceOf}: an uplink's current (IPv4) address, the source of its probes to targets of
     * that family; probes to IPv6 targets send from the address the kernel picks on the device.
     */
    ProbeLoops(
            Daemon.Prober prober,
            Function<String, Optional<InetAddress>> sourceOf,
            Rounds rounds,
            Consumer<String> log) {
        this.prober = prober;
        this.sourceOf = sourceOf;
        this.rounds = rounds;
        this.log = log;
    }

    /** Whether a round of {@code gen} still counts. */
    boolean current(int gen) {
        return generation == gen && !closed;
    }

    /** Starts the loops of a bundle. */
    void start(WatchdogConfig config) {
        synchronized (loops) {
            if (closed) {
                return; // closed meanwhile: close() has stopped the loops it saw and must not miss new ones
            }
            int gen = generation;
            for (WatchdogConfig.Uplink u : config.uplinks()) {
                config.healthCheck(u.name())
                        .ifPresent(hc -> loops.add(
                                Thread.ofVirtual().name("probe-" + u.name()).start(() -> loop(u, hc, gen))));
            }
        }
    }

    /** Replaces the running loops with a new generation for a reloaded bundle. */
    void restart(WatchdogConfig config) {
        synchronized (loops) {
            generation++;
            stopAll();
            start(config);
        }
    }

    /** Stops every loop; none starts afterwards. */
    void close() {
        synchronized (loops) {
            closed = true;
            stopAll();
        }
    }

    private void stopAll() {
        loops.forEach(Thread::interrupt);
        loops.clear();
    }

    /** Rounds at a fixed rate; a round that overruns its interval starts the next one at once. */
    private void loop(WatchdogConfig.Uplink u, WatchdogConfig.HealthCheck check, int gen) {
        long next = System.nanoTime();
        while (current(gen)) {
            try {
                List<StateMachine.Sample> samples = prober.round(u, sourceOf.apply(u.name()), check);
                long finished = System.nanoTime();
                if (!current(gen)) {
                    return;
                }
                rounds.finished(new StateMachine.Round(u.name(), samples), finished, gen);
                next += check.interval().toNanos();
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(Duration.ofNanos(sleep));
                } else {
                    next = System.nanoTime();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.accept("probe of " + u.name() + " failed: " + e);
                try {
                    Thread.sleep(check.interval());
                } catch (InterruptedException x) {
                    return;
                }
            }
        }
    }
}
