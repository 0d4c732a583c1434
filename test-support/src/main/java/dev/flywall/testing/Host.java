package dev.flywall.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@link HostRequirements} asks of the machine the tests run on: its privileges, its
 * programs, its environment. {@link #current()} is this process on this machine; tests of the
 * gate itself pass another.
 */
public interface Host {

    /**
     * What this process lacks of root as the tests need it (see {@link NeedsRoot}), e.g. "root
     * (running as uid 1000)", or empty.
     */
    Optional<String> missingPrivilege();

    /** True when {@code tool} is an executable on PATH, in /usr/sbin or in /sbin. */
    boolean hasTool(String tool);

    /** An environment variable. */
    Optional<String> env(String name);

    /** This process on this machine. */
    static Host current() {
        return new Current();
    }

    /** Reads /proc/self/status (uid, effective capabilities) and the file system. */
    final class Current implements Host {

        private static final int CAP_NET_ADMIN = 12;
        private static final int CAP_SYS_ADMIN = 21;

        @Override
        public Optional<String> missingPrivilege() {
            List<String> status;
            try {
                status = Files.readAllLines(Path.of("/proc/self/status"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read /proc/self/status to tell whether this is root", e);
            }
            String effectiveUid = field(status, "Uid:").split("\\s+")[1]; // real, effective, saved, fs
            if (!effectiveUid.equals("0")) {
                return Optional.of("root (running as uid " + effectiveUid + ")");
            }
            long capabilities = Long.parseUnsignedLong(field(status, "CapEff:").trim(), 16);
            List<String> lacking = new ArrayList<>();
            if ((capabilities & (1L << CAP_SYS_ADMIN)) == 0) {
                lacking.add("CAP_SYS_ADMIN");
            }
            if ((capabilities & (1L << CAP_NET_ADMIN)) == 0) {
                lacking.add("CAP_NET_ADMIN");
            }
            return lacking.isEmpty()
                    ? Optional.empty()
                    : Optional.of(
                            String.join(" and ", lacking) + " (root here lacks them: an unprivileged container?)");
        }

        private static String field(List<String> status, String name) {
            return status.stream()
                    .filter(line -> line.startsWith(name))
                    .findFirst()
                    .map(line -> line.substring(name.length()).trim())
                    .orElseThrow(() -> new IllegalStateException("/proc/self/status has no " + name + " line"));
        }

        @Override
        public boolean hasTool(String tool) {
            List<String> dirs = new ArrayList<>(
                    List.of(System.getenv().getOrDefault("PATH", "").split(":")));
            dirs.addAll(List.of("/usr/sbin", "/sbin"));
            for (String dir : dirs) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, tool);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public Optional<String> env(String name) {
            return Optional.ofNullable(System.getenv(name));
        }
    }
}
