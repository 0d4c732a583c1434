package dev.flywall.runtime.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywall.runtime.engine.StateMachine;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code daemon-state.json} in the state directory: what the daemon knows that must survive a
 * restart or a crash — each uplink's health, each group's active set and pin, the failover count.
 * Written atomically (temporary file, fsync, rename) after every change; a missing or unreadable
 * file means a fresh start, never a failure.
 */
final class DaemonState {

    static final String FILE = "daemon-state.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DaemonState() {}

    static void write(Path stateDir, StateMachine.Snapshot s) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1);
        ObjectNode uplinks = root.putObject("uplinks");
        s.uplinks().forEach((name, u) -> {
            ObjectNode o = uplinks.putObject(name);
            o.put("health", u.health().name());
            o.put("since", u.since().toString());
            o.put("reason", u.reason());
            o.put("link_up", u.linkUp());
        });
        ObjectNode groups = root.putObject("groups");
        s.groups().forEach((name, g) -> {
            ObjectNode o = groups.putObject(name);
            g.active().forEach(o.putArray("active")::add);
            g.pin().ifPresent(p -> o.put("pin", p));
            o.put("awaiting_manual", g.awaitingManual());
        });
        root.put("failovers", s.failovers());
        Path tmp = stateDir.resolve(FILE + ".tmp");
        Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n",
                StandardCharsets.UTF_8);
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
            JsonNode root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            Map<String, StateMachine.UplinkSnapshot> uplinks = new LinkedHashMap<>();
            root.path("uplinks").fields().forEachRemaining(e -> uplinks.put(e.getKey(), new StateMachine.UplinkSnapshot(
                    StateMachine.Health.valueOf(e.getValue().path("health").asText("UNKNOWN")),
                    Instant.parse(e.getValue().path("since").asText()), e.getValue().path("reason").asText(""),
                    e.getValue().path("link_up").asBoolean(true))));
            Map<String, StateMachine.GroupSnapshot> groups = new LinkedHashMap<>();
            root.path("groups").fields().forEachRemaining(e -> {
                List<String> active = new ArrayList<>();
                e.getValue().path("active").forEach(a -> active.add(a.asText()));
                groups.put(e.getKey(), new StateMachine.GroupSnapshot(active,
                        e.getValue().has("pin") ? Optional.of(e.getValue().get("pin").asText()) : Optional.empty(),
                        e.getValue().path("awaiting_manual").asBoolean(false)));
            });
            return Optional.of(new StateMachine.Snapshot(uplinks, groups, root.path("failovers").asLong(0)));
        } catch (IOException | RuntimeException e) {
            System.err.println("flywall run: ignoring an unreadable " + file + " (" + e.getMessage() + ")");
            return Optional.empty();
        }
    }
}
