package dev.flywall.cli;

/**
 * SIGHUP for the daemon. The JDK has no public API for it; {@code sun.misc.Signal} (module
 * jdk.unsupported, present in every JDK) is what long-running Java servers use for reloads.
 */
final class Signals {

    private Signals() {}

    @SuppressWarnings("restriction")
    static void onHangup(Runnable action) {
        sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> action.run());
    }
}
