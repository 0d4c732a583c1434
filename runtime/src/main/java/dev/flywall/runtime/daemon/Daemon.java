package dev.flywall.runtime.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywall.bundle.EventKind;
import dev.flywall.runtime.apply.DaemonSignal;
import dev.flywall.runtime.apply.Kernel;
import dev.flywall.runtime.apply.StateDir;
import dev.flywall.runtime.apply.StateLockedException;
import dev.flywall.runtime.engine.DaemonView;
import dev.flywall.runtime.engine.EventLine;
import dev.flywall.runtime.engine.Health;
import dev.flywall.runtime.engine.KernelEffects;
import dev.flywall.runtime.engine.StateMachine;
import dev.flywall.runtime.engine.Status;
import dev.flywall.runtime.history.History;
import dev.flywall.runtime.watchdog.Secrets;
import dev.flywall.runtime.watchdog.WatchdogConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * {@code flywall run}: the watchdog. One engine thread owns the {@link StateMachine}; probe loops
 * (one virtual thread per probed uplink), the link watcher and the API only post work to it.
 * Each decision is carried out at once: the group and route chains are rewritten in one nft
 * transaction, a failed uplink's connections are flushed, the event goes to the history and the
 * notifier, and the state is saved so a restart (even after kill -9) continues where it stopped.
 *
 * <p>The daemon reads the installed bundle ({@code current/} of the state directory), never HCL.
 * {@link #reload()} (SIGHUP, sent by {@code flywall apply}) re-reads it and re-applies the
 * current decisions to the freshly installed table, keeping every uplink's health.
 */
public final class Daemon implements DaemonView, AutoCloseable {

    /** Runs one probe round for an uplink; the daemon's only way to the network. */
    @FunctionalInterface
    public interface Prober {
        List<StateMachine.Sample> round(WatchdogConfig.Uplink uplink, Optional<InetAddress> source,
                WatchdogConfig.HealthCheck check) throws InterruptedException;
    }

    /** Where events go besides the history (the notifier); built per bundle, closed on reload. */
    public interface EventSink extends Consumer<History.Event>, AutoCloseable {
        @Override
        void close();
    }

    /** Builds the event sink of a bundle. */
    @FunctionalInterface
    public interface SinkFactory {
        EventSink create(WatchdogConfig config, Secrets secrets);
    }

    /** How many recent probes per target {@code wan health} shows. */
    static final int HEALTH_WINDOW = 30;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RESYNC = Duration.ofSeconds(15);

    /** Held by the running daemon (not {@code lock}, which {@code flywall apply} takes meanwhile). */
    static final String LOCK_FILE = "daemon.lock";

    private final StateDir stateDir;
    private final Kernel kernel;
    private final Prober prober;
    private final SinkFactory sinks;
    private final Clock clock;
    private final Consumer<String> log;
    private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final AtomicReference<Status> status = new AtomicReference<>();
    private final AtomicReference<Health> health = new AtomicReference<>(new Health(Instant.EPOCH, List.of()));
    private final Map<String, KernelEffects.LinkInfo> links = new ConcurrentHashMap<>();
    private final java.util.Set<String> pendingResync = ConcurrentHashMap.newKeySet();
    private final Map<String, Map<String, Deque<StateMachine.Sample>>> targets = new LinkedHashMap<>();
    private final Map<String, long[]> targetCounts = new LinkedHashMap<>();
    private final Instant startedAt;
    /** The probe loops of the running bundle; replaced on reload (engine thread), stopped by close. */
    private final List<Thread> loops = new ArrayList<>();
    private volatile boolean running = true;
    private volatile int generation;
    private Thread engine;
    private StateDir.Lock lock;
    private Process monitor;
    private Process rulesetMonitor;
    private History history;
    private long historyRecreated;
    private final Map<String, Status.Problem> problems = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final java.util.concurrent.atomic.AtomicBoolean pendingRulesetCheck = new java.util.concurrent.atomic.AtomicBoolean();

    // engine-thread state
    private volatile WatchdogConfig config;
    private StateMachine machine;
    private KernelEffects effects;
    private RulesetGuard ruleset;
    private EventSink sink;
    private boolean kernelDirty;
    private StateMachine.Snapshot saved;
    private Instant nextResync;
    private Instant nextPrune;

    public Daemon(Path stateDir, Kernel kernel, Prober prober, SinkFactory sinks, Clock clock, Consumer<String> log)
            throws IOException {
        this.stateDir = StateDir.open(stateDir);
        this.kernel = kernel;
        this.prober = prober;
        this.sinks = sinks;
        this.clock = clock;
        this.log = log;
        this.startedAt = clock.instant();
    }

    /** The installed bundle's watchdog configuration; an {@link IOException} says what is missing. */
    static Map<String, String> bundle(StateDir dir) throws IOException {
        Map<String, String> files = dir.current().orElseThrow(() -> new IOException("nothing is applied yet: "
                + dir.path().resolve("current") + " does not exist (run flywall apply CONFIG first)"));
        if (!files.containsKey("watchdog.json")) {
            throw new IOException(dir.path().resolve("current/watchdog.json") + " is missing (re-run flywall apply)");
        }
        return files;
    }

    /**
     * Loads the bundle, restores the saved state, brings the kernel in line, and starts the engine,
     * the probe loops and the link watcher. Returns once everything runs.
     */
    public void start() throws IOException, InterruptedException {
        try {
            // two daemons on one state directory would fight over the chains: the second one refuses.
            // The kernel drops the lock with its holder, so a daemon killed with -9 leaves nothing stale.
            lock = stateDir.lock(LOCK_FILE);
        } catch (StateLockedException e) {
            throw new IOException("another flywall run (" + e.holder() + ") is using " + stateDir.path() + "; stop it first");
        }
        try {
            history = History.open(stateDir.path().resolve("history.db"));
        } catch (SQLException e) {
            throw new IOException("cannot open " + stateDir.path().resolve("history.db") + ": " + e.getMessage(), e);
        }
        Map<String, String> files = bundle(stateDir);
        load(files, DaemonState.read(stateDir.path()));
        Files.writeString(stateDir.path().resolve(DaemonSignal.PID_FILE), ProcessHandle.current().pid() + "\n",
                StandardCharsets.UTF_8);
        engine = Thread.ofPlatform().name("flywall-engine").start(this::engineLoop);
        startMonitor();
        rulesetMonitor = RulesetMonitor.start(kernel, config.nft(), this::queueRulesetCheck, log);
        startProbes();
    }

    /** Runs until {@link #close()} is called (SIGTERM). */
    public void await() throws InterruptedException {
        engine.join();
    }

    // ------------------------------------------------------------------ loading

    /** Engine state from a bundle (on start, and on reload inside the engine thread). */
    private void load(Map<String, String> files, Optional<StateMachine.Snapshot> previous)
            throws IOException, InterruptedException {
        WatchdogConfig next = WatchdogConfig.parse(files.get("watchdog.json"));
        Secrets secrets = Secrets.of(files);
        KernelEffects nextEffects = new KernelEffects(kernel, next);
        Instant now = clock.instant();
        StateMachine nextMachine = new StateMachine(next, now);
        for (WatchdogConfig.Uplink u : next.uplinks()) {
            KernelEffects.LinkInfo info = nextEffects.read(u.device());
            links.put(u.name(), info);
            syncRoutes(nextEffects, u, info);
        }
        StateMachine.Decisions sync = nextMachine.restore(previous.orElse(
                new StateMachine.Snapshot(Map.of(), Map.of(), 0)), now);
        // the kernel's carrier wins over what was saved
        for (WatchdogConfig.Uplink u : next.uplinks()) {
            KernelEffects.LinkInfo info = links.get(u.name());
            if (info.exists()) {
                nextMachine.apply(new StateMachine.Link(u.name(), info.up()), now);
            }
        }
        if (sink != null) {
            sink.close();
        }
        config = next;
        machine = nextMachine;
        effects = nextEffects;
        ruleset = new RulesetGuard(kernel, next.nft(), stateDir);
        sink = sinks.create(next, secrets);
        forgetTargetsNotIn(next);
        kernelDirty = true;
        fullSync();
        nextResync = now.plus(RESYNC);
        nextPrune = now;
        persist();
        publish();
        log.accept("watching " + next.uplinks().size() + " uplinks in " + next.groups().size() + " groups (config "
                + next.configHash().substring(0, Math.min(19, next.configHash().length())) + ")"
                + (sync.groups().isEmpty() ? "" : "; active: " + describeActive()));
    }

    private String describeActive() {
        List<String> out = new ArrayList<>();
        config.groups().forEach(g -> out.add(g.name() + "=" + String.join("+", machine.active(g.name()))));
        return String.join(", ", out);
    }

    /**
     * Re-reads the bundle and keeps every uplink's health (SIGHUP, after flywall apply). The result
     * completes once the new bundle runs (then {@link #api()} and {@link #secrets()} are the new
     * ones), or exceptionally when the running configuration was kept.
     */
    public CompletableFuture<Void> reload() {
        CompletableFuture<Void> reloaded = new CompletableFuture<>();
        queue.add(() -> {
            try {
                StateMachine.Snapshot keep = machine.snapshot();
                load(bundle(stateDir), Optional.of(keep));
                generation++;
                restartProbes();
                log.accept("reloaded the bundle");
                reloaded.complete(null);
            } catch (IOException e) {
                log.accept("reload failed, keeping the running configuration: " + e.getMessage());
                reloaded.completeExceptionally(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reloaded.completeExceptionally(e);
            } catch (RuntimeException e) {
                reloaded.completeExceptionally(e);
                throw e;
            }
        });
        return reloaded;
    }

    // ------------------------------------------------------------------ the engine thread

    private void engineLoop() {
        while (running) {
            try {
                Instant now = clock.instant();
                Optional<Instant> deadline = machine.nextDeadline();
                Instant wake = deadline.filter(d -> d.isBefore(nextResync)).orElse(nextResync);
                long waitMs = Math.max(0, Duration.between(now, wake).toMillis());
                Runnable task = queue.poll(Math.min(waitMs, 1000), TimeUnit.MILLISECONDS);
                if (task != null) {
                    task.run();
                }
                now = clock.instant();
                if (deadline.isPresent() && !now.isBefore(deadline.get())) {
                    decide(new StateMachine.Tick());
                }
                if (!now.isBefore(nextResync)) {
                    nextResync = now.plus(RESYNC);
                    for (WatchdogConfig.Uplink u : config.uplinks()) {
                        resync(u);
                    }
                    if (kernelDirty) {
                        fullSync();
                    }
                    guardRuleset();
                    verifyHistory();
                }
                if (!now.isBefore(nextPrune)) {
                    nextPrune = now.plus(Duration.ofHours(1));
                    int pruned = history.prune(config.runtime().historyRetention(), now);
                    if (pruned > 0) {
                        log.accept("history: removed " + pruned + " events older than the retention");
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // one bad input must never stop the watchdog
                log.accept("error: " + e);
            }
        }
    }

    /** Feeds an input to the state machine and carries out its decisions. Engine thread only. */
    private StateMachine.Decisions decide(StateMachine.Input input) throws InterruptedException {
        return decide(input, System.nanoTime());
    }

    /**
     * {@code started}: when the input was known (a probe round's end), so {@code switch_ms} in the
     * event details measures from the last failed probe to the switched chains and flushed conntrack.
     */
    private StateMachine.Decisions decide(StateMachine.Input input, long started) throws InterruptedException {
        Instant now = clock.instant();
        StateMachine.Decisions d = machine.apply(input, now);
        if (input instanceof StateMachine.Round r) {
            remember(r);
        }
        if (d.isEmpty()) {
            if (input instanceof StateMachine.Round) {
                // "unknown -> up" is no event, but the saved state must know it
                if (!machine.snapshot().equals(saved)) {
                    persist();
                }
                publish();
            }
            return d;
        }
        Map<String, Object> effectsDone = new LinkedHashMap<>();
        try {
            switchChains(d.groups(), d.routes());
        } catch (IOException e) {
            kernelDirty = true;
            log.accept("could not switch (will retry): " + e.getMessage());
        }
        for (String uplink : d.flush()) {
            try {
                int n = effects.flush(uplink);
                effectsDone.put("flushed_" + uplink, n);
            } catch (IOException e) {
                log.accept("could not flush the connections of " + uplink + ": " + e.getMessage());
            }
        }
        double switchMs = (System.nanoTime() - started) / 1e6;
        for (StateMachine.Event e : d.events()) {
            Map<String, Object> details = new LinkedHashMap<>(e.details());
            if (e.kind().isSwitch()) {
                details.put("switch_ms", Math.round(switchMs * 10) / 10.0);
                details.putAll(effectsDone);
            }
            record(new History.Event(e.at(), e.kind().word(), e.group(), e.from(), e.to(), e.reason(), json(details)));
        }
        persist();
        publish();
        return d;
    }

    private void record(History.Event e) {
        log.accept(EventLine.of(e));
        try {
            history.record(e);
        } catch (SQLException x) {
            log.accept("could not record the event in history.db (kept in memory): " + x.getMessage());
        }
        sink.accept(e);
        watchHistory();
    }

    /**
     * Says loudly when history.db stops or resumes taking events, or was recreated after being
     * deleted: a log line, the status's problems, and an event to the notifications (history_broken
     * cannot go to the history it is about; history_restored does, after the events it kept).
     */
    private void watchHistory() {
        History.WriteState w = history.writeState();
        if (w.recreated() > historyRecreated) {
            historyRecreated = w.recreated();
            log.accept("history.db was deleted while the daemon ran; recreated it with every event it held");
        }
        if (w.problem().isPresent()) {
            if (problems.put("history", new Status.Problem("history", w.problem().get())) == null) {
                History.Event broken = gatewayEvent(EventKind.HISTORY_BROKEN, "events cannot be written to history.db: "
                        + w.problem().get() + "; they are kept in memory until it works again");
                publish();
                log.accept(EventLine.of(broken));
                sink.accept(broken);
            }
        } else if (problems.remove("history") != null) {
            record(gatewayEvent(EventKind.HISTORY_RESTORED, "history.db takes events again; the ones kept in memory are written"));
            publish();
        }
    }

    /** The periodic check: follows a deleted history.db and retries the events kept in memory. */
    private void verifyHistory() {
        try {
            history.verify();
        } catch (SQLException e) {
            // reported by watchHistory
        }
        watchHistory();
    }

    private static String json(Map<String, Object> details) {
        try {
            return JSON.writeValueAsString(details);
        } catch (IOException e) {
            return "{}";
        }
    }

    /** Rewrites every group and route chain to the current decisions (after apply, or a failed switch). */
    private void fullSync() throws InterruptedException {
        try {
            switchAll();
            kernelDirty = false;
        } catch (IOException e) {
            log.accept("could not bring the kernel in line (will retry): " + e.getMessage());
        }
    }

    private void switchAll() throws IOException, InterruptedException {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        config.groups().forEach(g -> groups.put(g.name(), machine.active(g.name())));
        Map<String, StateMachine.RouteTarget> routes = new LinkedHashMap<>();
        config.routes().forEach(r -> routes.put(r.name(), machine.route(r.name())));
        switchChains(groups, routes);
    }

    /** Switches chains, then takes the resulting table as the daemon's own for {@link RulesetGuard}. */
    private void switchChains(Map<String, List<String>> groups, Map<String, StateMachine.RouteTarget> routes)
            throws IOException, InterruptedException {
        effects.switchChains(groups, routes);
        ruleset.remember();
    }

    private void queueRulesetCheck() {
        if (pendingRulesetCheck.compareAndSet(false, true)) {
            queue.add(() -> {
                pendingRulesetCheck.set(false);
                try {
                    guardRuleset();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    /**
     * Checks that the applied table is still in the kernel as the daemon left it, restoring it (and
     * the decisions) when not; says so in the history, the notifications and the status, and
     * reports the gateway as broken when the table cannot be restored. Engine thread only.
     */
    private void guardRuleset() throws InterruptedException {
        RulesetGuard.Outcome o = ruleset.check(stateDir, config.configHash(), this::switchAll);
        switch (o.verdict()) {
            case INTACT -> {
                if (problems.remove("ruleset") != null) {
                    record(gatewayEvent(EventKind.RULESET_RESTORED, ruleset.name() + " is intact again"));
                    publish();
                }
            }
            case RESTORED -> {
                problems.remove("ruleset");
                kernelDirty = false;
                record(gatewayEvent(EventKind.RULESET_RESTORED, o.reason()));
                publish();
            }
            case DEFERRED -> log.accept(o.reason() + "; checking again later");
            case NEWER_BUNDLE -> {
                log.accept(o.reason() + "; loading it");
                reload();
            }
            case BROKEN -> {
                boolean first = problems.put("ruleset", new Status.Problem("ruleset", o.reason())) == null;
                publish(); // the status says it before the notification goes out
                if (first) {
                    record(gatewayEvent(EventKind.RULESET_BROKEN, o.reason()));
                } else {
                    log.accept(o.reason());
                }
            }
        }
    }

    private History.Event gatewayEvent(EventKind kind, String reason) {
        return new History.Event(clock.instant(), kind.word(), null, null, null, reason, "{}");
    }

    private void persist() {
        try {
            saved = machine.snapshot();
            DaemonState.write(stateDir.path(), saved);
        } catch (IOException e) {
            log.accept("could not save " + DaemonState.FILE + ": " + e.getMessage());
        }
    }

    /** Drops the recent probes and counts of uplinks and targets the new bundle no longer probes. */
    private void forgetTargetsNotIn(WatchdogConfig next) {
        synchronized (targets) {
            java.util.Set<String> keys = new java.util.HashSet<>();
            for (WatchdogConfig.Uplink u : next.uplinks()) {
                List<String> probed = next.healthCheck(u.name()).map(WatchdogConfig.HealthCheck::probeTargets).orElse(List.of());
                probed.forEach(t -> keys.add(u.name() + " " + t));
                Map<String, Deque<StateMachine.Sample>> byTarget = targets.get(u.name());
                if (byTarget != null) {
                    byTarget.keySet().retainAll(probed);
                }
            }
            targets.keySet().retainAll(next.uplinks().stream().map(WatchdogConfig.Uplink::name).toList());
            targetCounts.keySet().retainAll(keys);
        }
    }

    /** Probes and failed probes counted per "uplink target" since the daemon started; tests only. */
    Map<String, long[]> targetCounts() {
        synchronized (targets) {
            Map<String, long[]> copy = new LinkedHashMap<>();
            targetCounts.forEach((k, v) -> copy.put(k, v.clone()));
            return copy;
        }
    }

    private void remember(StateMachine.Round r) {
        synchronized (targets) {
            Map<String, Deque<StateMachine.Sample>> byTarget = targets.computeIfAbsent(r.uplink(), k -> new LinkedHashMap<>());
            for (StateMachine.Sample s : r.samples()) {
                Deque<StateMachine.Sample> recent = byTarget.computeIfAbsent(s.target(), k -> new ArrayDeque<>());
                recent.addLast(s);
                while (recent.size() > HEALTH_WINDOW) {
                    recent.removeFirst();
                }
                long[] counts = targetCounts.computeIfAbsent(r.uplink() + " " + s.target(), k -> new long[2]);
                counts[0]++;
                if (!s.ok()) {
                    counts[1]++;
                }
            }
        }
    }

    private void publish() {
        Instant now = clock.instant();
        Map<String, String> addresses = new LinkedHashMap<>();
        Map<String, String> gateways = new LinkedHashMap<>();
        links.forEach((name, info) -> {
            info.address().ifPresent(a -> addresses.put(name, a.getHostAddress()));
            info.gateway().ifPresent(g -> gateways.put(name, g.getHostAddress()));
        });
        status.set(machine.status(now, startedAt, addresses, gateways).withProblems(List.copyOf(problems.values())));
        List<Health.Target> list = new ArrayList<>();
        synchronized (targets) {
            for (WatchdogConfig.Uplink u : config.uplinks()) {
                Optional<WatchdogConfig.HealthCheck> check = config.healthCheck(u.name());
                if (check.isEmpty()) {
                    continue;
                }
                Map<String, Deque<StateMachine.Sample>> byTarget = targets.getOrDefault(u.name(), Map.of());
                for (String t : check.get().probeTargets()) {
                    Deque<StateMachine.Sample> recent = byTarget.getOrDefault(t, new ArrayDeque<>());
                    long[] counts = targetCounts.getOrDefault(u.name() + " " + t, new long[2]);
                    StateMachine.Sample last = recent.peekLast();
                    List<Optional<Double>> rtts = recent.stream()
                            .map(s -> s.rtt().map(d -> Math.round(d.toNanos() / 1e4) / 100.0)).toList();
                    double loss = recent.isEmpty() ? 0 : 100.0 * recent.stream().filter(s -> !s.ok()).count() / recent.size();
                    list.add(new Health.Target(u.name(), check.get().type(), t, last != null && last.ok(),
                            last == null ? Optional.empty() : last.error(), rtts, loss, counts[0], counts[1]));
                }
            }
        }
        health.set(new Health(now, list));
    }

    // ------------------------------------------------------------------ probes

    private void startProbes() {
        synchronized (loops) {
            if (!running) {
                return; // closed meanwhile: close() has stopped the loops it saw and must not miss new ones
            }
            int gen = generation;
            WatchdogConfig c = config;
            for (WatchdogConfig.Uplink u : c.uplinks()) {
                Optional<WatchdogConfig.HealthCheck> check = c.healthCheck(u.name());
                check.ifPresent(hc -> loops.add(Thread.ofVirtual().name("probe-" + u.name()).start(() -> probeLoop(u, hc, gen))));
            }
        }
    }

    private void restartProbes() {
        stopProbes();
        startProbes();
    }

    private void stopProbes() {
        synchronized (loops) {
            loops.forEach(Thread::interrupt);
            loops.clear();
        }
    }

    /** Rounds at a fixed rate; a round that overruns its interval starts the next one at once. */
    private void probeLoop(WatchdogConfig.Uplink u, WatchdogConfig.HealthCheck check, int gen) {
        long next = System.nanoTime();
        while (running && generation == gen) {
            try {
                KernelEffects.LinkInfo info = links.get(u.name());
                List<StateMachine.Sample> samples = prober.round(u, info == null ? Optional.empty() : info.address(), check);
                long finished = System.nanoTime();
                if (generation != gen) {
                    return;
                }
                queue.add(() -> {
                    try {
                        if (generation == gen) {
                            decide(new StateMachine.Round(u.name(), samples), finished);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                next += check.interval().toNanos();
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(Duration.ofNanos(sleep));
                } else {
                    next = System.nanoTime();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.accept("probe of " + u.name() + " failed: " + e);
                try {
                    Thread.sleep(check.interval());
                } catch (InterruptedException x) {
                    return;
                }
            }
        }
    }

    // ------------------------------------------------------------------ links

    /**
     * One long-lived {@code ip -o monitor link address route}: any line naming a WAN device makes
     * the engine re-read that device (carrier, address, gateway). A periodic resync covers missed
     * lines.
     */
    private void startMonitor() throws IOException {
        List<String> command = new ArrayList<>();
        kernel.netns().ifPresent(ns -> command.addAll(List.of("ip", "netns", "exec", ns)));
        command.addAll(List.of("ip", "-o", "monitor", "link", "address", "route"));
        monitor = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Thread.ofPlatform().daemon().name("flywall-link-monitor").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(monitor.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    // "3: eth0@peth0: <NO-CARRIER,...>", "... dev eth0 ...": the device as a word
                    String text = " " + line.replace(':', ' ').replace('@', ' ') + " ";
                    for (WatchdogConfig.Uplink u : config.uplinks()) {
                        // one carrier change prints several lines (link, addresses, routes): one re-read
                        if (text.contains(" " + u.device() + " ") && pendingResync.add(u.name())) {
                            queue.add(() -> {
                                pendingResync.remove(u.name());
                                config.uplink(u.name()).ifPresent(this::resync);
                            });
                        }
                    }
                }
            } catch (IOException e) {
                if (running) {
                    log.accept("the link monitor stopped: " + e.getMessage() + "; relying on the periodic resync");
                }
            }
        });
    }

    /** Re-reads an uplink from the kernel; engine thread only. */
    private void resync(WatchdogConfig.Uplink u) {
        try {
            KernelEffects.LinkInfo info = effects.read(u.device());
            KernelEffects.LinkInfo before = links.put(u.name(), info);
            if (info.exists() && (before == null || before.up() != info.up() || !before.exists())) {
                decide(new StateMachine.Link(u.name(), info.up()));
            }
            if (before == null || !before.equals(info)) {
                syncRoutes(effects, u, info);
                publish();
            }
        } catch (IOException e) {
            log.accept("could not read " + u.device() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void syncRoutes(KernelEffects fx, WatchdogConfig.Uplink u, KernelEffects.LinkInfo info)
            throws InterruptedException {
        try {
            fx.syncRoutes(u, info);
        } catch (IOException e) {
            log.accept(e.getMessage());
        }
    }

    // ------------------------------------------------------------------ the view (API threads)

    @Override
    public Status status() {
        return status.get();
    }

    @Override
    public Health health() {
        return health.get();
    }

    @Override
    public void pin(String group, String uplink) {
        call(() -> decide(new StateMachine.Pin(group, uplink)));
    }

    @Override
    public void unpin(String group) {
        call(() -> decide(new StateMachine.Unpin(group)));
    }

    @Override
    public void failback(String group) {
        call(() -> decide(new StateMachine.Failback(group)));
    }

    private interface EngineCall {
        void run() throws InterruptedException;
    }

    /** Runs on the engine thread and waits for it; the state machine's refusals come back as they are. */
    private void call(EngineCall work) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(() -> {
            try {
                work.run();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalStateException("the engine failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the engine did not answer within 10s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    /** The history, for the API (read through its own connection by the caller if it wishes). */
    public Path historyFile() {
        return stateDir.path().resolve("history.db");
    }

    public WatchdogConfig.Api api() {
        return config.api();
    }

    /** The secrets of the running bundle (the API token). */
    public Secrets secrets() throws IOException {
        return Secrets.of(bundle(stateDir));
    }

    /** Stops everything; the rules stay as they are (a stopped watchdog must not cut the network). */
    @Override
    public void close() {
        running = false;
        stopProbes();
        if (monitor != null) {
            monitor.destroy();
        }
        if (rulesetMonitor != null) {
            rulesetMonitor.destroy();
        }
        if (engine != null) {
            // not an interrupt: it would close the state file's channel and abort nft in mid-switch
            // the sink and the history are the engine's: they are closed only once it has stopped
            queue.add(() -> { });
            try {
                if (!engine.join(Duration.ofSeconds(5))) {
                    log.accept("waiting for the engine to finish its current change before closing");
                    engine.join();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // the engine may still use them: leave the sink and the history open
            }
        }
        if (sink != null) {
            sink.close();
        }
        if (history != null) {
            try {
                history.close();
            } catch (SQLException e) {
                log.accept("could not close history.db: " + e.getMessage());
            }
        }
        if (lock != null) {
            // only a daemon that holds the lock owns the pid file: one that refused to start leaves it
            try {
                Files.deleteIfExists(stateDir.path().resolve(DaemonSignal.PID_FILE));
            } catch (IOException e) {
                log.accept("could not remove daemon.pid: " + e.getMessage());
            }
            try {
                lock.close();
            } catch (IOException e) {
                log.accept("could not release " + LOCK_FILE + ": " + e.getMessage());
            }
            lock = null;
        }
    }
}
