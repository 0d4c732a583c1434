package dev.flywall.runtime.notify;

import dev.flywall.runtime.history.History;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One notification target with its own queue and delivery worker, so a slow SMTP server never
 * delays a webhook. The worker applies the cooldown (see {@link Notifier}), retries with backoff
 * and counts outcomes. All cooldown state is touched by the worker alone.
 */
final class Target {

    private static final System.Logger LOG = System.getLogger(Notifier.class.getName());

    /** Events the engine raises by itself, and can raise in storms; the others are operator actions. */
    private static final Set<String> COOLED = Set.of("wan_down", "wan_up", "failover", "failback", "ruleset_restored");

    private final Channel channel;
    private final Set<String> events;
    private final Clock clock;
    private final Tuning tuning;
    private final BlockingQueue<History.Event> queue;
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicBoolean full = new AtomicBoolean();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Map<Key, Window> windows = new HashMap<>();
    private final Thread worker;

    /** What the cooldown tells apart: same kind, same group, same uplinks. */
    private record Key(String kind, String group, String from, String to) {
        static Key of(History.Event e) {
            return new Key(e.kind(), e.group(), e.from(), e.to());
        }

        /** The group and uplinks regardless of kind or direction, to recognise superseded events. */
        Set<String> subject() {
            Set<String> s = new TreeSet<>();
            s.add("group:" + group);
            if (from != null) {
                s.add(from);
            }
            if (to != null) {
                s.add(to);
            }
            return s;
        }
    }

    /** A cooldown running until {@code until}; the latest event it held back, and how many. */
    private static final class Window {
        Instant until;
        History.Event pending;
        int held;

        Window(Instant until) {
            this.until = until;
        }
    }

    Target(Channel channel, List<String> events, Clock clock, Tuning tuning) {
        this.channel = channel;
        this.events = Set.copyOf(events);
        this.clock = clock;
        this.tuning = tuning;
        this.queue = new ArrayBlockingQueue<>(tuning.queueCapacity());
        this.worker = tuning.threads().newThread(this::run);
        worker.setName("flywall-notify-" + channel.name());
        worker.start();
    }

    /** From the engine's thread: filter and enqueue, never wait. */
    void offer(History.Event event) {
        if (!events.contains(event.kind()) && !Notifier.ALARMS.contains(event.kind())) {
            return;
        }
        outstanding.incrementAndGet();
        if (queue.offer(event)) {
            full.set(false);
            return;
        }
        outstanding.decrementAndGet();
        dropped.incrementAndGet();
        if (!full.getAndSet(true)) {
            // once per overflow, and not on the engine's thread: a console write may block
            Thread.ofVirtual()
                    .start(() -> LOG.log(
                            Level.WARNING,
                            "{0} notifications: {1} events waiting, dropping new ones until the queue drains",
                            channel.name(),
                            tuning.queueCapacity()));
        }
    }

    boolean idle() {
        return outstanding.get() == 0;
    }

    Notifier.Stats stats() {
        return new Notifier.Stats(delivered.get(), failed.get(), suppressed.get(), dropped.get());
    }

