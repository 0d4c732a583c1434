package dev.flywall.runtime.probe;

/**
 * One probe of one target, in two steps. Its socket is opened (and pinned to the WAN) when the
 * probe is made, on the thread that calls {@link Probes#round}, so it belongs to that thread's
 * network namespace; {@link #run} then waits for the answer on a worker thread, where the
 * namespace no longer matters.
 */
interface Probe extends AutoCloseable {

    /** Sends and waits for the answer, giving up when {@code budget} runs out. */
    ProbeResult run(Budget budget);

    /** Releases the socket; never throws. */
    @Override
    void close();
}
