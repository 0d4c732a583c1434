package dev.flywall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code flywall simulate}: from a configuration or a bundle, the golden timelines' output, errors by line. */
class SimulateCommandTest {

    @TempDir
    Path dir;

    private record Result(int exitCode, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(exitCode, out.toString(), err.toString());
    }

    @Test
    void printsTheApprovedDecisionsFromAConfiguration() throws IOException {
        Path golden = Path.of("..", "golden", "simulate", "failover-failback");
        Result r = run(
                "simulate",
                "../examples/dual-wan.hcl",
                "--timeline",
                golden.resolve("timeline.txt").toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo(Files.readString(golden.resolve("decisions.txt")));
    }

    @Test
    void readsACompiledBundleToo() throws IOException {
        Path out = dir.resolve("bundle");
        assertThat(run("compile", "-o", out.toString(), "../examples/dual-wan.hcl")
                        .exitCode())
                .isZero();
        Path golden = Path.of("..", "golden", "simulate", "pin-unpin");
        Result r = run(
                "simulate",
                out.toString(),
                "--timeline",
                golden.resolve("timeline.txt").toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo(Files.readString(golden.resolve("decisions.txt")));
    }

    @Test
    void aBadTimelineLineIsNamed() throws IOException {
        Path t = dir.resolve("t.txt");
        Files.writeString(t, "0s eth0 ok\n5x eth0 fail\n", StandardCharsets.UTF_8);
        Result r = run("simulate", "../examples/dual-wan.hcl", "--timeline", t.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("line 2: \"5x\" is not a duration");
        Files.writeString(t, "0s eth7 ok\n", StandardCharsets.UTF_8);
        assertThat(run("simulate", "../examples/dual-wan.hcl", "--timeline", t.toString())
                        .err())
                .contains("line 1: there is no uplink \"eth7\"; uplinks: eth0, eth1");
        Files.writeString(t, "0s eth0 1ms\n", StandardCharsets.UTF_8);
        assertThat(run("simulate", "../examples/dual-wan.hcl", "--timeline", t.toString())
                        .err())
                .contains("eth0 has 2 targets (1.1.1.1, 8.8.8.8), but the line gives 1 results");
        assertThat(run(
                                "simulate",
                                "../examples/dual-wan.hcl",
                                "--timeline",
                                dir.resolve("missing").toString())
                        .exitCode())
                .isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void replaysAMaintenanceWindowFromAWallClockStart() throws IOException {
        Path golden = Path.of("..", "golden", "simulate", "maintenance-window");
        Result r = run(
                "simulate",
                golden.resolve("config.hcl").toString(),
                "--timeline",
                golden.resolve("timeline.txt").toString(),
                "--start",
                "2026-12-05T01:55:00+01:00");
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo(Files.readString(golden.resolve("decisions.txt")));

        Result utc = run(
                "simulate",
                golden.resolve("config.hcl").toString(),
                "--timeline",
                golden.resolve("timeline.txt").toString(),
                "--start",
                "2026-12-05T00:55:00Z");
        assertThat(utc.out())
                .startsWith(
                        "start: 2026-12-05T00:55:00Z (each line: the offset from the start, then the wall-clock time"
                                + " at Z)\n")
                .contains(" 300.000s  2026-12-05 01:00:00.000  maintenance_start eth0: maintenance window isp1-weekly"
                        + " until 2026-12-05 02:30 Europe/Berlin\n");
    }

    @Test
    void aStartWithoutAnOffsetIsAUsageError() throws IOException {
        Path golden = Path.of("..", "golden", "simulate", "maintenance-window");
        Result r = run(
                "simulate",
                golden.resolve("config.hcl").toString(),
                "--timeline",
                golden.resolve("timeline.txt").toString(),
                "--start",
                "2026-12-05T01:55:00");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err())
                .isEqualTo("flywall simulate: --start \"2026-12-05T01:55:00\" is not an instant with an offset, such"
                        + " as 2026-12-06T01:55:00+01:00 or 2026-12-06T00:55:00Z\n");
    }

    @Test
    void aDrainReasonWithAControlCharacterIsNamedByLine() throws IOException {
        Path t = dir.resolve("t.txt");
        Files.writeString(t, "0s drain eth0 " + "x".repeat(201) + "\n", StandardCharsets.UTF_8);
        Result r = run("simulate", "../examples/dual-wan.hcl", "--timeline", t.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("line 1: the drain reason has 201 characters; at most 200 are allowed");
        Files.writeString(t, "0s undrain\n", StandardCharsets.UTF_8);
        assertThat(run("simulate", "../examples/dual-wan.hcl", "--timeline", t.toString())
                        .err())
                .contains("line 1: expected \"TIME undrain UPLINK\"");
    }
}
