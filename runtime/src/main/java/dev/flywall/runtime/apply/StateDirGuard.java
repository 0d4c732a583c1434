package dev.flywall.runtime.apply;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The checks {@link StateDir#open} makes before trusting a state directory. The root daemon
 * loads {@code current/} from it and writes {@code lock} and {@code intent.json.tmp} into it, so
 * a directory another user can write to (or a symlink placed in it) would let that user choose
 * the rules root installs or clobber any file. Refused, with the path, owner, mode and fix:
 * <ul>
 *   <li>the directory or an entry in it being a symlink;</li>
 *   <li>the directory owned by another user than the one running flywall, or writable by its
 *       group or others (a directory that is only readable by them is tightened to 0700);</li>
 *   <li>an ancestor that another user owns or may write to without the sticky bit (they could
 *       rename the state directory away and put their own in its place);</li>
 *   <li>a read-only directory (a read-only mount), which apply, run and destroy cannot use.</li>
 * </ul>
 */
final class StateDirGuard {

    private static final int GROUP_OR_OTHER_WRITE = 0022;
    private static final int GROUP_OR_OTHER_ANY = 0077;
    private static final int STICKY = 01000;

    private final int uid;

    private StateDirGuard(int uid) {
        this.uid = uid;
    }

    /** The guard for the user this process runs as (the owner of {@code /proc/self}). */
    static StateDirGuard forThisProcess() throws IOException {
        return new StateDirGuard((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    }

    static StateDirGuard forUid(int uid) {
        return new StateDirGuard(uid);
    }

    /** Checks the parents of a directory that may not exist yet. */
    void checkAncestors(Path dir) throws IOException {
        for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            int owner = (Integer) Files.getAttribute(p, "unix:uid"); // a root-owned symlink such as /var/run is fine
            int mode = (Integer) Files.getAttribute(p, "unix:mode") & 07777;
            if (owner != 0 && owner != uid) {
                throw refuse(
                        dir,
                        p + " (a parent of it) belongs to uid " + owner + ", who could replace the state directory",
                        "move the state directory under a parent" + " owned by root, or chown root " + p);
            }
            if ((mode & GROUP_OR_OTHER_WRITE) != 0 && (mode & STICKY) == 0) {
                throw refuse(
                        dir,
                        p + " (a parent of it) has mode " + octal(mode)
                                + ": other users may rename the state directory away and put their own in its place",
                        "chmod go-w " + p + " (or chmod +t)");
            }
        }
    }

    /** Checks the directory itself once it exists; tightens a readable-by-others mode to 0700. */
    void checkDirectory(Path dir) throws IOException {
        if (Files.isSymbolicLink(dir)) {
            throw refuse(
                    dir,
                    "it is a symlink (to " + Files.readSymbolicLink(dir) + ")",
                    "give --state-dir the real directory");
        }
        int owner = owner(dir);
        int mode = mode(dir);
        if (owner != uid) {
            throw refuse(
                    dir,
                    "it belongs to uid " + owner + ", not to uid " + uid
                            + " that runs flywall; its owner could replace current/, which the daemon loads",
                    "chown " + uid + " " + dir + " after checking its contents, or use another directory");
        }
        if ((mode & GROUP_OR_OTHER_WRITE) != 0) {
            throw refuse(
                    dir,
                    "it has mode " + octal(mode) + ": other users may have replaced current/",
                    "check its contents, then chmod 0700 " + dir);
        }
        if ((mode & GROUP_OR_OTHER_ANY) != 0) {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
        if (!Files.isWritable(dir)) {
            throw refuse(
                    dir,
                    "it is read-only (a read-only mount?); apply, run and destroy write"
                            + " the lock, the intent record and the bundle there",
                    "remount it read-write or choose"
                            + " a writable --state-dir (ReadWritePaths= in the systemd unit)");
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (Files.isSymbolicLink(entry)) {
                    throw refuse(
                            dir,
                            "it holds a symlink, " + entry + " -> " + Files.readSymbolicLink(entry)
                                    + "; flywall writes its own files there and never follows links",
                            "remove " + entry);
                }
            }
        }
    }

    private static StateDirUnusableException refuse(Path dir, String why, String fix) {
        return new StateDirUnusableException(
                "refusing the state directory " + dir + ": " + why + ". Fix: " + fix + ".");
    }

    private static int owner(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    private static String octal(int mode) {
        return String.format("%04o", mode);
    }
}
