package dev.flywall.runtime.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state directory: modes, current/previous bundles, the lock, and recovery after a crash. */
class StateDirTest {

    @TempDir Path root;

    @Test
    void installKeepsThePreviousBundleAndProtectsSecrets() throws Exception {
        StateDir state = StateDir.open(root.resolve("state"));
        assertThat(Files.getPosixFilePermissions(state.path())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(state.current()).isEmpty();
        state.install(Map.of("ruleset.nft", "one", "secrets.json", "{}"));
        state.install(Map.of("ruleset.nft", "two"));
        assertThat(state.current()).hasValue(Map.of("ruleset.nft", "two"));
        assertThat(state.previous()).hasValue(Map.of("ruleset.nft", "one", "secrets.json", "{}"));
        assertThat(Files.getPosixFilePermissions(state.path().resolve("previous").resolve("secrets.json")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aSecondLockFailsAtOnceNamingTheHolder() throws Exception {
        StateDir state = StateDir.open(root);
        try (StateDir.Lock held = state.lock()) {
            assertThatThrownBy(state::lock).isInstanceOf(StateLockedException.class)
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
        }
        try (StateDir.Lock again = state.lock()) {
            assertThat(Files.readString(root.resolve("lock"))).startsWith("pid ");
        }
    }

    @Test
    void aCompleteStagedBundleLeftByACrashIsPromotedAndAnIncompleteOneDropped() throws Exception {
        StateDir state = StateDir.open(root);
        state.install(Map.of("ruleset.nft", "old"));
        Path staging = root.resolve(".staging");
        Files.createDirectory(staging);
        Files.writeString(staging.resolve("ruleset.nft"), "new");
        Files.createFile(staging.resolve(".complete"));
        StateDir reopened = StateDir.open(root);
        assertThat(reopened.current()).hasValue(Map.of("ruleset.nft", "new"));
        assertThat(reopened.previous()).hasValue(Map.of("ruleset.nft", "old"));

        Files.createDirectory(staging);
        Files.writeString(staging.resolve("ruleset.nft"), "half");
        StateDir again = StateDir.open(root);
        assertThat(again.current()).hasValue(Map.of("ruleset.nft", "new"));
        assertThat(staging).doesNotExist();
    }
}
