package dev.flywall.runtime.apply;

/** A step of applying (or restoring) kernel state failed; the message says which and why. */
public final class ApplyException extends Exception {
    public ApplyException(String message) {
        super(message);
    }
}
