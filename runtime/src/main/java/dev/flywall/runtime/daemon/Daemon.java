package dev.flywall.runtime.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywall.bundle.EventKind;
import dev.flywall.runtime.apply.ConntrackFlush;
import dev.flywall.runtime.apply.Kernel;
import dev.flywall.runtime.apply.NftSession;
import dev.flywall.runtime.apply.StateDir;
import dev.flywall.runtime.engine.DaemonView;
import dev.flywall.runtime.engine.Health;
import dev.flywall.runtime.engine.KernelEffects;
import dev.flywall.runtime.engine.NptFollower;
import dev.flywall.runtime.engine.StateMachine;
import dev.flywall.runtime.engine.Status;
import dev.flywall.runtime.history.History;
import dev.flywall.runtime.watchdog.Secrets;
import dev.flywall.runtime.watchdog.WatchdogConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * {@code flywall run}: the watchdog. One {@link EngineThread} owns the {@link StateMachine}; the
 * {@link ProbeLoops}, the {@link LinkMonitor}, the {@link RulesetMonitor} and the API only post
 * work to it. Each decision is carried out at once ({@link Switcher}): the group and route chains
 * are rewritten in one nft transaction (through an {@code nft -i} kept running), a failed uplink's
 * connections are flushed (through a {@code conntrack} started ahead of time), the event goes
 * to the history and the notifier ({@link EventRecorder}), and the state is saved so a restart
 * (even after kill -9) continues where it stopped.
 *
 * <p>The daemon reads the installed bundle ({@code current/} of the state directory), never HCL.
 * {@link #reload()} (SIGHUP, sent by {@code flywall apply}) re-reads it and re-applies the
 * current decisions to the freshly installed table, keeping every uplink's health.
 *
 * <p>The managed interfaces' address clients (dhclient, pppd) run under the daemon ({@link
 * Clients}); a dynamic uplink's new address or gateway becomes a {@code lease} event ({@link
 * LeaseWatch}). An uplink whose device is gone (a PPP device when its session ends) is down at
 * once, as if it had lost its carrier.
 */
public final class Daemon implements DaemonView, AutoCloseable {

    /** Runs one probe round for an uplink; the daemon's only way to the network. */
    @FunctionalInterface
    public interface Prober {
        List<StateMachine.Sample> round(
                WatchdogConfig.Uplink uplink, Optional<InetAddress> source, WatchdogConfig.HealthCheck check)
                throws InterruptedException;
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

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RESYNC = Duration.ofSeconds(15);
    /**
     * How long after the start a DHCP or PPPoE uplink that has no address yet, and no saved health,
     * waits for its client's first lease before its probe rounds count.
     */
    static final Duration FIRST_LEASE_GRACE = Duration.ofSeconds(20);

    private static final Duration PRUNE_EVERY = Duration.ofHours(1);
    /** How long a switch may take through the nft session before the one-shot path takes over. */
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);

    private final StateDir stateDir;
    private final Kernel kernel;
    private final SinkFactory sinks;
    private final Clock clock;
    private final Consumer<String> log;
    private final EngineThread engine;
    private final ProbeLoops probes;
    private final Map<String, KernelEffects.LinkInfo> links = new ConcurrentHashMap<>();
    private final TargetWindows windows = new TargetWindows();
    private final Problems problems = new Problems(this::publish);
    private final StatusBoard board;
    private final AtomicBoolean pendingRulesetCheck = new AtomicBoolean();
    private final NftSession nftSession;
    private final ConntrackFlush conntrack;
    private final Clients.Programs programs;
    private final LeaseWatch leases = new LeaseWatch();
    private final java.util.Set<String> leaseWaitLogged = new java.util.HashSet<>();
    private Clients clients;
    private DaemonLock lock;
    private Instant startedAt = Instant.MIN;
    private Runnable firstClients = () -> {};
    private EventRecorder recorder;
    private TableWatch tableWatch;
    private LinkMonitor linkMonitor;
    private Process rulesetMonitor;
    private HaNode ha;

