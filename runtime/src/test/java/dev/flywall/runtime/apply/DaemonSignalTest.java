package dev.flywall.runtime.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running daemon (here a shell that traps SIGHUP) is told to reload; a stale pid file is ignored. */
class DaemonSignalTest {

    @TempDir
    Path dir;

    @Test
    void signalsTheDaemonNamedInThePidFile() throws Exception {
        Path got = dir.resolve("got");
        Process daemon = new ProcessBuilder(
                        "bash",
                        "-c",
                        "trap 'echo reload > " + got + "; exit 0' HUP; echo ready;" + " while true; do sleep 0.1; done")
                .start();
        daemon.getInputStream().read(); // "ready": the trap is set
        Files.writeString(dir.resolve(DaemonSignal.PID_FILE), daemon.pid() + "\n");
        assertThat(DaemonSignal.reload(dir)).hasValue(daemon.pid());
        assertThat(daemon.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(got).hasContent("reload");
        assertThat(DaemonSignal.reload(dir)).isEmpty(); // that process is gone now
    }

    @Test
    void noPidFileMeansNoDaemon() throws Exception {
        assertThat(DaemonSignal.reload(dir)).isEmpty();
    }
}
