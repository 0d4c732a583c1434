package dev.flywall.runtime.apply;

import java.io.IOException;

/**
 * The state directory cannot be used safely or at all: it is a symlink, holds one, belongs to
 * another user, is writable by others, or is read-only. The message names the path, what is
 * wrong with it and the fix; the CLI prints it as an environment error (exit 2), not a crash.
 */
public final class StateDirUnusableException extends IOException {

    public StateDirUnusableException(String message) {
        super(message);
    }
}
