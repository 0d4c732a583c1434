package dev.flywall.runtime.daemon;

import dev.flywall.bundle.WatchdogFile;
import dev.flywall.render.HaFiles;
import dev.flywall.runtime.apply.Kernel;
import dev.flywall.runtime.engine.HaRole;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The processes of an HA node, under the daemon: {@code conntrackd} (the connection sync, FTFW on
 * the sync link) and {@code keepalived} (VRRP only), each in the foreground and supervised
 * ({@link Supervised}: its output in the daemon's log, restarted with back-off, ended on SIGTERM),
 * and the reader of keepalived's notify FIFO. Their files are the daemon's own copies, rendered
 * by {@link HaFiles} into {@code STATE/run/ha/} (mode 0700) at start and on every reload: the
 * configuration files, the FIFO, conntrackd's control socket and lock, the pid files.
 *
 * <p>Nothing here decides anything: the FIFO's lines go to a consumer (the daemon posts them to
 * its engine thread), and keepalived is started when the caller says the node is ready.
 */
final class HaProcesses implements AutoCloseable {

    static final String KEEPALIVED_CONF = "keepalived.conf";
    static final String CONNTRACKD_CONF = "conntrackd.conf";
    /** How long a conntrackd client command may take. */
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(5);

    private final Path runDir;
    private final Optional<String> netns;
    private final Kernel client;
    private final Consumer<HaRole.Line> lines;
    private final Runnable keepalivedExited;
    private final Consumer<String> log;
    private String keepalivedText;
    private String conntrackdText;
    private Supervised conntrackd;
    private Supervised keepalived;
    private FifoReader reader;
    /** The daemon is stopping: nothing starts any more (the engine may still ask while it finishes). */
    private boolean shutDown;

    /**
     * {@code lines}: each transition line keepalived writes (on the reader's thread);
     * {@code keepalivedExited}: keepalived ended by itself (on its supervisor's thread).
     */
    HaProcesses(
            Path stateDir,
            Optional<String> netns,
            Consumer<HaRole.Line> lines,
            Runnable keepalivedExited,
            Consumer<String> log) {
        this.runDir = runDir(stateDir);
        this.netns = netns;
        this.client = new Kernel(netns, CLIENT_TIMEOUT);
        this.lines = lines;
        this.keepalivedExited = keepalivedExited;
        this.log = log;
    }

    /** {@code STATE/run/ha}. */
    static Path runDir(Path stateDir) {
        return stateDir.resolve("run").resolve("ha");
    }

    /**
     * Writes both files for {@code ha} and brings the processes in line: at the first call the
     * FIFO and its reader, and conntrackd started; later (a reload) conntrackd restarted when its
     * file changed and keepalived, when it runs, told to re-read its changed file (SIGHUP). Returns
     * whether conntrackd was (re)started, so the caller asks it for a resync once it listens.
     */
    synchronized boolean configure(WatchdogFile.Ha ha) throws IOException {
        if (shutDown) {
            return false;
        }
        ensureRunDir();
        String k = HaFiles.keepalived(ha, runDir);
        String c = HaFiles.conntrackd(ha, runDir);
        Files.writeString(runDir.resolve(KEEPALIVED_CONF), k, StandardCharsets.UTF_8);
        Files.writeString(runDir.resolve(CONNTRACKD_CONF), c, StandardCharsets.UTF_8);
        if (reader == null) {
            endStaleKeepalived();
            makeFifo(HaFiles.notifyFifo(runDir));
            reader = new FifoReader(HaFiles.notifyFifo(runDir));
            reader.start();
        }
        boolean keepalivedChanged = keepalivedText != null && !k.equals(keepalivedText);
        boolean conntrackdChanged = conntrackdText != null && !c.equals(conntrackdText);
        keepalivedText = k;
        conntrackdText = c;
        if (keepalivedChanged && keepalived != null) {
            reloadKeepalived();
        }
        if (conntrackd != null && !conntrackdChanged) {
            return false;
        }
        if (conntrackd != null) {
            log.accept("ha: restarting conntrackd (its configuration changed)");
            conntrackd.stop(false);
        }
        conntrackd = new Supervised(conntrackdSpec(), conntrackdHooks(), log);
        log.accept("ha: starting conntrackd (sync with " + ha.peer() + " on " + ha.syncDevice() + ")");
        conntrackd.start();
        return true;
    }

    /** Starts keepalived (once the node is ready); nothing when it runs already. */
    synchronized void startKeepalived() {
        if (keepalived != null || shutDown) {
            return;
        }
        Path conf = runDir.resolve(KEEPALIVED_CONF);
        List<String> command = inNamespace(List.of(
                "keepalived",
                "-n",
                "-l",
                "-P",
                "-f",
                conf.toString(),
                "-p",
                runDir.resolve("keepalived.main.pid").toString(),
                "-r",
                runDir.resolve("keepalived.vrrp.pid").toString()));
        Supervised.Hooks hooks = new Supervised.Hooks() {
            @Override
            public void beforeStart() {}

            @Override
            public void afterStop() {}

            @Override
            public void exited() {
                keepalivedExited.run();
            }
        };
        keepalived = new Supervised(
                new Supervised.Spec(
                        "keepalived", command, "keepalived", runDir.resolve("keepalived.pid"), Optional.empty()),
                hooks,
                log);
        keepalived.start();
    }

    /** Whether keepalived was started (or nothing may start any more). */
    synchronized boolean keepalivedStarted() {
        return keepalived != null || shutDown;
    }

    /** {@code running}, {@code restarting} (between two runs), or {@code waiting} (not started yet). */
    synchronized String keepalivedState() {
        return keepalived == null ? "waiting" : keepalived.running() ? "running" : "restarting";
    }

