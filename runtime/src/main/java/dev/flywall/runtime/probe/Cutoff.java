package dev.flywall.runtime.probe;

import java.nio.channels.SocketChannel;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Closes JDK sockets whose probe is still running when its round's deadline passes. A blocked
 * read of a JDK socket ends with an exception when another thread closes the socket (the JDK
 * defers releasing the descriptor until the read returns, so no descriptor is reused under it) —
 * unlike the raw sockets of icmp probes, which are therefore never closed from outside.
 *
 * <p>One platform thread for all probes; it only closes sockets.
 */
final class Cutoff implements AutoCloseable {

    /** A scheduled close; closing it cancels the close when the probe finished in time. */
    interface Pending extends AutoCloseable {
        @Override
        void close();
    }

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().name("flywall-probe-cutoff").daemon().factory());

    Cutoff() {
        // a probe that ended in time takes its close out of the queue at once: no growth at 20 probes/s
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Closes {@code channel} at the deadline of {@code budget} unless the returned handle is closed first. */
    Pending closeAtDeadline(SocketChannel channel, Budget budget) {
        try {
            ScheduledFuture<?> close = timer.schedule(
                    () -> Sockets.closeQuietly(channel), Math.max(0, budget.remainingNanos()), TimeUnit.NANOSECONDS);
            return () -> close.cancel(false);
        } catch (RejectedExecutionException e) {
            // the probes are closing: the socket closes with its probe anyway
            Sockets.closeQuietly(channel);
            return () -> {};
        }
    }

    /** Takes no more sockets; the closes already scheduled still happen at their deadlines. */
    @Override
    public void close() {
        timer.shutdown();
    }
}
