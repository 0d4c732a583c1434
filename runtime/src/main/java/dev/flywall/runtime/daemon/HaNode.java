package dev.flywall.runtime.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywall.bundle.EventKind;
import dev.flywall.bundle.WatchdogFile;
import dev.flywall.render.HaFiles;
import dev.flywall.runtime.apply.Kernel;
import dev.flywall.runtime.engine.HaRole;
import dev.flywall.runtime.engine.Status;
import dev.flywall.runtime.history.History;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The daemon's side of an HA pair, on its engine thread: the node's role ({@link HaRole}) and
 * what each change of it does. keepalived starts only once the node is ready ({@link #gate}: every
 * uplink decided by its probes and conntrackd listening, at most {@link #READY_WITHIN} after the
 * start), so a node that
 * comes back never takes the addresses before it knows its uplinks and has the peer's
 * connections. Each change is one decision, in the order of conntrack-tools'
 * {@code primary-backup.sh}:
 *
 * <ul>
 *   <li>to master: {@code conntrackd -c} (the peer's connections into the kernel), {@code -f},
 *       {@code -R}, {@code -B}; then the committed connections of an uplink that is down here are
 *       deleted, as a failover would ({@code commit_ms}, {@code flushed_UPLINK} in the event);
 *   <li>to backup: {@code -t} (the kernel's timers shortened), {@code -n} (a resync requested);
 *   <li>to fault: {@code -t}.
 * </ul>
 *
 * A failure of a command is logged and in the event's details; the role changes all the same
 * (keepalived has moved the addresses already).
 */
final class HaNode implements AutoCloseable {

    /** How long keepalived waits at most for the uplinks to be decided. */
    static final Duration READY_WITHIN = Duration.ofSeconds(30);

    private static final Duration LISTEN_WITHIN = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a change of role needs of the daemon. */
    interface Daemon {
        /** Deletes the connections of every uplink that is down on this node; the counts by {@code flushed_UPLINK}. */
        Map<String, Object> flushUnusable() throws InterruptedException;

        /** Whether every uplink has been decided by its probes. */
        boolean uplinksDecided();

        /** Records an event (history, notifications, log line). */
        void record(History.Event event);

        /** Publishes the status. */
        void publish();

        /** Runs work on the engine thread. */
        void post(Runnable work);
    }

    private final HaProcesses processes;
    private final Daemon daemon;
    private final Clock clock;
    private final Consumer<String> log;
    private Optional<WatchdogFile.Ha> ha = Optional.empty();
    private HaRole role;
    private Instant configuredAt;

    HaNode(Path stateDir, Optional<String> netns, Daemon daemon, Clock clock, Consumer<String> log) {
        this.daemon = daemon;
        this.clock = clock;
        this.log = log;
        this.processes = new HaProcesses(
                stateDir,
                netns,
                line -> daemon.post(() -> follow(line)),
                () -> daemon.post(this::keepalivedExited),
                log);
    }

    /**
     * Whether the files of {@code ha} can be rendered for this state directory (its path must be
     * one word for both tools); an {@link IOException} says why not. Nothing is written.
     */
    static void check(Optional<WatchdogFile.Ha> ha, Path stateDir) throws IOException {
        if (ha.isEmpty()) {
            return;
        }
        Path runDir = HaProcesses.runDir(stateDir);
        try {
            HaFiles.keepalived(ha.get(), runDir);
            HaFiles.conntrackd(ha.get(), runDir);
        } catch (IllegalArgumentException e) {
            throw new IOException("ha: " + e.getMessage(), e);
        }
    }

    /**
     * Brings the node in line with a bundle's {@code ha} (at start and on every reload): renders
     * and starts, re-renders and reloads what changed, or stops everything when the pair is gone.
     */
    void configure(Optional<WatchdogFile.Ha> next) throws IOException {
        if (next.isEmpty()) {
            if (ha.isPresent()) {
                log.accept("ha: the bundle has no ha block any more: stopping keepalived and conntrackd");
                processes.close();
                role = null;
            }
            ha = next;
            return;
        }
        Instant now = clock.instant();
        if (role == null) {
            role = new HaRole(next.get(), now);
            configuredAt = now;
        } else {
            role = role.following(next.get());
        }
        ha = next;
        if (processes.configure(next.get())) {
            resyncOnceListening();
        }
        if (!processes.keepalivedStarted()) {
            log.accept("ha: keepalived starts once every uplink is decided by its probes and conntrackd"
                    + " listens (at most " + READY_WITHIN.toSeconds() + " s); following " + role.follows());
        }
    }

    /**
     * Engine thread, between tasks: starts keepalived once the node is ready (every uplink decided,
     * conntrackd listening, so its role changes find conntrackd), or {@link #READY_WITHIN} passed.
     */
    void gate(Instant now) {
        if (ha.isEmpty() || processes.keepalivedStarted()) {
            return;
        }
        boolean decided = daemon.uplinksDecided();
        boolean listens = processes.conntrackdListens();
        if (!(decided && listens) && now.isBefore(configuredAt.plus(READY_WITHIN))) {
            return;
        }
        long waited = Duration.between(configuredAt, now).toMillis();
        List<String> missing = new java.util.ArrayList<>();
        if (!decided) {
            missing.add("an uplink is not decided yet");
        }
        if (!listens) {
            missing.add("conntrackd does not listen");
        }
        log.accept(
                missing.isEmpty()
                        ? "ha: every uplink is decided and conntrackd listens (after " + waited
                                + " ms): starting keepalived"
                        : "ha: the node is not ready after " + READY_WITHIN.toSeconds() + " s ("
                                + String.join(", ", missing) + "): starting keepalived all the same");
        processes.startKeepalived();
        daemon.publish();
    }

    /** conntrackd asks the peer for its connections once it listens (a thread of its own: it may take a while). */
    private void resyncOnceListening() {
        Thread.ofVirtual().name("flywall-ha-resync").start(() -> {
            try {
                long until = System.nanoTime() + LISTEN_WITHIN.toNanos();
                while (!processes.conntrackdListens() && System.nanoTime() < until) {
                    Thread.sleep(20);
                }
                Kernel.Result r = processes.conntrackdCommand("-n");
                log.accept(
                        r.ok()
                                ? "ha: conntrackd runs; asked the peer for its connections (conntrackd -n)"
                                : "ha: conntrackd -n failed: " + message(r));
            } catch (IOException e) {
                log.accept("ha: conntrackd -n failed: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Whether a failover on this node deletes the failed uplink's connections: not while the peer carries the traffic. */
    boolean flushesOnFailover() {
        return role == null || role.role() == HaRole.Role.MASTER;
    }

    /** The node's status, empty when the gateway stands alone. */
    Optional<Status.HaStatus> status() {
        if (ha.isEmpty() || role == null) {
            return Optional.empty();
        }
        WatchdogFile.Ha h = ha.get();
        return Optional.of(new Status.HaStatus(
                role.role().word(),
                role.since(),
                h.priority(),
                h.peer(),
                h.routerId(),
                processes.keepalivedState(),
                processes.conntrackdState(),
                role.transitions()));
    }

    /** A FIFO line, on the engine thread. */
    void follow(HaRole.Line line) {
        if (role == null) {
            return;
        }
        long started = System.nanoTime();
        role.follow(line, clock.instant()).ifPresent(change -> {
            try {
                carryOut(change, started);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private void keepalivedExited() {
        if (role != null) {
            role.reset(clock.instant(), "keepalived exited").ifPresent(c -> {
                log.accept("ha: keepalived exited; the role is init until it reports again");
                daemon.publish();
            });
        }
    }

    private void carryOut(HaRole.Change change, long started) throws InterruptedException {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("from", change.from().word());
        details.put("line", change.line());
        if (change.to() == HaRole.Role.INIT) {
            log.accept("ha: keepalived stopped (" + change.line() + "); the role is init");
            daemon.publish();
            return;
        }
        EventKind kind = switch (change.to()) {
            case MASTER -> {
                long commit = System.nanoTime();
                run("-c", details);
                details.put("commit_ms", millis(commit));
                run("-f", details);
                run("-R", details);
                run("-B", details);
                details.putAll(daemon.flushUnusable());
                yield EventKind.HA_MASTER;
            }
            case BACKUP -> {
                run("-t", details);
                run("-n", details);
                yield EventKind.HA_BACKUP;
            }
            case FAULT -> {
                run("-t", details);
                yield EventKind.HA_FAULT;
            }
            case INIT -> throw new IllegalStateException("handled above");
        };
        details.put("took_ms", millis(started));
        WatchdogFile.Ha h = ha.orElseThrow();
        details.put("priority", h.priority());
        details.put("peer", h.peer());
        String reason =
                "keepalived: " + change.line() + " (was " + change.from().word() + ")";
        daemon.record(new History.Event(change.at(), kind.word(), null, null, null, reason, json(details)));
        daemon.publish();
    }

    /** One conntrackd client command; a failure goes to the log and to the event's details. */
    private void run(String option, Map<String, Object> details) throws InterruptedException {
        try {
            Kernel.Result r = processes.conntrackdCommand(option);
            if (!r.ok()) {
                String why = message(r);
                log.accept("ha: conntrackd " + option + " failed: " + why);
                details.put("conntrackd" + option, why);
            }
        } catch (IOException e) {
            log.accept("ha: conntrackd " + option + " failed: " + e.getMessage());
            details.put("conntrackd" + option, e.getMessage());
        }
    }

    /** conntrackd's own words, without its time stamp and pid prefix. */
    static String message(Kernel.Result r) {
        String text = (r.err() + "\n" + r.out()).strip();
        List<String> lines = text.lines()
                .map(l -> l.replaceFirst("^\\[[^]]*] \\(pid=\\d+\\) ", "").strip())
                .filter(l -> !l.isEmpty() && !l.startsWith("[warning]"))
                .toList();
        return lines.isEmpty() ? "exit " + r.exitCode() : String.join("; ", lines);
    }

    private static double millis(long since) {
        return Math.round((System.nanoTime() - since) / 1e5) / 10.0;
    }

    private static String json(Map<String, Object> details) {
        try {
            return JSON.writeValueAsString(details);
        } catch (IOException e) {
            return "{}";
        }
    }

    /**
     * Stops keepalived and conntrackd for good; the engine, which still runs, starts nothing after
     * this (a readiness gate passing now would otherwise start a keepalived nobody stops).
     */
    @Override
    public void close() {
        processes.shutDown();
    }
}
