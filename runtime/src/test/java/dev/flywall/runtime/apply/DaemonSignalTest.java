package dev.flywall.runtime.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running daemon (here a shell that traps SIGHUP) is told to reload; a stale pid file is
 * ignored; a process that would not reload on SIGHUP (it ignores it, or has no handler) is not
 * sent one, and the apply says why.
 */
class DaemonSignalTest {

    @TempDir
    Path dir;

    @Test
    void signalsTheDaemonNamedInThePidFile() throws Exception {
        Path got = dir.resolve("got");
        Process daemon = shell("trap 'echo reload > " + got + "; exit 0' HUP");
        Files.writeString(dir.resolve(DaemonSignal.PID_FILE), daemon.pid() + "\n");
        assertThat(DaemonSignal.reload(dir)).isEqualTo(new DaemonSignal.Reload.Sent(daemon.pid()));
        assertThat(daemon.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(got).hasContent("reload");
        assertThat(DaemonSignal.reload(dir)).isEqualTo(new DaemonSignal.Reload.NoDaemon()); // that process is gone
    }

    @Test
    void aDaemonThatIgnoresSighupIsNotSentOneAndTheApplySaysSo() throws Exception {
        Process daemon = shell("trap '' HUP"); // what nohup does to the daemon
        try {
            Files.writeString(dir.resolve(DaemonSignal.PID_FILE), daemon.pid() + "\n");
            DaemonSignal.Reload reload = DaemonSignal.reload(dir);
            assertThat(reload)
                    .isInstanceOfSatisfying(
                            DaemonSignal.Reload.Refused.class,
                            r -> assertThat(r.why()).contains("ignores SIGHUP").contains("nohup"));
            assertThat(DaemonSignal.describe(reload))
                    .hasValueSatisfying(line -> assertThat(line)
                            .startsWith("The daemon (pid " + daemon.pid() + ") was not told to reload: "));
            assertThat(daemon.isAlive()).isTrue();
        } finally {
            daemon.destroyForcibly();
        }
    }

    @Test
    void aProcessWithoutAHandlerIsNotKilledBySighup() throws Exception {
        Process starting = new ProcessBuilder("sleep", "30").start(); // SIGHUP's default action ends it
        try {
            Files.writeString(dir.resolve(DaemonSignal.PID_FILE), starting.pid() + "\n");
            assertThat(DaemonSignal.reload(dir))
                    .isInstanceOfSatisfying(
                            DaemonSignal.Reload.Refused.class,
                            r -> assertThat(r.why()).contains("does not handle SIGHUP"));
            Thread.sleep(200);
            assertThat(starting.isAlive()).isTrue();
        } finally {
            starting.destroyForcibly();
        }
    }

    @Test
    void readsTheMasksOfProcStatus() throws Exception {
        assertThat(DaemonSignal.hangupRefusal(status("0000000000000000", "0000000000004a01")))
                .isEmpty();
        assertThat(DaemonSignal.hangupRefusal(status("0000000000000001", "0000000000004a00")))
                .hasValueSatisfying(why -> assertThat(why).contains("ignores SIGHUP"));
        assertThat(DaemonSignal.hangupRefusal(status("0000000000000000", "0000000000004a00")))
                .hasValueSatisfying(why -> assertThat(why).contains("does not handle SIGHUP"));
        assertThat(DaemonSignal.hangupRefusal(dir.resolve("missing"))).isEmpty(); // unknown: send, as before
    }

    @Test
    void noPidFileMeansNoDaemon() throws Exception {
        assertThat(DaemonSignal.reload(dir)).isEqualTo(new DaemonSignal.Reload.NoDaemon());
        assertThat(DaemonSignal.describe(new DaemonSignal.Reload.NoDaemon())).isEmpty();
    }

    /** A shell that runs {@code setup}, says "ready" (read here) and then waits. */
    private static Process shell(String setup) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", setup + "; echo ready; while true; do sleep 0.1; done").start();
        p.getInputStream().read(); // "ready": the setup is done
        return p;
    }

    private Path status(String ignored, String caught) throws Exception {
        return Files.writeString(
                dir.resolve("status-" + ignored + caught),
                "Name:\tjava\nSigQ:\t0/63304\nSigPnd:\t0000000000000000\nSigBlk:\t0000000000000000\nSigIgn:\t" + ignored
                        + "\nSigCgt:\t" + caught + "\n");
    }
}
