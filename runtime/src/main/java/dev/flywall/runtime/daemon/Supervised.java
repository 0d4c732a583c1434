package dev.flywall.runtime.daemon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One long-running client the daemon keeps alive (a DHCP client, pppd): started in the
 * foreground, its output passed to the daemon's log line by line, restarted when it dies after a
 * back-off that doubles from {@link #FIRST_DELAY} to {@link #LAST_DELAY} (and starts over once a
 * run lasted {@link #HEALTHY_RUN}), and stopped on request. Its pid is in {@code pidFile}: a client
 * left running by a daemon that was killed is ended before a new one starts, so there is never
 * two of them for one interface.
 */
final class Supervised {

    static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    static final Duration LAST_DELAY = Duration.ofSeconds(60);
    static final Duration HEALTHY_RUN = Duration.ofSeconds(60);
    private static final Duration STOP_PATIENCE = Duration.ofSeconds(5);

    /** What runs around each start: writing a secret file before it, removing it once stopped. */
    interface Hooks {
        void beforeStart() throws IOException;

        void afterStop();

        /** The client ended by itself (it will be restarted after the back-off); on its supervisor's thread. */
        default void exited() {}
    }

    /**
     * {@code name}: how the log calls it ({@code dhclient eth0}); {@code command}: the whole
     * command line, which must not carry a secret; {@code program}: the tool's file name, to
     * recognise a stale one from the pid file; {@code stop}: a command that ends it in its own way
     * (dhclient -r) instead of SIGTERM, or empty.
     */
    record Spec(String name, List<String> command, String program, Path pidFile, Optional<List<String>> release) {
        Spec {
            command = List.copyOf(command);
        }
    }

    private final Spec spec;
    private final Hooks hooks;
    private final Consumer<String> log;
    private final Object lock = new Object();
    private final Duration firstDelay;
    private Process process;
    private boolean stopping;
    private Thread thread;

    Supervised(Spec spec, Hooks hooks, Consumer<String> log) {
        this(spec, hooks, log, FIRST_DELAY);
    }

    Supervised(Spec spec, Hooks hooks, Consumer<String> log, Duration firstDelay) {
        this.spec = spec;
        this.hooks = hooks;
        this.log = log;
        this.firstDelay = firstDelay;
    }

    Spec spec() {
        return spec;
    }

    void start() {
        thread = Thread.ofPlatform()
                .daemon()
                .name("flywall-client-" + spec.name().replace(' ', '-'))
                .start(this::loop);
    }

    private void loop() {
        Duration delay = firstDelay;
        while (true) {
            long started = System.nanoTime();
            Optional<Integer> exit = runOnce();
            Duration ran = Duration.ofNanos(System.nanoTime() - started);
            synchronized (lock) {
                if (stopping) {
                    return;
                }
            }
            hooks.exited();
            synchronized (lock) {
                if (stopping) {
                    return;
                }
                delay = ran.compareTo(HEALTHY_RUN) >= 0 ? firstDelay : delay;
                log.accept(spec.name() + " "
                        + exit.map(code -> "exited with status " + code + " after " + seconds(ran))
                                .orElse("could not start")
                        + "; restarting in " + seconds(delay));
                try {
                    lock.wait(delay.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                if (stopping) {
                    return;
                }
            }
            delay = delay.multipliedBy(2).compareTo(LAST_DELAY) > 0 ? LAST_DELAY : delay.multipliedBy(2);
        }
    }

    /** Runs the client until it exits; its exit status, or empty when it could not be started. */
    private Optional<Integer> runOnce() {
        Process p;
        try {
            endStale();
            hooks.beforeStart();
            synchronized (lock) {
                if (stopping) {
                    return Optional.empty();
                }
                p = new ProcessBuilder(spec.command()).redirectErrorStream(true).start();
                process = p;
            }
            writePid(p.pid());
        } catch (IOException e) {
            log.accept("cannot start " + spec.name() + ": " + e.getMessage());
            return Optional.empty();
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    log.accept(spec.name() + ": " + line.strip());
                }
            }
        } catch (IOException e) {
            // the pipe closed: the process is ending
        }
        try {
            return Optional.of(p.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(-1);
        }
    }

    /** The program writes its own pid file (dhclient -pf); for one that does not, the daemon does. */
    private void writePid(long pid) throws IOException {
        if (!spec.program().equals("dhclient")) {
            Files.writeString(spec.pidFile(), pid + "\n", StandardCharsets.UTF_8);
        }
    }

    /** Ends a client of this pid file that outlived its daemon (kill -9, a crash). */
    private void endStale() {
        Optional<ProcessHandle> stale = staleProcess(spec.pidFile(), spec.program());
        if (stale.isPresent()) {
            log.accept("ending " + spec.name() + " (pid " + stale.get().pid() + ") left running by an earlier daemon");
            stale.get().destroy();
            try {
                stale.get().onExit().get(STOP_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                stale.get().destroyForcibly();
            }
        }
    }

    /** The live process a pid file names, when it is that program with that pid file on its command line. */
    static Optional<ProcessHandle> staleProcess(Path pidFile, String program) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            if (pid == ProcessHandle.current().pid()) {
                return Optional.empty();
            }
            String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
            // ours: the program, with files of this state directory on its command line (its pid
            // file, or pppd's options files)
            Path stateDir = pidFile.toAbsolutePath().getParent().getParent();
            if (!cmdline.contains(program) || !cmdline.contains(stateDir.toString())) {
                return Optional.empty();
            }
            return ProcessHandle.of(pid);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Stops the client and waits for it: by its {@code release} command when {@code release} is
     * asked and the spec has one (the client then undoes what it configured), otherwise by SIGTERM
     * (dhclient then exits leaving the address and the lease file as they are), SIGKILL after 5 s.
     */
    void stop(boolean release) {
        Process p;
        synchronized (lock) {
            stopping = true;
            lock.notifyAll();
            p = process;
        }
        if (p != null && p.isAlive()) {
            if (release && spec.release().isPresent()) {
                runRelease(spec.release().get());
            }
            p.destroy();
            try {
                if (!p.waitFor(STOP_PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.accept(spec.name() + " did not stop within " + seconds(STOP_PATIENCE) + "; killing it");
                    p.destroyForcibly();
                    p.waitFor(STOP_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (thread != null) {
            try {
                thread.join(STOP_PATIENCE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        hooks.afterStop();
    }

    private void runRelease(List<String> command) {
        try {
            Process r = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!r.waitFor(STOP_PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                r.destroyForcibly();
                log.accept(spec.name() + ": the release did not finish within " + seconds(STOP_PATIENCE));
            }
        } catch (IOException e) {
            log.accept(spec.name() + ": cannot release: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The running client's pid (to signal it), or empty between two runs. */
    Optional<Long> pid() {
        synchronized (lock) {
            return process != null && process.isAlive() ? Optional.of(process.pid()) : Optional.empty();
        }
    }

    /** Whether the client runs now. */
    boolean running() {
        synchronized (lock) {
            return process != null && process.isAlive();
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0
                ? d.toSeconds() + " s"
                : String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
