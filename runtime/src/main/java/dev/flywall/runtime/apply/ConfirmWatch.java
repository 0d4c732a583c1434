package dev.flywall.runtime.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywall.runtime.history.History;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code apply --confirm}: the state before the apply is written to {@code pending.json} in the
 * state directory, and a separate process (in its own session, so that losing the SSH session
 * that ran {@code apply} does not stop it) waits for {@code flywall confirm}. If the deadline
 * passes unconfirmed, it takes the state directory's lock, restores the old kernel state, makes
 * the previous bundle current and tells the daemon.
 *
 * <p>A later apply supersedes a pending confirmation ({@link #supersede}): whoever can run
 * {@code flywall apply} again still reaches the gateway, so the pending state is kept and no
 * revert will come back over the newer apply. Each arming has its own id, so a superseded
 * watch never acts on a newer one's file.
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
        o.put("id", UUID.randomUUID().toString());
        o.put("deadline", Instant.now().plus(timeout).toEpochMilli());
        o.put("netns", netns.orElse(null));
        o.set("before", JSON.readTree(before.toJson()));
        Path tmp = state.path().resolve(PENDING + ".tmp");
        Files.writeString(tmp, o.toString(), StandardCharsets.UTF_8);
        Files.move(
                tmp,
                state.path().resolve(PENDING),
                java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Whether an {@code apply --confirm} is waiting for {@code flywall confirm}. */
    public static boolean pending(StateDir state) {
        return read(state).isPresent();
    }

    /**
     * Called by an apply holding the state lock before it changes the kernel: the pending
     * confirmation (if any) is dropped, so its watch exits without reverting. Returns its deadline.
     */
    public static Optional<Instant> supersede(StateDir state) throws IOException {
        Optional<JsonNode> pending = read(state);
        Files.deleteIfExists(state.path().resolve(PENDING));
        Files.deleteIfExists(state.path().resolve(CONFIRMED));
        return pending.map(o -> Instant.ofEpochMilli(o.path("deadline").asLong()));
    }

    /** {@code flywall confirm}: keeps the applied state. False when nothing was waiting. */
    public static boolean confirm(StateDir state) throws IOException {
        if (!Files.exists(state.path().resolve(PENDING))) {
            return false;
        }
        Files.writeString(state.path().resolve(CONFIRMED), "confirmed\n", StandardCharsets.UTF_8);
        return true;
    }

    /** The waiting side: returns true when it reverted, false when confirmed or superseded. */
    public static boolean await(StateDir state) throws IOException, InterruptedException, ApplyException {
        Optional<JsonNode> armed = read(state);
        if (armed.isEmpty()) {
            return false;
        }
        String id = armed.get().path("id").asText();
        long deadline = armed.get().get("deadline").asLong();
        while (System.currentTimeMillis() < deadline && stillWaiting(state, id)) {
            Thread.sleep(Math.min(200, Math.max(1, deadline - System.currentTimeMillis())));
        }
        try (StateDir.Lock lock = lock(state, id)) {
            if (lock == null || !stillWaiting(state, id)) {
                if (lock != null && isMine(state, id)) {
                    Files.deleteIfExists(state.path().resolve(CONFIRMED));
                    Files.deleteIfExists(state.path().resolve(PENDING));
                }
                return false;
            }
            revert(state, armed.get());
            Files.deleteIfExists(state.path().resolve(PENDING));
            return true;
        }
    }

    /** The revert at the deadline, under the lock: kernel and current/ (journaled), history, daemon. */
    private static void revert(StateDir state, JsonNode armed)
            throws IOException, InterruptedException, ApplyException {
        Optional<String> netns =
                armed.path("netns").isTextual() ? Optional.of(armed.get("netns").asText()) : Optional.empty();
        Kernel kernel = new Kernel(netns);
        // journaled as an apply of the previous bundle, so a kill -9 of the revert is finished too
        Intent.record(
                state,
                KernelState.capture(kernel, java.util.List.of(), LinkLedger.in(state)),
                state.previous().orElse(java.util.Map.of()),
                false);
        KernelState.fromJson(armed.get("before").toString()).restore(kernel, LinkLedger.in(state));
        Intent.committed(state);
        state.rollback();
        Intent.done(state);
        try (var history = History.open(state.path().resolve("history.db"))) {
            history.record(new History.Event(
                    Instant.now(), "rollback", null, null, null, "apply --confirm was not confirmed in time", "{}"));
        } catch (java.sql.SQLException e) {
            // the revert itself happened; only its record is missing
        }
        DaemonSignal.reload(state.path());
    }

    /** Waits for the lock (an apply may hold it); null when the confirmation was superseded meanwhile. */
    private static StateDir.Lock lock(StateDir state, String id) throws IOException, InterruptedException {
        while (true) {
            try {
                return state.lock();
            } catch (StateLockedException e) {
                if (!isMine(state, id)) {
                    return null;
                }
                Thread.sleep(100);
            }
        }
    }

    private static boolean stillWaiting(StateDir state, String id) {
        return isMine(state, id) && !Files.exists(state.path().resolve(CONFIRMED));
    }

    private static boolean isMine(StateDir state, String id) {
        return read(state).map(o -> o.path("id").asText().equals(id)).orElse(false);
    }

    private static Optional<JsonNode> read(StateDir state) {
        try {
            return Optional.of(JSON.readTree(Files.readString(state.path().resolve(PENDING), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
