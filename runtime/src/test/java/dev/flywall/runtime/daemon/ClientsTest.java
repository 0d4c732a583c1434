package dev.flywall.runtime.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.runtime.watchdog.Secrets;
import dev.flywall.runtime.watchdog.WatchdogConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervision of the address clients, with stand-ins for dhclient and pppd (shell scripts of
 * those names that record how they were started): the command lines, the files and their modes,
 * restarts after a death, release on removal, the password kept off argv and out of the log.
 */
class ClientsTest {

    static final String PASSWORD = "pa\"ss\\word\tx";

    @TempDir
    Path state;

    @TempDir
    Path bin;

    private final List<String> logged = new CopyOnWriteArrayList<>();
    private Clients clients;

    /** A stand-in: appends its arguments (and, for pppd, its secret file) to calls, then waits or dies. */
    private Path standIn(String name) throws Exception {
        Path script = bin.resolve(name);
        Files.writeString(script, """
                #!/bin/sh
                here=$(dirname "$0")
                echo "$*" >> "$here/%1$s.calls"
                case " $* " in *" -r "*) exit 0 ;; esac
                if [ "%1$s" = pppd ]; then
                  secret=$(echo "$*" | awk '{print $4}')
                  stat -c %%a "$secret" > "$here/pppd.secret-mode.tmp"
                  cat "$secret" > "$here/pppd.secret.tmp"
                  mv "$here/pppd.secret-mode.tmp" "$here/pppd.secret-mode"
                  mv "$here/pppd.secret.tmp" "$here/pppd.secret"
                fi
                if [ -f "$here/%1$s.die" ]; then echo "giving up"; exit 3; fi
                echo "running"
                # the sleep must not hold the output pipe, which the supervisor reads to its end
                sleep 300 >/dev/null 2>&1 &
                pid=$!
                trap 'kill $pid; exit 0' TERM
                wait
                """.formatted(name));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private final List<String> solicited = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void programs() throws Exception {
        clients = new Clients(
                state,
                Optional.empty(),
                new Clients.Programs(
                        standIn("dhclient").toString(), standIn("pppd").toString(), solicited::add),
                logged::add);
    }

    @AfterEach
    void stop() {
        clients.close();
    }

    private static WatchdogConfig.Interface dhcp(String name, int metric) {
        return new WatchdogConfig.Interface(
                name,
                true,
                Optional.empty(),
                List.of(),
                Optional.of(metric),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    private static WatchdogConfig.Interface pppoe(String name) {
        return new WatchdogConfig.Interface(
                name,
                true,
                Optional.empty(),
                List.of(),
                Optional.empty(),
                Optional.of(new WatchdogConfig.Pppoe(
                        "ppp-" + name,
                        "pppoe/" + name + ".peers",
                        new WatchdogConfig.SecretRef(Optional.empty(), Optional.empty(), Optional.of("pw_" + name)))),
                Optional.empty(),
                Optional.empty());
    }

    private final Secrets secrets = new Secrets(Map.of("pw_eth1", PASSWORD), name -> null);

    private List<String> calls(String program) throws Exception {
        Path f = bin.resolve(program + ".calls");
        return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("in time").isLessThan(end);
            Thread.sleep(20);
        }
    }

    private boolean called(String program, int times) {
        try {
            return calls(program).size() >= times;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void dhclientRunsInTheForegroundWithItsFilesInTheStateDirectory() throws Exception {
        clients.update(
                List.of(
                        dhcp("eth0", 100),
                        new WatchdogConfig.Interface(
                                "lan0",
                                true,
                                Optional.empty(),
                                List.of(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty())),
                secrets);
        await(() -> called("dhclient", 1));
        Path run = state.resolve("run");
        assertThat(calls("dhclient").get(0))
                .isEqualTo("-d -4 -cf /dev/null -lf " + state.resolve("dhcp/eth0.leases") + " -pf "
                        + run.resolve("eth0.dhclient.pid") + " -sf " + run.resolve("dhclient-hook")
                        + " -e flywall_route_metric=100 eth0");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(run)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(run.resolve("dhclient-hook"))))
                .isEqualTo("rwx------");
        assertThat(Files.readString(run.resolve("dhclient-hook"))).contains("flywall_route_metric");
        assertThat(clients.interfaces()).containsExactly("eth0");
        await(() -> logged.contains("dhclient eth0: running"));
    }

    @Test
    void anIpv6BlockAddsADhclient6WithTheUplinksTable() throws Exception {
        WatchdogConfig.Interface v6 = new WatchdogConfig.Interface(
                "eth0",
                true,
                Optional.empty(),
                List.of(),
                Optional.of(100),
                Optional.empty(),
                Optional.empty(),
                Optional.of(new WatchdogConfig.Ipv6(true, true, true, 100)));
        WatchdogConfig.Interface slaacOnly = new WatchdogConfig.Interface(
                "eth1",
                true,
                Optional.empty(),
                List.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(new WatchdogConfig.Ipv6(true, false, false, 101)));
        clients.update(List.of(v6, slaacOnly), Map.of("eth0", 101, "eth1", 102), secrets);
        await(() -> called("dhclient", 2));
        Path run = state.resolve("run");
        assertThat(calls("dhclient"))
                .contains("-d -6 -N -P -cf /dev/null -lf " + state.resolve("dhcp/eth0.leases6") + " -pf "
                        + run.resolve("eth0.dhclient6.pid") + " -sf " + run.resolve("dhclient-hook")
                        + " -e flywall_route_metric=100 -e flywall_table=101 eth0")
                .anyMatch(l -> l.startsWith("-d -4 ") && l.endsWith(" eth0"));
        // SLAAC alone needs no client: the kernel does it
        assertThat(clients.interfaces()).containsExactly("eth0", "eth0" + Clients.V6);
        assertThat(Files.readString(run.resolve("dhclient-hook"))).contains("BOUND6 | RENEW6 | REBIND6");
        // both accept router advertisements: a solicitation on each, none on an IPv4-only interface
        assertThat(solicited).containsExactly("eth0", "eth1");
        clients.update(List.of(dhcp("eth2", 103)), secrets);
        assertThat(solicited).containsExactly("eth0", "eth1");
    }

    @Test
    void clientsStartingTogetherLeaveAnExecutableHook() throws Exception {
        List<WatchdogConfig.Interface> many = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            many.add(dhcp("eth" + i, 100 + i));
        }
        clients.update(many, secrets);
        await(() -> called("dhclient", 8));
        Path hook = state.resolve("run").resolve(Clients.HOOK);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(hook)))
                .isEqualTo("rwx------");
        try (var left = Files.list(state.resolve("run"))) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void anUpdateAfterCloseStartsNothing() throws Exception {
        // the daemon closes its clients before its engine, whose last queued task may be a reload
        clients.update(List.of(dhcp("eth0", 100)), secrets);
        await(() -> called("dhclient", 1));
        clients.close();
        assertThat(clients.interfaces()).isEmpty();
        clients.update(List.of(dhcp("eth0", 100), dhcp("eth1", 110)), secrets);
        assertThat(clients.interfaces()).isEmpty();
        Thread.sleep(300);
        assertThat(calls("dhclient")).hasSize(1);
    }

    @Test
    void aClientThatDiesIsRestartedAfterABackOff() throws Exception {
        Files.writeString(bin.resolve("dhclient.die"), "");
        clients.update(List.of(dhcp("eth0", 100)), secrets);
        await(() -> called("dhclient", 2));
        assertThat(logged).contains("dhclient eth0: giving up");
        assertThat(logged)
                .anyMatch(l ->
                        l.startsWith("dhclient eth0 exited with status 3 after ") && l.endsWith("; restarting in 1 s"));
        await(() -> logged.stream().anyMatch(l -> l.endsWith("restarting in 2 s")));
        Files.delete(bin.resolve("dhclient.die"));
        await(() -> clients.client("eth0").orElseThrow().running());
    }

    @Test
    void aRemovedInterfaceIsReleasedAndAChangedOneRestarted() throws Exception {
        clients.update(List.of(dhcp("eth0", 100), dhcp("eth1", 110)), secrets);
        await(() -> clients.client("eth0").map(Supervised::running).orElse(false)
                && clients.client("eth1").map(Supervised::running).orElse(false));
        clients.update(List.of(dhcp("eth0", 120)), secrets);
        assertThat(clients.interfaces()).containsExactly("eth0");
        assertThat(calls("dhclient")).anyMatch(l -> l.startsWith("-r -4 ") && l.endsWith(" eth1"));
        // the changed one was stopped without a release and started again with its new metric
        assertThat(calls("dhclient")).noneMatch(l -> l.startsWith("-r") && l.endsWith(" eth0"));
        await(() -> {
            try {
                return calls("dhclient").stream().anyMatch(l -> l.contains("flywall_route_metric=120 eth0"));
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(logged).contains("restarting dhclient eth0 (its settings changed)");
    }

    @Test
    void pppdReadsThePasswordFromAFileOnlyItsOwnerCanRead() throws Exception {
        clients.update(List.of(pppoe("eth1")), secrets);
        await(() -> called("pppd", 1) && Files.exists(bin.resolve("pppd.secret")));
        Path secret = state.resolve("run/eth1.pppd-secret");
        assertThat(calls("pppd").get(0))
                .isEqualTo("file " + state.resolve("current/pppoe/eth1.peers") + " file " + secret + " nodetach");
        await(() -> {
            try {
                return Files.readString(bin.resolve("pppd.secret-mode")).strip().equals("600");
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(Files.readString(bin.resolve("pppd.secret"), StandardCharsets.UTF_8))
                .isEqualTo("password \"pa\\\"ss\\\\word\\011x\"\n");
        clients.close();
        assertThat(secret).doesNotExist();
        assertThat(String.join("\n", calls("pppd"))).doesNotContain("word");
        assertThat(String.join("\n", logged)).doesNotContain("word");
    }

    @Test
    void anUnresolvableSecretIsLoggedAndTheOthersStillStart() throws Exception {
        clients.update(List.of(pppoe("eth2"), dhcp("eth0", 100)), secrets);
        assertThat(logged).contains("not starting the client of eth2: the secret pw_eth2 is missing from secrets.json");
        assertThat(clients.interfaces()).containsExactly("eth0");
    }

    @Test
    void aClientLeftRunningByAnEarlierDaemonIsEndedFirst() throws Exception {
        Path run = Files.createDirectories(state.resolve("run"));
        Path pid = run.resolve("eth0.dhclient.pid");
        // an orphan of a killed daemon: the same program with this state directory's pid file
        Process orphan =
                new ProcessBuilder(bin.resolve("dhclient").toString(), "-d", "-pf", pid.toString(), "eth0").start();
        Files.writeString(pid, orphan.pid() + "\n");
        await(() -> called("dhclient", 1));
        assertThat(Supervised.staleProcess(pid, "dhclient")).isPresent();
        clients.update(List.of(dhcp("eth0", 100)), secrets);
        await(() -> !orphan.isAlive());
        assertThat(logged).anyMatch(l -> l.startsWith("ending dhclient eth0 (pid " + orphan.pid() + ")"));
    }
}
