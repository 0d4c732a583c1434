package dev.flywall.runtime.apply;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The state directory ({@code /var/lib/flywall} by default): the applied bundle in
 * {@code current/}, the one before it in {@code previous/}, and {@code lock}. The directory is
 * mode 0700 and {@code secrets.json} 0600. A new bundle is written to a staging directory, synced,
 * and renamed into place, so {@code current/} is always a whole bundle; if a crash falls between
 * the two renames, the next {@link #open} finishes the job. {@link #open} refuses a directory
 * that is not safe to trust or cannot be written ({@link StateDirGuard}), and no file here is
 * ever opened through a symlink.
 */
public final class StateDir {

    static final String CURRENT = "current";
    static final String PREVIOUS = "previous";
    static final String STAGING = ".staging";
    static final String COMPLETE = ".complete";
    static final String LOCK = "lock";

    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");

    private final Path dir;

    private StateDir(Path dir) {
        this.dir = dir;
    }

    /**
     * Opens (creating it, mode 0700, when missing) and finishes an install a crash interrupted.
     * Throws {@link StateDirUnusableException}, saying why and how to fix it, for a directory that
     * is not safe to trust or cannot be written (see {@link StateDirGuard}).
     */
    public static StateDir open(Path dir) throws IOException {
        StateDirGuard guard = StateDirGuard.forThisProcess();
        guard.checkAncestors(dir);
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
        } catch (FileSystemException e) {
            throw new StateDirUnusableException("cannot create the state directory " + dir + ": "
                    + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName())
                    + ". Fix: create it (owned by the user running flywall, mode 0700) or choose another --state-dir.");
        }
        guard.checkDirectory(dir);
        StateDir state = new StateDir(dir);
        state.recover();
        return state;
    }

    public Path path() {
        return dir;
    }

    /** Holds the lock until closed; fails at once, naming the holder, when another process has it. */
    public final class Lock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private Lock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() throws IOException {
            lock.release();
            channel.close();
        }
    }

    public Lock lock() throws IOException, StateLockedException {
        return lock(LOCK);
    }

    /**
     * The same kind of lock on another file of the directory ({@code name}, a plain file name), for a
     * holder that must not exclude {@link #lock()}'s: the daemon runs while apply installs bundles.
     */
    public Lock lock(String name) throws IOException, StateLockedException {
        if (name.isEmpty() || name.contains("/") || name.startsWith(".")) {
            throw new IllegalArgumentException("not a plain file name: " + name);
        }
        Path file = dir.resolve(name);
        // never follows a symlink: a planted "lock -> /etc/shadow" would be truncated below
        FileChannel channel = FileChannel.open(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // this very process holds it already
        }
        if (lock == null) {
            String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
            channel.close();
            throw new StateLockedException(dir.toString(), holder.isEmpty() ? "unknown process" : holder);
        }
        channel.truncate(0);
        channel.write(
                ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)));
        channel.force(true);
        return new Lock(channel, lock);
    }

    /** Installs a bundle (file name → content) as current; the old current becomes previous. */
    public void install(Map<String, String> files) throws IOException {
        Path staging = dir.resolve(STAGING);
        deleteTree(staging);
        Files.createDirectory(staging, PosixFilePermissions.asFileAttribute(DIR_MODE));
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path file = staging.resolve(f.getKey());
            Files.writeString(file, f.getValue(), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(
                    file,
                    PosixFilePermissions.fromString(f.getKey().equals("secrets.json") ? "rw-------" : "rw-r--r--"));
            sync(file);
        }
        Files.createFile(staging.resolve(COMPLETE));
        sync(staging);
        promote();
    }

    /** After a revert: previous/ becomes current/ again (and the reverted bundle is dropped). */
    public void rollback() throws IOException {
        Path current = dir.resolve(CURRENT);
        Path previous = dir.resolve(PREVIOUS);
        deleteTree(current);
        if (Files.isDirectory(previous)) {
            Files.move(previous, current, StandardCopyOption.ATOMIC_MOVE);
        }
        sync(dir);
    }

    /** After destroy: nothing is applied; the last bundle is kept as previous/. */
    public void clear() throws IOException {
        Path current = dir.resolve(CURRENT);
        if (Files.isDirectory(current)) {
            deleteTree(dir.resolve(PREVIOUS));
            Files.move(current, dir.resolve(PREVIOUS), StandardCopyOption.ATOMIC_MOVE);
        }
        sync(dir);
    }

    /** The config hash of the current bundle (from its watchdog.json), if any. */
    public Optional<String> currentHash() {
        try {
            Path watchdog = dir.resolve(CURRENT).resolve("watchdog.json");
            if (!Files.exists(watchdog)) {
                return Optional.empty();
            }
            var m = java.util.regex.Pattern.compile("\"config_hash\":\\s*\"(sha256:[0-9a-f]+)\"")
                    .matcher(Files.readString(watchdog, StandardCharsets.UTF_8));
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The bundle in current/ (empty before the first install). */
    public Optional<Map<String, String>> current() throws IOException {
        return read(dir.resolve(CURRENT));
    }

    public Optional<Map<String, String>> previous() throws IOException {
        return read(dir.resolve(PREVIOUS));
    }

    /** A complete staged bundle left by a crash is promoted; an incomplete one is dropped. */
    private void recover() throws IOException {
        Path staging = dir.resolve(STAGING);
        if (Files.isDirectory(staging)) {
            if (Files.exists(staging.resolve(COMPLETE))) {
                promote();
            } else {
                deleteTree(staging);
            }
        }
    }

    private void promote() throws IOException {
        Path current = dir.resolve(CURRENT);
        Path previous = dir.resolve(PREVIOUS);
        Path staging = dir.resolve(STAGING);
        if (Files.isDirectory(current)) {
            deleteTree(previous);
            Files.move(current, previous, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(staging, current, StandardCopyOption.ATOMIC_MOVE);
        Files.deleteIfExists(current.resolve(COMPLETE));
        sync(dir);
    }

    private static Optional<Map<String, String>> read(Path bundle) throws IOException {
        if (!Files.isDirectory(bundle)) {
            return Optional.empty();
        }
        Map<String, String> files = new LinkedHashMap<>();
        try (Stream<Path> list = Files.list(bundle)) {
            for (Path p : list.sorted().toList()) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                        && !p.getFileName().toString().startsWith(".")) {
                    files.put(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8));
                }
            }
        }
        return Optional.of(files);
    }

    private static void sync(Path path) throws IOException {
        try (FileChannel c = FileChannel.open(path, StandardOpenOption.READ)) {
            c.force(true);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.delete(p);
                } catch (NoSuchFileException ignored) {
                    // already gone
                }
            }
        }
    }
}
