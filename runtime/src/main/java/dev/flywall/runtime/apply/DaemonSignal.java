package dev.flywall.runtime.apply;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Tells a running daemon that a new bundle is in place: the daemon writes its pid to
 * {@code daemon.pid} in the state directory and reloads on SIGHUP.
 */
public final class DaemonSignal {

    public static final String PID_FILE = "daemon.pid";

    private DaemonSignal() {}

    /** Sends SIGHUP to the daemon when one is running; returns its pid, or empty when none is. */
    public static Optional<Long> reload(Path stateDir) throws IOException, InterruptedException {
        Path file = stateDir.resolve(PID_FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (!text.matches("[1-9][0-9]{0,9}")) {
            return Optional.empty();
        }
        long pid = Long.parseLong(text);
        if (ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty()) {
            return Optional.empty();
        }
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(pid))
                .redirectErrorStream(true)
                .start();
        kill.getInputStream().readAllBytes();
        return kill.waitFor() == 0 ? Optional.of(pid) : Optional.empty();
    }
}
