package dev.flywall.runtime.daemon;

import dev.flywall.runtime.apply.DaemonSignal;
import dev.flywall.runtime.apply.StateDir;
import dev.flywall.runtime.apply.StateLockedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The running daemon's claim on a state directory: {@link StateDir}'s file lock on
 * {@code daemon.lock} (not {@code lock}, which {@code flywall apply} takes while the daemon runs),
 * and the {@code daemon.pid} that {@link DaemonSignal} reads to send SIGHUP. Two daemons on one
 * directory would fight over the chains, so the second one refuses; the kernel drops the lock
 * with its holder, so a daemon killed with -9 leaves nothing stale.
 */
final class DaemonLock implements AutoCloseable {

    static final String FILE = "daemon.lock";

    private final StateDir dir;
    private final StateDir.Lock lock;

    private DaemonLock(StateDir dir, StateDir.Lock lock) {
        this.dir = dir;
        this.lock = lock;
    }

    /** Takes the lock, or says which process holds it. */
    static DaemonLock take(StateDir dir) throws IOException {
        try {
            return new DaemonLock(dir, dir.lock(FILE));
        } catch (StateLockedException e) {
            throw new IOException(
                    "another flywall run (" + e.holder() + ") is using " + dir.path() + "; stop it first");
        }
    }

    /** Writes {@code daemon.pid}, so that {@code flywall apply} can tell this daemon to reload. */
    void announce() throws IOException {
        Files.writeString(pidFile(), ProcessHandle.current().pid() + "\n", StandardCharsets.UTF_8);
    }

    /** Removes the pid file (only the lock's holder owns it) and releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            Files.deleteIfExists(pidFile());
        } finally {
            lock.close();
        }
    }

    private Path pidFile() {
        return dir.path().resolve(DaemonSignal.PID_FILE);
    }
}
