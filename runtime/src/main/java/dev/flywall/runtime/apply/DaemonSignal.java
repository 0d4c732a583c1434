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

    /** What asking the daemon to reload came to. */
    public sealed interface Reload {
        /** No daemon runs for this state directory (no pid file, or its process is gone). */
        record NoDaemon() implements Reload {}

        /** SIGHUP was sent to the daemon. */
        record Sent(long pid) implements Reload {}

        /**
         * The daemon runs but would not reload on SIGHUP, so it was not sent: {@code why} says
         * what to do. A process that ignores SIGHUP (started under nohup: the JVM then installs no
         * handler for it) would keep the old configuration without a word; one that has no handler
         * yet (still starting) would be killed by it.
         */
        record Refused(long pid, String why) implements Reload {}
    }

    /** The line an apply prints about the daemon, if any. */
    public static Optional<String> describe(Reload reload) {
        return switch (reload) {
            case Reload.NoDaemon n -> Optional.empty();
            case Reload.Sent s -> Optional.of("Told the daemon (pid " + s.pid() + ") to reload.");
            case Reload.Refused r -> Optional.of("The daemon (pid " + r.pid() + ") was not told to reload: " + r.why());
        };
    }

    /** SIGHUP's bit in the signal masks of /proc/PID/status (signal 1: bit 0). */
    private static final long SIGHUP_BIT = 1L;

    /** Sends SIGHUP to the daemon when one is running and handles it; see {@link Reload}. */
    public static Reload reload(Path stateDir) throws IOException, InterruptedException {
        Path file = stateDir.resolve(PID_FILE);
        if (!Files.exists(file)) {
            return new Reload.NoDaemon();
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (!text.matches("[1-9][0-9]{0,9}")) {
            return new Reload.NoDaemon();
        }
        long pid = Long.parseLong(text);
        if (ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty()) {
            return new Reload.NoDaemon();
        }
        Optional<String> refusal = hangupRefusal(Path.of("/proc", Long.toString(pid), "status"));
        if (refusal.isPresent()) {
            return new Reload.Refused(pid, refusal.get());
        }
        return hangup(pid).isEmpty() ? new Reload.Sent(pid) : new Reload.NoDaemon();
    }

    /** Sends SIGHUP to {@code pid} (kill(1)); empty when it was sent, else what kill said. */
    public static Optional<String> hangup(long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(pid))
                .redirectErrorStream(true)
                .start();
        String out = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return kill.waitFor() == 0 ? Optional.empty() : Optional.of(out.strip());
    }

    /**
     * Why the process whose /proc status is {@code status} would not reload on SIGHUP, from its
     * ignored ({@code SigIgn}) and caught ({@code SigCgt}) signal masks; empty when it catches
     * SIGHUP, or when the masks cannot be read (then SIGHUP is sent, as before this check).
     */
    public static Optional<String> hangupRefusal(Path status) {
        long ignored = -1;
        long caught = -1;
        try {
            for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
                if (line.startsWith("SigIgn:")) {
                    ignored = Long.parseUnsignedLong(line.substring(7).strip(), 16);
                } else if (line.startsWith("SigCgt:")) {
                    caught = Long.parseUnsignedLong(line.substring(7).strip(), 16);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        if (ignored < 0 || caught < 0 || (caught & SIGHUP_BIT) != 0) {
            return Optional.empty();
        }
        if ((ignored & SIGHUP_BIT) != 0) {
            return Optional.of("it ignores SIGHUP (was it started with nohup?), so it would keep the old"
                    + " configuration; restart it to load this one, and start it without nohup (systemd does)");
        }
        return Optional.of("it does not handle SIGHUP (yet: is it still starting?), which would stop it;"
                + " restart it to be sure it runs this configuration");
    }
}