    // engine-thread state
    private volatile WatchdogConfig config;
    private StateMachine machine;
    private Switcher switcher;
    private StateMachine.Snapshot saved;
    private Instant nextResync;
    private Instant nextPrune;
    private Optional<Instant> deadline = Optional.empty();

    public Daemon(Path stateDir, Kernel kernel, Prober prober, SinkFactory sinks, Clock clock, Consumer<String> log)
            throws IOException {
        this(stateDir, kernel, prober, sinks, clock, log, Clients.Programs.DEBIAN);
    }

    /** {@code programs}: the DHCP client and pppd to supervise (tests give stand-ins). */
    Daemon(
            Path stateDir,
            Kernel kernel,
            Prober prober,
            SinkFactory sinks,
            Clock clock,
            Consumer<String> log,
            Clients.Programs programs)
            throws IOException {
        this.programs = programs;
        this.stateDir = StateDir.open(stateDir);
        this.kernel = kernel;
        this.sinks = sinks;
        this.clock = clock;
        this.log = log;
        this.board = new StatusBoard(clock.instant());
        this.nftSession = NftSession.open(kernel, SESSION_TIMEOUT, log);
        // a flush deletes as many entries as there are: it gets the time a conntrack -D would
        this.conntrack = ConntrackFlush.withSpare(kernel, Kernel.DEFAULT_TIMEOUT, log);
        this.engine = new EngineThread(clock, log);
        this.probes = new ProbeLoops(
                prober,
                name -> Optional.ofNullable(links.get(name)).flatMap(KernelEffects.LinkInfo::address),
                this::roundFinished,
                log);
    }

