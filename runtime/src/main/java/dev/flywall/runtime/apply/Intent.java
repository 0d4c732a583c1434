package dev.flywall.runtime.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The intent journal ({@code intent.json} in the state directory): before touching the kernel,
 * apply records the state it is about to replace and which bundle it is installing; once the
 * kernel holds the new state it marks the journal committed; once the bundle is installed (and,
 * for {@code --confirm}, the revert armed) it deletes it. A journal found later means an apply
 * died in between (kill -9, power loss), and {@link #recover} finishes it the one safe way:
 * <ul>
 * <li>committed, and the bundle is installed (and armed) — the apply was complete: only the
 * journal is left to delete;
 * <li>anything else — the kernel may hold a mix of old and new: the recorded state is restored,
 * and a bundle installed by the interrupted apply is rolled back, so the kernel and
 * {@code current/} again agree on the old state.
 * </ul>
 * The next apply and {@code flywall run} both call it before anything else.
 */
public final class Intent {

    static final String FILE = "intent.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What {@link #recover} found and did. */
    public enum Recovery {
        /** No apply was interrupted. */
        NONE,
        /** The interrupted apply had finished its work: its journal was deleted. */
        FINISHED,
        /** The interrupted apply was reverted to the state recorded before it. */
        REVERTED
    }

    private Intent() {}

    /** Written (synced, by rename) before the first change to the kernel. */
    public static void record(StateDir state, KernelState before, Map<String, String> bundle, boolean confirm)
            throws IOException {
        var o = JSON.createObjectNode();
        o.put("phase", "kernel");
        o.put("bundle", digest(bundle));
        o.put("confirm", confirm);
        o.set("before", JSON.readTree(before.toJson()));
        write(state, o.toString());
    }

    /** The kernel holds the new state; the bundle is about to be installed. */
    public static void committed(StateDir state) throws IOException {
        var o = (com.fasterxml.jackson.databind.node.ObjectNode)
                JSON.readTree(Files.readString(state.path().resolve(FILE), StandardCharsets.UTF_8));
        o.put("phase", "commit");
        write(state, o.toString());
    }

    public static void done(StateDir state) throws IOException {
        Files.deleteIfExists(state.path().resolve(FILE));
    }

    /** Finishes an apply that was interrupted (see the class comment); deletes the journal. */
    public static Recovery recover(StateDir state, Kernel kernel)
            throws IOException, InterruptedException, ApplyException {
        Path file = state.path().resolve(FILE);
        if (!Files.exists(file)) {
            return Recovery.NONE;
        }
        JsonNode o = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        boolean committed = o.path("phase").asText().equals("commit");
        // no current/ is the empty bundle: what a revert of the first apply leaves
        boolean installed = committed
                && digest(state.current().orElse(Map.of()))
                        .equals(o.path("bundle").asText());
        boolean armed = !o.path("confirm").asBoolean() || ConfirmWatch.pending(state);
        if (installed && armed) {
            done(state);
            return Recovery.FINISHED;
        }
        // journals of earlier versions hold the snapshot itself
        KernelState.fromJson((o.has("before") ? o.get("before") : o).toString()).restore(kernel, LinkLedger.in(state));
        if (installed) {
            state.rollback();
        }
        done(state);
        return Recovery.REVERTED;
    }

    /** A digest of a bundle's files, to tell whether {@code current/} holds it. */
    static String digest(Map<String, String> bundle) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (var e : new TreeMap<>(bundle).entrySet()) {
                sha.update((e.getKey() + "\0" + e.getValue() + "\0").getBytes(StandardCharsets.UTF_8));
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void write(StateDir state, String json) throws IOException {
        Path tmp = state.path().resolve(FILE + ".tmp");
        Files.writeString(tmp, json, StandardCharsets.UTF_8);
        try (var channel = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(
                tmp, state.path().resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
