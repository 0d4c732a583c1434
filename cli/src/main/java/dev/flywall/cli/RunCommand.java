package dev.flywall.cli;

import dev.flywall.runtime.api.DaemonApi;
import dev.flywall.runtime.apply.DaemonSignal;
import dev.flywall.runtime.apply.Kernel;
import dev.flywall.runtime.apply.StateDir;
import dev.flywall.runtime.apply.StateLockedException;
import dev.flywall.runtime.daemon.Daemon;
import dev.flywall.runtime.engine.StateMachine;
import dev.flywall.runtime.history.History;
import dev.flywall.runtime.notify.Notifier;
import dev.flywall.runtime.probe.Egress;
import dev.flywall.runtime.probe.Probes;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flywall run}: the watchdog daemon over the bundle that {@code flywall apply} installed.
 * Probes every member, switches groups and policy routes, flushes a dead uplink's connections,
 * records events, sends notifications and serves the local API until SIGTERM; SIGHUP re-reads
 * the bundle. The rules stay in place when it stops.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = FlywallVersion.class,
        description = {
            "Run the watchdog: health checks, failover and failback, policy-route fallbacks, conntrack"
                    + " flushes, history, notifications and the local API (api { listen }, default"
                    + " 127.0.0.1:8080), over the bundle installed by 'flywall apply'.",
            "SIGHUP re-reads the bundle keeping every uplink's health ('flywall apply' sends it), and"
                    + " moves the API to a changed api { listen } and takes a changed token at once;"
                    + " SIGTERM stops, leaving the rules in place. To run in a network namespace, start it"
                    + " with 'ip netns exec NAME flywall run'. systemd: packaging/flywall.service.",
            "With an ha block the daemon is one node of a pair: it runs conntrackd and, once every uplink"
                    + " is decided, keepalived (files in STATE/run/ha), commits the peer's connections when it"
                    + " becomes master, and stops both on SIGTERM (keepalived first: the peer takes the"
                    + " addresses at once).",
        },
        exitCodeListHeading = "%nExit Codes:%n",
        exitCodeList = {
            ExitCodes.SUCCESS + ":stopped by SIGTERM or SIGINT",
            ExitCodes.FAILURE + ":nothing is applied yet, or the bundle, the history or the API address is unusable",
            ExitCodes.USAGE + ":usage error",
            ExitCodes.ENVIRONMENT + ":missing privileges (CAP_NET_ADMIN, CAP_NET_RAW), tools (nft, ip, conntrack;"
                    + " keepalived and conntrackd for an HA pair) or nftables, or the state directory is unusable"
        })
final class RunCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "State directory (default: /var/lib/flywall).")
    private Path stateDir = KernelOptions.DEFAULT_STATE_DIR;

    @Option(names = "--no-api", description = "Do not serve the local HTTP API.")
    private boolean noApi;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        recoverInterruptedApply(err);
        String host = hostname();
        Probes probes = new Probes();
        Daemon.Prober prober = (uplink, source, check) ->
                probes.round(check, new Egress(uplink.device(), uplink.mark(), source)).stream()
                        .map(r -> r.ok() && r.rtt().isPresent()
                                ? StateMachine.Sample.ok(r.target(), r.rtt().get())
                                : StateMachine.Sample.lost(r.target(), r.error().orElse("no answer")))
                        .toList();
        Daemon.SinkFactory sinks = (config, secrets) -> {
            Notifier notifier = new Notifier(config.notifications(), secrets, host, Clock.systemUTC());
            return new Daemon.EventSink() {
                @Override
                public void accept(History.Event e) {
                    notifier.submit(e);
                }

                @Override
                public void close() {
                    notifier.close();
                }
            };
        };
        Daemon daemon = new Daemon(
                stateDir, new Kernel(Optional.empty()), prober, sinks, Clock.systemUTC(), line -> log(err, line));
        try {
            daemon.start();
        } catch (IOException e) {
            err.println("flywall run: " + e.getMessage());
            daemon.close();
            probes.close();
            return ExitCodes.FAILURE;
        }
        DaemonApi api = null;
        History apiHistory = null;
        if (!noApi) {
            try {
                apiHistory = History.openReadOnly(daemon.historyFile());
                api = DaemonApi.start(daemon, apiHistory, line -> log(err, line));
            } catch (IOException | SQLException | IllegalArgumentException e) {
                err.println("flywall run: " + e.getMessage());
                daemon.close();
                probes.close();
                return ExitCodes.FAILURE;
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        DaemonApi server = api;
        History readHistory = apiHistory;
        Thread hook = new Thread(
                () -> {
                    log(err, "stopping (the rules stay in place)");
                    if (server != null) {
                        server.close();
                    }
                    daemon.close();
                    probes.close();
                    if (readHistory != null) {
                        try {
                            readHistory.close();
                        } catch (SQLException e) {
                            // closing on the way out
                        }
                    }
                    stopped.countDown();
                },
                "flywall-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        Signals.onHangup(() -> {
            log(err, "SIGHUP: reloading the bundle");
            // failures are logged where they happen; the daemon and the API keep running either way
            if (server != null) {
                server.reload();
            } else {
                daemon.reload();
            }
        });
        // what apply would find in /proc/PID/status, said at start: e.g. SIGHUP ignored under nohup
        DaemonSignal.hangupRefusal(Path.of("/proc/self/status"))
                .ifPresent(why -> log(err, "warning: 'flywall apply' will not make this daemon reload: " + why));
        daemon.await();
        stopped.await();
        return ExitCodes.SUCCESS;
    }

    /**
     * Before anything else: an apply that a crash or power loss interrupted is finished (reverted,
     * or its journal closed when it was complete), so the daemon starts on a kernel that matches
     * the installed bundle without an operator. A failure is logged and the daemon starts anyway:
     * the journal stays for the next apply, and a gateway without its watchdog would be worse.
     */
    private void recoverInterruptedApply(PrintWriter err) throws IOException, InterruptedException {
        StateDir state = StateDir.open(stateDir);
        try (StateDir.Lock lock = state.lock()) {
            ApplyCommand.recoverInterrupted(state, new Kernel(Optional.empty()), err);
        } catch (StateLockedException e) {
            // an apply is running: it finishes any interrupted one itself before it plans
            log(err, "not checking for an interrupted apply: " + e.getMessage());
        }
    }

    private static void log(PrintWriter err, String line) {
        err.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " flywall: " + line);
        err.flush();
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "gateway";
        }
    }
}
