package dev.flywall.runtime.daemon;

import dev.flywall.bundle.BundleJson;
import dev.flywall.bundle.DaemonStateFile;
import dev.flywall.runtime.engine.StateMachine;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code daemon-state.json} in the state directory: what the daemon knows that must survive a
 * restart or a crash — each uplink's health and drain, each group's active set, pin and failovers,
 * the failover count.
 * Written atomically (temporary file, fsync, rename) after every change; a missing or unreadable
 * file means a fresh start, never a failure.
 */
final class DaemonState {

    static final String FILE = DaemonStateFile.FILE;

    private DaemonState() {}

    static void write(Path stateDir, StateMachine.Snapshot s) throws IOException {
        Path tmp = stateDir.resolve(FILE + ".tmp");
        Files.writeString(tmp, BundleJson.write(file(s)), StandardCharsets.UTF_8);
        try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            c.force(true);
        }
        Files.move(tmp, stateDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static Optional<StateMachine.Snapshot> read(Path stateDir) {
        Path file = stateDir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(snapshot(BundleJson.daemonState(Files.readString(file, StandardCharsets.UTF_8))));
        } catch (IOException | RuntimeException e) {
            System.err.println("flywall run: ignoring an unreadable " + file + " (" + e.getMessage() + ")");
            return Optional.empty();
        }
    }

    static DaemonStateFile file(StateMachine.Snapshot s) {
        Map<String, DaemonStateFile.Uplink> uplinks = new LinkedHashMap<>();
        s.uplinks()
                .forEach((name, u) -> uplinks.put(
                        name,
                        new DaemonStateFile.Uplink(
                                DaemonStateFile.Health.valueOf(u.health().name()),
                                u.since().toString(),
                                u.reason(),
                                u.linkUp(),
                                u.drained()
                                        .map(d -> new DaemonStateFile.Drain(
                                                d.reason(), d.since().toString()))
                                        .orElse(null))));
        Map<String, DaemonStateFile.Group> groups = new LinkedHashMap<>();
        s.groups()
                .forEach((name, g) -> groups.put(
                        name,
                        new DaemonStateFile.Group(
                                g.active(),
                                g.pin().orElse(null),
                                g.awaitingManual(),
                                g.failovers(),
                                g.lastFailoverAt().map(Instant::toString).orElse(null))));
        return new DaemonStateFile(DaemonStateFile.VERSION, uplinks, groups, s.failovers());
    }

    static StateMachine.Snapshot snapshot(DaemonStateFile f) {
        Map<String, StateMachine.UplinkSnapshot> uplinks = new LinkedHashMap<>();
        f.uplinks()
                .forEach((name, u) -> uplinks.put(
                        name,
                        new StateMachine.UplinkSnapshot(
                                StateMachine.Health.valueOf(u.health().name()),
                                Instant.parse(u.since()),
                                u.reason(),
                                u.linkUp(),
                                Optional.ofNullable(u.drain())
                                        .map(d -> new StateMachine.Drained(d.reason(), Instant.parse(d.since()))))));
        Map<String, StateMachine.GroupSnapshot> groups = new LinkedHashMap<>();
        f.groups()
                .forEach((name, g) -> groups.put(
                        name,
                        new StateMachine.GroupSnapshot(
                                g.active(),
                                Optional.ofNullable(g.pin()),
                                g.awaitingManual(),
                                g.failovers(),
                                Optional.ofNullable(g.lastFailoverAt()).map(Instant::parse))));
        return new StateMachine.Snapshot(uplinks, groups, f.failovers());
    }
}
