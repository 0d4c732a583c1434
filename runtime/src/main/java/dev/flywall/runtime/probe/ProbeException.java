package dev.flywall.runtime.probe;

/**
 * A probe that could not be made, with the short human reason that becomes
 * {@link ProbeResult#error()} ("device wan1 does not exist", "network unreachable"). It never
 * leaves this package: {@link Probes#round} turns it into a failed result.
 */
final class ProbeException extends Exception {

    ProbeException(String message) {
        super(message, null, false, false);
    }
}