    synchronized String conntrackdState() {
        return conntrackd == null ? "stopped" : conntrackd.running() ? "running" : "restarting";
    }

    /** Whether conntrackd's control socket exists (it listens once it is there). */
    boolean conntrackdListens() {
        return Files.exists(HaFiles.conntrackdSocket(runDir), LinkOption.NOFOLLOW_LINKS);
    }

    /** One conntrackd client command ({@code -c}, {@code -n}, …) against the running conntrackd. */
    Kernel.Result conntrackdCommand(String option) throws IOException, InterruptedException {
        return client.run(
                "", "conntrackd", "-C", runDir.resolve(CONNTRACKD_CONF).toString(), option);
    }

    /**
     * A keepalived left running by a daemon that was killed holds the addresses, and its
     * supervisor ends it only once the node is ready: it goes now, so the peer takes over at once
     * and this node takes them back only when ready.
     */
    private void endStaleKeepalived() {
        Optional<ProcessHandle> stale = Supervised.staleProcess(runDir.resolve("keepalived.pid"), "keepalived");
        if (stale.isEmpty()) {
            return;
        }
        log.accept("ha: ending keepalived (pid " + stale.get().pid() + ") left running by an earlier daemon");
        stale.get().destroy();
        try {
            stale.get().onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            stale.get().destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void reloadKeepalived() {
        Optional<Long> pid = keepalived.pid();
        if (pid.isEmpty()) {
            return; // it is being restarted: it reads the new file then
        }
        log.accept("ha: keepalived re-reads its configuration (it changed)");
        try {
            dev.flywall.runtime.apply.DaemonSignal.hangup(pid.get())
                    .ifPresent(why -> log.accept("ha: could not signal keepalived: " + why));
        } catch (IOException e) {
            log.accept("ha: could not signal keepalived: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Supervised.Spec conntrackdSpec() {
        List<String> command = inNamespace(
                List.of("conntrackd", "-C", runDir.resolve(CONNTRACKD_CONF).toString()));
        return new Supervised.Spec(
                "conntrackd", command, "conntrackd", runDir.resolve("conntrackd.pid"), Optional.empty());
    }

    /** A conntrackd killed (-9, or with its daemon) leaves its lock and socket: it would refuse to start. */
    private Supervised.Hooks conntrackdHooks() {
        return new Supervised.Hooks() {
            @Override
            public void beforeStart() throws IOException {
                Files.deleteIfExists(HaFiles.conntrackdLock(runDir));
                Files.deleteIfExists(HaFiles.conntrackdSocket(runDir));
            }

            @Override
            public void afterStop() {}
        };
    }

    private List<String> inNamespace(List<String> command) {
        List<String> full = new ArrayList<>();
        netns.ifPresent(ns -> full.addAll(List.of("ip", "netns", "exec", ns)));
        full.addAll(command);
        return full;
    }

    private void ensureRunDir() throws IOException {
        Files.createDirectories(runDir.getParent());
        if (!Files.isDirectory(runDir)) {
            Files.createDirectories(
                    runDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Files.setPosixFilePermissions(runDir, PosixFilePermissions.fromString("rwx------"));
    }

    /** A FIFO at {@code path}: kept when there is one, otherwise whatever is there replaced by one. */
    static void makeFifo(Path path) throws IOException {
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .isOther()) {
                return;
            }
            Files.delete(path);
        }
        Process p = new ProcessBuilder("mkfifo", "-m", "0600", path.toString())
                .redirectErrorStream(true)
                .start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException("mkfifo " + path + ": " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making " + path);
        }
    }

    /**
     * Follows the FIFO on a thread of its own. It holds the FIFO open for reading and writing, so
     * opening never waits for keepalived and keepalived's restarts are no end of file; closing
     * wakes the thread with a line of its own.
     */
    private final class FifoReader {
        private final Path fifo;
        private volatile boolean closing;
        private RandomAccessFile file;
        private Thread thread;

        FifoReader(Path fifo) {
            this.fifo = fifo;
        }

        void start() throws IOException {
            file = new RandomAccessFile(fifo.toFile(), "rw");
            thread = Thread.ofPlatform().daemon().name("flywall-ha-fifo").start(this::loop);
        }

        private void loop() {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(new FileInputStream(file.getFD()), StandardCharsets.UTF_8))) {
                String line;
                while (!closing && (line = r.readLine()) != null) {
                    if (closing) {
                        return;
                    }
                    Optional<HaRole.Line> parsed = HaRole.Line.parse(line);
                    if (parsed.isPresent()) {
                        lines.accept(parsed.get());
                    } else if (!line.isBlank()) {
                        log.accept("ha: ignoring a line of keepalived's FIFO: " + line.strip());
                    }
                }
            } catch (IOException e) {
                if (!closing) {
                    log.accept("ha: reading keepalived's FIFO failed: " + e.getMessage());
                }
            }
        }

        void close() {
            closing = true;
            try {
                new FileOutputStream(file.getFD()).write('\n');
                thread.join(Duration.ofSeconds(2));
                file.close();
            } catch (IOException e) {
                // closing on the way out
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops everything for good: a later {@link #startKeepalived} or {@link #configure} does nothing. */
    synchronized void shutDown() {
        shutDown = true;
        close();
    }

    /**
     * Stops keepalived first (it drops the virtual addresses), then conntrackd, then the reader; a
     * later {@link #configure} starts them again (a bundle that has {@code ha} again).
     */
    @Override
    public synchronized void close() {
        if (keepalived != null) {
            keepalived.stop(false);
            keepalived = null;
        }
        if (conntrackd != null) {
            conntrackd.stop(false);
            conntrackd = null;
        }
        if (reader != null) {
            reader.close();
            reader = null;
        }
        keepalivedText = null;
        conntrackdText = null;
    }
}
