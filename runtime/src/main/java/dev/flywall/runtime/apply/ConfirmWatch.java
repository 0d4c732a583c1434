package dev.flywall.runtime.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code apply --confirm}: the state before the apply is written to {@code pending.json} in the
 * state directory, and a separate process (in its own session, so that losing the SSH session
 * that ran {@code apply} does not stop it) waits for {@code flywall confirm}. If the deadline
 * passes unconfirmed, it restores the old kernel state and makes the previous bundle current.
 */
public final class ConfirmWatch {

    static final String PENDING = "pending.json";
    static final String CONFIRMED = "confirmed";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfirmWatch() {}

    /** Records what to restore and until when; the caller then starts {@link #await} in its own process. */
    public static void arm(StateDir state, KernelState before, Duration timeout, Optional<String> netns)
            throws IOException {
        Files.deleteIfExists(state.path().resolve(CONFIRMED));
        var o = JSON.createObjectNode();
        o.put("deadline", Instant.now().plus(timeout).toEpochMilli());
        o.put("netns", netns.orElse(null));
        o.set("before", JSON.readTree(before.toJson()));
        Files.writeString(state.path().resolve(PENDING), o.toString(), StandardCharsets.UTF_8);
    }

    /** {@code flywall confirm}: keeps the applied state. False when nothing was waiting. */
    public static boolean confirm(StateDir state) throws IOException {
        if (!Files.exists(state.path().resolve(PENDING))) {
            return false;
        }
        Files.writeString(state.path().resolve(CONFIRMED), "confirmed\n", StandardCharsets.UTF_8);
        return true;
    }

    /** The waiting side: returns true when it reverted, false when the apply was confirmed. */
    public static boolean await(StateDir state) throws IOException, InterruptedException, ApplyException {
        Path pending = state.path().resolve(PENDING);
        JsonNode o = JSON.readTree(Files.readString(pending, StandardCharsets.UTF_8));
        long deadline = o.get("deadline").asLong();
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(state.path().resolve(CONFIRMED))) {
                break;
            }
            Thread.sleep(Math.min(200, Math.max(1, deadline - System.currentTimeMillis())));
        }
        boolean confirmed = Files.exists(state.path().resolve(CONFIRMED));
        if (!confirmed) {
            Optional<String> netns = o.path("netns").isTextual() ? Optional.of(o.get("netns").asText()) : Optional.empty();
            KernelState.fromJson(o.get("before").toString()).restore(new Kernel(netns));
            state.rollback();
            try (var history = dev.flywall.runtime.history.History.open(state.path().resolve("history.db"))) {
                history.record(new dev.flywall.runtime.history.History.Event(Instant.now(), "rollback", null, null,
                        null, "apply --confirm was not confirmed in time", "{}"));
            } catch (java.sql.SQLException e) {
                // the revert itself happened; only its record is missing
            }
        }
        Files.deleteIfExists(state.path().resolve(CONFIRMED));
        Files.deleteIfExists(pending);
        return !confirmed;
    }
}
