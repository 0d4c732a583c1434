package dev.flywall.runtime.engine;

/**
 * What the API (and anything else outside the engine thread) may ask of the running daemon.
 * Reads return immutable snapshots; pin and unpin are queued to the engine thread and applied
 * before they return.
 */
public interface DaemonView {

    Status status();

    Health health();

    /**
     * Pins {@code group} to {@code uplink} (it carries all of the group's new connections until
     * unpinned, whatever the probes say). An unknown group, or an uplink that is not a member,
     * is an {@link IllegalArgumentException} with a message for the user.
     */
    void pin(String group, String uplink);

    /** Removes the pin of {@code group}; a group without a pin is left as it is. */
    void unpin(String group);

    /**
     * Lets every recovered member of {@code group} that is up now carry traffic again, so the group
     * returns to its most preferred usable tier (or a balance takes its members back): how a group
     * with {@code failback = "manual"} is told to fail back; running failback delays are cut short.
     * An unknown group is an {@link IllegalArgumentException}.
     */
    void failback(String group);

    /**
     * Drains {@code uplink}: its groups and the policy routes to it send new connections elsewhere
     * (as if it were down), established connections keep flowing until they end, and the drain
     * holds until {@link #undrain} (across restarts and reloads). {@code reason} may be empty. An
     * unknown uplink, or a reason longer than {@value StateMachine.Drain#MAX_REASON} characters or
     * with control characters, is an {@link IllegalArgumentException}; draining a drained uplink
     * changes nothing.
     */
    void drain(String uplink, String reason);

    /** Ends the drain of {@code uplink} (a no-op when it is not drained); unknown: {@link IllegalArgumentException}. */
    void undrain(String uplink);
}
