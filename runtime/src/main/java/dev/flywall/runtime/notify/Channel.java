package dev.flywall.runtime.notify;

import dev.flywall.runtime.history.History;
import java.time.Duration;
import java.util.Optional;

/**
 * One notification target as the delivery worker sees it: something that makes one delivery
 * attempt and says whether it worked, whether trying again may help, or whether it cannot. The
 * worker ({@link Target}) owns retries, backoff and the cooldown, so each channel only knows its
 * protocol.
 */
interface Channel extends AutoCloseable {

    /** The outcome of one attempt. */
    sealed interface Attempt {
        /** The target accepted the notification. */
        record Delivered() implements Attempt {}

        /**
         * A transient failure (network error, timeout, server busy): worth retrying, after
         * {@code after} when the server said how long to wait.
         */
        record Retry(String reason, Optional<Duration> after) implements Attempt {}

        /** A failure that retrying cannot fix (rejected request, bad credentials, unresolvable secret). */
        record Failed(String reason) implements Attempt {}
    }

    /** "webhook" or "email", for logs. */
    String name();

    /** How many attempts one notification gets before it counts as failed. */
    int maxAttempts();

    /**
     * One attempt to deliver {@code event}; {@code held} is how many events of the same kind
     * were held back by the cooldown and are summarised by this one.
     */
    Attempt send(History.Event event, int held) throws InterruptedException;

    /** Releases connections and threads; no exception, this runs on shutdown. */
    @Override
    void close();
}