    /** The installed bundle's watchdog configuration; an {@link IOException} says what is missing. */
    static Map<String, String> bundle(StateDir dir) throws IOException {
        Map<String, String> files = dir.current()
                .orElseThrow(() -> new IOException("nothing is applied yet: "
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
        lock = DaemonLock.take(stateDir);
        startedAt = clock.instant();
        History history;
        try {
            history = History.open(stateDir.path().resolve("history.db"));
        } catch (SQLException e) {
            throw new IOException("cannot open " + stateDir.path().resolve("history.db") + ": " + e.getMessage(), e);
        }
        recorder = new EventRecorder(history, problems, clock, log);
        tableWatch = new TableWatch(stateDir, problems, recorder, this::reload, this::publish, log);
        clients = new Clients(stateDir.path(), kernel.netns(), programs, log);
        ha = new HaNode(stateDir.path(), kernel.netns(), new HaDuties(), clock, log);
        load(bundle(stateDir), DaemonState.read(stateDir.path()));
        lock.announce();
        engine.start(new Duties());
        linkMonitor = LinkMonitor.start(kernel, () -> config, this::rereadSoon, log);
        engine.post(() -> {
            firstClients.run();
            // what changed between loading and the monitor's start
            config.uplinks().forEach(this::resync);
        });
        rulesetMonitor = RulesetMonitor.start(kernel, config.nft(), this::queueRulesetCheck, log);
        probes.start(config);
    }

    /** Runs until {@link #close()} is called (SIGTERM). */
    public void await() throws InterruptedException {
        engine.await();
    }

    // ------------------------------------------------------------------ loading

    /** Engine state from a bundle (on start, and on reload inside the engine thread). */
    private void load(Map<String, String> files, Optional<StateMachine.Snapshot> previous)
            throws IOException, InterruptedException {
        WatchdogConfig next = WatchdogConfig.parse(files.get("watchdog.json"));
        // before anything changes: a reload whose ha cannot run keeps the running configuration
        HaNode.check(next.ha(), stateDir.path());
        Secrets secrets = Secrets.of(files);
        KernelEffects nextEffects = new KernelEffects(kernel, next, nftSession, conntrack);
        Instant now = clock.instant();
        StateMachine nextMachine = new StateMachine(next, now);
        for (WatchdogConfig.Uplink u : next.uplinks()) {
            KernelEffects.LinkInfo info = nextEffects.read(u);
            links.put(u.name(), info);
            if (nextEffects.followed(u)) {
                leases.observe(u.name(), info, now);
            }
            syncRoutes(nextEffects, u, info);
        }
        leases.retain(next.uplinks().stream().map(WatchdogConfig.Uplink::name).toList());
        StateMachine.Decisions sync =
                nextMachine.restore(previous.orElse(new StateMachine.Snapshot(Map.of(), Map.of(), 0)), now);
        // the kernel's carrier wins over what was saved; a device that does not exist has none
        for (WatchdogConfig.Uplink u : next.uplinks()) {
            nextMachine.apply(new StateMachine.Link(u.name(), carrier(links.get(u.name()))), now);
        }
        recorder.closeSink();
        config = next;
        machine = nextMachine;
        switcher =
                new Switcher(next, nextEffects, new RulesetGuard(kernel, next.nft(), stateDir), this::delegated, log);
        NptFollower.fills(next, delegated()).values().forEach(f -> log.accept(f.text()));
        recorder.useSink(sinks.create(next, secrets));
        windows.forgetAllBut(next);
        switcher.fullSync(machine);
        nextEffects.prepare();
        List<WatchdogConfig.Interface> interfaces = next.interfaces();
        Map<String, Integer> tables = new java.util.HashMap<>();
        next.uplinks().forEach(u -> tables.put(u.device(), u.table()));
        if (linkMonitor != null) {
            clients.update(interfaces, tables, secrets);
        } else {
            // at start the clients wait for the link monitor, which must see their first leases
            firstClients = () -> clients.update(interfaces, tables, secrets);
        }
        configureHa(next);
        nextResync = now.plus(RESYNC);
        nextPrune = now;
        persist();
        publish();
        log.accept("watching " + next.uplinks().size() + " uplinks in "
                + next.groups().size() + " groups (config "
                + next.configHash().substring(0, Math.min(19, next.configHash().length())) + ")"
                + (sync.groups().isEmpty() ? "" : "; active: " + describeActive()));
    }

    /**
     * The HA node follows the bundle's {@code ha}. At the start a node that cannot be set up (its
     * files not writable) fails the start; on a reload the rest of the bundle already runs, so it
     * is logged.
     */
    private void configureHa(WatchdogConfig next) throws IOException {
        try {
            ha.configure(next.ha());
        } catch (IOException e) {
            if (linkMonitor == null) {
                throw new IOException("ha: " + e.getMessage(), e);
            }
            log.accept("ha: could not set up keepalived and conntrackd: " + e.getMessage());
        }
    }

    /** What a change of the HA node's role needs of the daemon; engine thread. */
    private final class HaDuties implements HaNode.Daemon {
        @Override
        public Map<String, Object> flushUnusable() throws InterruptedException {
            return switcher.flushDown(machine);
        }

        @Override
        public boolean uplinksDecided() {
            return machine.decided();
        }

        @Override
        public void record(History.Event event) {
            recorder.record(event);
        }

        @Override
        public void publish() {
            Daemon.this.publish();
        }

        @Override
        public void post(Runnable work) {
            engine.post(work);
        }
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
        engine.post(() -> {
            try {
                load(bundle(stateDir), Optional.of(machine.snapshot()));
                probes.restart(config);
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

    /** The engine's own work between tasks: failback deadlines, the periodic resync, pruning. */
    private final class Duties implements EngineThread.Duties {
        @Override
        public Instant nextWake() {
            deadline = machine.nextDeadline();
            Instant wake = deadline.filter(d -> d.isBefore(nextResync)).orElse(nextResync);
            return leases.nextDue().filter(d -> d.isBefore(wake)).orElse(wake);
        }

        @Override
        public void afterWait(Instant now) throws InterruptedException, SQLException {
            if (deadline.isPresent() && !now.isBefore(deadline.get())) {
                decide(new StateMachine.Tick());
            }
            for (History.Event lease : leases.due(now)) {
                recorder.record(lease);
            }
            if (!now.isBefore(nextResync)) {
                nextResync = now.plus(RESYNC);
                for (WatchdogConfig.Uplink u : config.uplinks()) {
                    resync(u);
                }
                if (switcher.dirty()) {
                    switcher.fullSync(machine);
                }
                guardRuleset();
                recorder.verifyHistory();
            }
            ha.gate(now);
            if (!now.isBefore(nextPrune)) {
                nextPrune = now.plus(PRUNE_EVERY);
                recorder.prune(config.runtime().historyRetention(), now);
            }
        }
    }

    private void roundFinished(StateMachine.Round round, long finished, int generation) {
        engine.post(() -> {
            try {
                if (probes.current(generation) && !awaitingFirstLease(round.uplink())) {
                    decide(round, finished);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /**
     * Whether an uplink's rounds wait for its first lease: a dynamic uplink without an address whose
     * health nothing has told yet (neither a saved state nor a round), in the daemon's first
     * {@link #FIRST_LEASE_GRACE}. Its client was started with the daemon; judging it before the
     * lease would only report the boot order (down, failover, up, failback). Engine thread only.
     */
    private boolean awaitingFirstLease(String uplink) {
        boolean waiting =
                config.uplink(uplink).map(WatchdogConfig.Uplink::dynamic).orElse(false)
                        && Optional.ofNullable(links.get(uplink))
                                .flatMap(KernelEffects.LinkInfo::address)
                                .isEmpty()
                        && machine.health(uplink) == StateMachine.Health.UNKNOWN
                        && clock.instant().isBefore(startedAt.plus(FIRST_LEASE_GRACE));
        if (waiting && leaseWaitLogged.add(uplink)) {
            log.accept(uplink + " has no address yet: its probe rounds count once its client has a lease (at most "
                    + FIRST_LEASE_GRACE.toSeconds() + " s after the start)");
        }
        return waiting;
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
        StateMachine.Decisions d = machine.apply(input, clock.instant());
        if (input instanceof StateMachine.Round r) {
            windows.remember(r);
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
        Map<String, Object> effectsDone = switcher.carryOut(d, ha.flushesOnFailover());
        double switchMs = (System.nanoTime() - started) / 1e6;
        for (StateMachine.Event e : d.events()) {
            Map<String, Object> details = new LinkedHashMap<>(e.details());
            if (e.kind().isSwitch()) {
                details.put("switch_ms", Math.round(switchMs * 10) / 10.0);
                details.putAll(effectsDone);
            }
            recorder.record(
                    new History.Event(e.at(), e.kind().word(), e.group(), e.from(), e.to(), e.reason(), json(details)));
        }
        persist();
        publish();
        switcher.settle();
        return d;
    }

    private void persist() {
        try {
            saved = machine.snapshot();
            DaemonState.write(stateDir.path(), saved);
        } catch (IOException e) {
            log.accept("could not save " + DaemonState.FILE + ": " + e.getMessage());
        }
    }

    /** Publishes the status and the health for the API. */
    private void publish() {
        board.publish(clock.instant(), machine, config, links, problems.all(), windows, ha.status());
    }

    private static String json(Map<String, Object> details) {
        try {
            return JSON.writeValueAsString(details);
        } catch (IOException e) {
            return "{}";
        }
    }

    /** Probes and failed probes counted per "uplink target" since the daemon started; tests only. */
    Map<String, long[]> targetCounts() {
        return windows.counts();
    }

    // ------------------------------------------------------------------ the table

    private void queueRulesetCheck() {
        if (pendingRulesetCheck.compareAndSet(false, true)) {
            engine.post(() -> {
                pendingRulesetCheck.set(false);
                try {
                    guardRuleset();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    private void guardRuleset() throws InterruptedException {
        tableWatch.check(switcher, machine);
    }

    // ------------------------------------------------------------------ links

    /** The link monitor saw a line about an uplink's device: re-read it on the engine thread. */
    private void rereadSoon(String uplink) {
        engine.post(() -> {
            linkMonitor.reading(uplink);
            config.uplink(uplink).ifPresent(this::resync);
        });
    }

    /** Re-reads an uplink from the kernel; engine thread only. */
    private void resync(WatchdogConfig.Uplink u) {
        try {
            KernelEffects.LinkInfo info = switcher.effects().read(u);
            KernelEffects.LinkInfo before = links.put(u.name(), info);
            if (before == null || carrier(before) != carrier(info)) {
                // a device that went away (a PPP session ended) is down at once, like a lost carrier
                decide(new StateMachine.Link(u.name(), carrier(info)));
            }
            if (switcher.effects().followed(u)) {
                leases.observe(u.name(), info, clock.instant());
            }
            if (before == null || !before.equals(info)) {
                syncRoutes(switcher.effects(), u, info);
                if (NptFollower.follows(u)
                        && (before == null || !before.delegated().equals(info.delegated()))) {
                    followNpt(u, info.delegated());
                }
                publish();
            }
        } catch (IOException e) {
            log.accept("could not read " + u.device() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Each uplink's delegated prefix as last read. */
    private Map<String, Optional<String>> delegated() {
        Map<String, Optional<String>> out = new java.util.HashMap<>();
        links.forEach((uplink, info) -> out.put(uplink, info.delegated()));
        return out;
    }

    /**
     * The delegated prefix of an uplink that translates to it changed: its NPT chains follow (the
     * change itself is the uplink's lease event); a refused prefix is an event of its own.
     */
    private void followNpt(WatchdogConfig.Uplink u, Optional<String> prefix) throws InterruptedException {
        NptFollower.Fill fill = switcher.followNpt(u, prefix);
        log.accept(fill.text());
        fill.refusal()
                .ifPresent(why -> recorder.record(
                        new History.Event(clock.instant(), EventKind.LEASE.word(), null, u.name(), null, why, null)));
    }

    /** Whether the device exists and has its carrier. */
    private static boolean carrier(KernelEffects.LinkInfo info) {
        return info.exists() && info.up();
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
        return board.status();
    }

    @Override
    public Health health() {
        return board.health();
    }

    @Override
    public void pin(String group, String uplink) {
        engine.call(() -> decide(new StateMachine.Pin(group, uplink)));
    }

    @Override
    public void unpin(String group) {
        engine.call(() -> decide(new StateMachine.Unpin(group)));
    }

    @Override
    public void failback(String group) {
        engine.call(() -> decide(new StateMachine.Failback(group)));
    }

    @Override
    public void drain(String uplink, String reason) {
        StateMachine.Drain drain = new StateMachine.Drain(uplink, reason);
        engine.call(() -> decide(drain));
    }

    @Override
    public void undrain(String uplink) {
        engine.call(() -> decide(new StateMachine.Undrain(uplink)));
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

    /**
     * Stops everything; the rules stay as they are (a stopped watchdog must not cut the network).
     * The engine stops first: the sink and the history are its own, closed only once it is done.
     */
    @Override
    public void close() {
        probes.close();
        if (linkMonitor != null) {
            linkMonitor.close();
        }
        if (rulesetMonitor != null) {
            rulesetMonitor.destroy();
        }
        if (clients != null) {
            // dhclient leaves the address and its lease as they are: the next start asks for the same
            clients.close();
        }
        if (ha != null) {
            // keepalived first: it drops the virtual addresses, and the peer takes them at once
            ha.close();
        }
        if (!engine.stop()) {
            return; // interrupted while the engine still runs: leave what it uses open
        }
        nftSession.close();
        conntrack.close();
        if (recorder != null) {
            recorder.close();
        }
        if (lock != null) {
            try {
                lock.close();
            } catch (IOException e) {
                log.accept("could not release " + DaemonLock.FILE + ": " + e.getMessage());
            }
            lock = null;
        }
    }
}
