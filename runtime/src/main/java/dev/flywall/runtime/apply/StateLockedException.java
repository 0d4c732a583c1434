package dev.flywall.runtime.apply;

/** Another flywall process holds the state directory's lock. */
public final class StateLockedException extends Exception {

    private final String holder;

    public StateLockedException(String dir, String holder) {
        super("another flywall process (" + holder + ") is applying to " + dir + "; wait for it or stop it");
        this.holder = holder;
    }

    /** What the lock file says about its holder, such as "pid 1234". */
    public String holder() {
        return holder;
    }
}
