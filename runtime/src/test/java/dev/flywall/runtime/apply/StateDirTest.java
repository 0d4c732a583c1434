package dev.flywall.runtime.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywall.testing.NeedsRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state directory: modes, current/previous bundles, the lock, and recovery after a crash. */
class StateDirTest {

    @TempDir
    Path root;

    @Test
    void installKeepsThePreviousBundleAndProtectsSecrets() throws Exception {
        StateDir state = StateDir.open(root.resolve("state"));
        assertThat(Files.getPosixFilePermissions(state.path())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(state.current()).isEmpty();
        state.install(Map.of("ruleset.nft", "one", "secrets.json", "{}"));
        state.install(Map.of("ruleset.nft", "two"));
        assertThat(state.current()).hasValue(Map.of("ruleset.nft", "two"));
        assertThat(state.previous()).hasValue(Map.of("ruleset.nft", "one", "secrets.json", "{}"));
        assertThat(Files.getPosixFilePermissions(
                        state.path().resolve("previous").resolve("secrets.json")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aSecondLockFailsAtOnceNamingTheHolder() throws Exception {
        StateDir state = StateDir.open(root);
        try (StateDir.Lock held = state.lock()) {
            assertThatThrownBy(state::lock)
                    .isInstanceOf(StateLockedException.class)
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

    @Test
    void aLockSymlinkIsRefusedAndItsTargetKept() throws Exception {
        StateDir state = StateDir.open(root.resolve("state"));
        Path victim = Files.writeString(root.resolve("victim"), "precious\n");
        Files.createSymbolicLink(state.path().resolve("lock"), victim);

        assertThatThrownBy(state::lock).isInstanceOf(java.io.IOException.class);
        assertThatThrownBy(() -> StateDir.open(state.path()))
                .isInstanceOf(StateDirUnusableException.class)
                .hasMessageContaining(state.path().resolve("lock") + " -> " + victim)
                .hasMessageContaining("Fix: remove " + state.path().resolve("lock"));
        assertThat(Files.readString(victim)).isEqualTo("precious\n");
    }

    @Test
    void anIntentTmpSymlinkIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path dir = StateDir.open(root.resolve("state")).path();
        Files.createSymbolicLink(dir.resolve("intent.json.tmp"), root.resolve("elsewhere"));

        assertThatThrownBy(() -> StateDir.open(dir))
                .isInstanceOf(StateDirUnusableException.class)
                .hasMessageContaining("intent.json.tmp")
                .hasMessageContaining("never follows links");
        assertThat(root.resolve("elsewhere")).doesNotExist();
    }

    @Test
    void aSymlinkedStateDirectoryIsRefused() throws Exception {
        Path real = StateDir.open(root.resolve("real")).path();
        Path link = Files.createSymbolicLink(root.resolve("link"), real);

        assertThatThrownBy(() -> StateDir.open(link))
                .isInstanceOf(StateDirUnusableException.class)
                .hasMessage("refusing the state directory " + link + ": it is a symlink (to " + real
                        + "). Fix: give --state-dir the real directory.");
    }

    @Test
    @NeedsRoot // chown
    void aDirectoryOwnedByAnotherUserIsRefusedNamingOwnerAndFix() throws Exception {
        Path dir = StateDir.open(root.resolve("state")).path();
        UserPrincipal nobody =
                dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(dir, nobody);

        assertThatThrownBy(() -> StateDir.open(dir))
                .isInstanceOf(StateDirUnusableException.class)
                .hasMessageContaining("it belongs to uid " + uid(dir) + ", not to uid 0")
                .hasMessageContaining("its owner could replace current/")
                .hasMessageContaining("Fix: chown 0 " + dir);
    }

    @Test
    void aGroupWritableDirectoryIsRefusedAndAReadableOneTightened() throws Exception {
        Path dir = StateDir.open(root.resolve("state")).path();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwx---"));
        assertThatThrownBy(() -> StateDir.open(dir))
                .isInstanceOf(StateDirUnusableException.class)
                .hasMessageContaining("it has mode 0770")
                .hasMessageContaining("chmod 0700 " + dir);

        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        StateDir.open(dir);
        assertThat(Files.getPosixFilePermissions(dir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void aParentOthersMayWriteWithoutTheStickyBitIsRefused() throws Exception {
        Path parent = Files.createDirectory(root.resolve("shared"));
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThatThrownBy(() -> StateDir.open(parent.resolve("state")))
                .isInstanceOf(StateDirUnusableException.class)
                .hasMessageContaining(parent + " (a parent of it) has mode 0777")
                .hasMessageContaining("chmod go-w " + parent);
        assertThat(parent.resolve("state")).doesNotExist();
    }

    @Test
    @NeedsRoot // mount
    void aReadOnlyStateDirectoryIsRefusedWithTheFix() throws Exception {
        Path dir = StateDir.open(root.resolve("state")).path();
        try (ReadOnlyMount mount = ReadOnlyMount.over(dir)) {
            assertThatThrownBy(() -> StateDir.open(dir))
                    .isInstanceOf(StateDirUnusableException.class)
                    .hasMessageContaining("it is read-only")
                    .hasMessageContaining("remount it read-write");
            assertThatThrownBy(() -> StateDir.open(dir.resolve("sub")))
                    .isInstanceOf(StateDirUnusableException.class)
                    .hasMessageContaining(
                            "cannot create the state directory " + dir.resolve("sub") + ": Read-only file system");
        }
    }

    private static int uid(Path p) throws java.io.IOException {
        return (Integer) Files.getAttribute(p, "unix:uid");
    }
}
