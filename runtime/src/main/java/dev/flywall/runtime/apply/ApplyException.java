package dev.flywall.runtime.apply;

/** A step of applying (or restoring) kernel state failed; the message says which and why. */
public final class ApplyException extends Exception {

    private final boolean kernelUnchanged;

    public ApplyException(String message) {
        this(message, true);
    }

    /** {@code kernelUnchanged}: false when the kernel may hold a mix (a failed apply could not be undone). */
    public ApplyException(String message, boolean kernelUnchanged) {
        super(message);
        this.kernelUnchanged = kernelUnchanged;
    }

    /** Whether the kernel holds what it held before (nothing changed, or the change was undone). */
    public boolean kernelUnchanged() {
        return kernelUnchanged;
    }
}
