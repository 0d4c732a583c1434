package dev.flywall.syntax;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs recursive work (parsing, evaluating, decoding) on a thread with a stack deep enough for
 * the nesting flywall accepts. Work started on such a thread runs inline, so a whole front-end
 * pass costs one thread, not one per expression.
 */
public final class DeepStack {

    /** Enough for {@link Parser#MAX_NESTING} brackets and long operator chains. */
    static final long STACK_BYTES = 256L * 1024 * 1024;

    private static final ThreadLocal<Boolean> DEEP = ThreadLocal.withInitial(() -> false);

    private DeepStack() {}

    /** The value of {@code work}, computed on a deep stack. Exceptions and errors pass through. */
    public static <T> T call(Supplier<T> work) {
        if (DEEP.get()) {
            return work.get();
        }
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread worker = new Thread(
                null,
                () -> {
                    DEEP.set(true);
                    try {
                        result.set(work.get());
                    } catch (Throwable t) {
                        failure.set(t);
                    }
                },
                "flywall-deep-stack",
                STACK_BYTES);
        worker.start();
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        return result.get();
    }
}
