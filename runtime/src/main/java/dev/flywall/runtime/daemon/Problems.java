package dev.flywall.runtime.daemon;

import dev.flywall.runtime.engine.Status;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * What is wrong with the gateway itself (its table, its history), by subject, for the status.
 * Raising a problem publishes the status at once, so the status says it before the
 * notification about it goes out.
 */
final class Problems {

    private final Map<String, Status.Problem> bySubject = new ConcurrentSkipListMap<>();
    private final Runnable publish;

    /** {@code publish}: publishes the status (engine thread). */
    Problems(Runnable publish) {
        this.publish = publish;
    }

    /** Records or updates a problem and publishes; true when the subject had none before. */
    boolean raise(String subject, String detail) {
        boolean first = bySubject.put(subject, new Status.Problem(subject, detail)) == null;
        publish.run();
        return first;
    }

    /** Forgets the subject's problem; true when it had one. Does not publish. */
    boolean clear(String subject) {
        return bySubject.remove(subject) != null;
    }

    void publish() {
        publish.run();
    }

    List<Status.Problem> all() {
        return List.copyOf(bySubject.values());
    }
}