    /** Stops the worker (abandoning queued events and held-back ones) and releases the channel. */
    void close(Duration wait) throws InterruptedException {
        worker.interrupt();
        if (!worker.join(wait)) {
            LOG.log(
                    Level.WARNING,
                    "{0} notifications: the delivery worker did not stop within {1} ms",
                    channel.name(),
                    wait.toMillis());
        } else {
            // the worker has ended: its cooldown state can be read here
            int left = queue.size()
                    + (int) windows.values().stream()
                            .filter(w -> w.pending != null)
                            .count();
            if (left > 0) {
                LOG.log(Level.INFO, "{0} notifications: {1} events not sent (shutting down)", channel.name(), left);
            }
        }
        channel.close();
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                History.Event event = queue.poll(untilNextCheck().toNanos(), TimeUnit.NANOSECONDS);
                if (event != null) {
                    try {
                        handle(event);
                    } finally {
                        outstanding.decrementAndGet();
                    }
                }
                flushDue();
            }
        } catch (InterruptedException stop) {
            // close(): the worker ends here
        }
    }

    /** Until the next cooldown ends, re-reading the clock at least every tick. */
    private Duration untilNextCheck() {
        Instant now = clock.instant();
        Duration wait = tuning.tick();
        for (Window w : windows.values()) {
            if (w.pending != null) {
                Duration left = Duration.between(now, w.until);
                if (left.compareTo(wait) < 0) {
                    wait = left.isNegative() ? Duration.ZERO : left;
                }
            }
        }
        return wait;
    }

    private void handle(History.Event event) throws InterruptedException {
        if (!COOLED.contains(event.kind())) {
            deliver(event, 0);
            return;
        }
        Key key = Key.of(event);
        Window w = windows.get(key);
        if (w != null && event.at().isBefore(w.until)) {
            suppressed.incrementAndGet();
            w.pending = event;
            w.held++;
            LOG.log(
                    Level.DEBUG,
                    "{0} notifications: {1} held back by the cooldown until {2}",
                    channel.name(),
                    event.kind(),
                    w.until);
            return;
        }
        windows.put(key, new Window(event.at().plus(tuning.cooldown())));
        supersede(key, event.at());
        deliver(event, 0);
    }

    /**
     * Cooldowns that have ended: forgotten, and the latest event each held back is sent now,
     * oldest first, so the last notification tells the current state.
     */
    private void flushDue() throws InterruptedException {
        Instant now = clock.instant();
        List<Map.Entry<Key, Window>> due = new ArrayList<>();
        windows.entrySet().removeIf(e -> {
            if (now.isBefore(e.getValue().until)) {
                return false;
            }
            if (e.getValue().pending != null) {
                due.add(e);
            }
            return true;
        });
        due.sort(Comparator.comparing(e -> e.getValue().pending.at()));
        for (Map.Entry<Key, Window> e : due) {
            Window w = e.getValue();
            if (w.pending == null) {
                continue; // superseded by a newer event about the same uplinks
            }
            windows.put(e.getKey(), new Window(now.plus(tuning.cooldown())));
            supersede(e.getKey(), w.pending.at());
            deliver(w.pending, w.held);
        }
    }

    /**
     * Drops held-back events about the same group and uplinks older than {@code at}: once a
     * newer state is being told, telling the older one later would leave the reader with the
     * wrong picture (a flapping link's last message must not say "up" when it is down).
     */
    private void supersede(Key key, Instant at) {
        Set<String> subject = key.subject();
        for (var e : windows.entrySet()) {
            Window w = e.getValue();
            if (!e.getKey().equals(key)
                    && w.pending != null
                    && w.pending.at().isBefore(at)
                    && e.getKey().subject().equals(subject)) {
                w.pending = null;
                w.held = 0;
            }
        }
    }

    /** Up to the channel's attempts, with exponential backoff and jitter or the server's Retry-After. */
    private void deliver(History.Event event, int held) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            Channel.Attempt result;
            try {
                result = channel.send(event, held);
            } catch (RuntimeException e) {
                result = new Channel.Attempt.Failed("unexpected error: " + e);
            }
            switch (result) {
                case Channel.Attempt.Delivered d -> {
                    delivered.incrementAndGet();
                    LOG.log(Level.DEBUG, "{0} notification sent: {1}", channel.name(), event.kind());
                    return;
                }
                case Channel.Attempt.Failed f -> {
                    failed.incrementAndGet();
                    LOG.log(
                            Level.WARNING,
                            "{0} notification of {1} at {2} failed: {3}",
                            channel.name(),
                            event.kind(),
                            event.at(),
                            f.reason());
                    return;
                }
                case Channel.Attempt.Retry r -> {
                    if (attempt >= channel.maxAttempts()) {
                        failed.incrementAndGet();
                        LOG.log(
                                Level.WARNING,
                                "{0} notification of {1} at {2} failed after {3} attempts: {4}",
                                channel.name(),
                                event.kind(),
                                event.at(),
                                attempt,
                                r.reason());
                        return;
                    }
                    Duration delay =
                            r.after().isPresent() ? min(r.after().get(), tuning.retryAfterCap()) : backoff(attempt);
                    LOG.log(
                            Level.DEBUG,
                            "{0} notification attempt {1} failed ({2}); retrying in {3} ms",
                            channel.name(),
                            attempt,
                            r.reason(),
                            delay.toMillis());
                    Thread.sleep(delay);
                }
            }
        }
    }

    /** base × 2^(attempt−1), ±20 % so that several gateways do not retry in lockstep. */
    private Duration backoff(int attempt) {
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofNanos((long) (tuning.backoffBase().toNanos() * (1L << (attempt - 1)) * jitter));
    }

    private static Duration min(Duration a, Duration b) {
        return Objects.requireNonNull(a).compareTo(b) <= 0 ? a : b;
    }
}
