package dev.flywall.runtime.daemon;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The one thread that owns the daemon's state machine and effects: everything else (probe
 * loops, the link watcher, the API, SIGHUP) posts work to its queue. Between tasks it wakes for
 * the duties' own deadlines (failback delays, the periodic resync), at least once a second.
 */
final class EngineThread {

    /** What the engine does besides running posted tasks. */
    interface Duties {
        /** Before waiting: when the duties are next due. */
        Instant nextWake();

        /** After a task ran or the wait ended. */
        void afterWait(Instant now) throws Exception;
    }

    /** Work for the engine thread that may be interrupted. */
    interface Call {
        void run() throws InterruptedException;
    }

    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);
    private static final Duration STOP_PATIENCE = Duration.ofSeconds(5);

    private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final Clock clock;
    private final Consumer<String> log;
    private volatile boolean running = true;
    private Thread thread;

    EngineThread(Clock clock, Consumer<String> log) {
        this.clock = clock;
        this.log = log;
    }

    void start(Duties duties) {
        thread = Thread.ofPlatform().name("flywall-engine").start(() -> loop(duties));
    }

    private void loop(Duties duties) {
        while (running) {
            try {
                Instant wake = duties.nextWake();
                long waitMs =
                        Math.max(0, Duration.between(clock.instant(), wake).toMillis());
                Runnable task = queue.poll(Math.min(waitMs, 1000), TimeUnit.MILLISECONDS);
                if (task != null) {
                    task.run();
                }
                duties.afterWait(clock.instant());
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // one bad input must never stop the watchdog
                log.accept("error: " + e);
            }
        }
    }

    /** Queues work for the engine thread. */
    void post(Runnable task) {
        queue.add(task);
    }

    /** Runs on the engine thread and waits for it; the state machine's refusals come back as they are. */
    void call(Call work) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(() -> {
            try {
                work.run();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        try {
            done.get(ANSWER_WITHIN.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalStateException("the engine failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the engine did not answer within " + ANSWER_WITHIN.toSeconds() + "s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    /** Runs until {@link #stop()}. */
    void await() throws InterruptedException {
        thread.join();
    }

    /**
     * Lets the current task finish and stops the thread; returns once it has stopped (true), or
     * false when interrupted while waiting — then the engine may still use what it owns.
     */
    boolean stop() {
        running = false;
        if (thread == null) {
            return true;
        }
        // not an interrupt: it would close the state file's channel and abort nft in mid-switch
        queue.add(() -> {});
        try {
            if (!thread.join(STOP_PATIENCE)) {
                log.accept("waiting for the engine to finish its current change before closing");
                thread.join();
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
