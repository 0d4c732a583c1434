package dev.flywall.runtime.apply;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The intent journal: before touching the kernel, apply records the state it is about to
 * replace ({@code intent.json} in the state directory); it deletes the record once the new
 * bundle is installed. A record found later means an apply died in between (kill -9, power
 * loss); the next apply reverts to the recorded state before doing anything else, so the
 * kernel never keeps a silent mix.
 */
public final class Intent {

    static final String FILE = "intent.json";

    private Intent() {}

    /** Written (synced, by rename) before the first change to the kernel. */
    public static void record(StateDir state, KernelState before) throws IOException {
        Path tmp = state.path().resolve(FILE + ".tmp");
        Files.writeString(tmp, before.toJson(), StandardCharsets.UTF_8);
        Files.move(tmp, state.path().resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public static void done(StateDir state) throws IOException {
        Files.deleteIfExists(state.path().resolve(FILE));
    }

    /**
     * Reverts an apply that was interrupted: restores the recorded state and forgets the record.
     * Returns whether there was one.
     */
    public static boolean recover(StateDir state, Kernel kernel)
            throws IOException, InterruptedException, ApplyException {
        Path file = state.path().resolve(FILE);
        Optional<String> json = Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8))
                : Optional.empty();
        if (json.isEmpty()) {
            return false;
        }
        KernelState.fromJson(json.get()).restore(kernel);
        done(state);
        return true;
    }
}
