package dev.flywall.runtime.apply;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bundles as the kernel lists them ({@link LivePlan#normalised}), kept in {@code /run/flywall/plans}
 * (a tmpfs: gone at the next boot). What the kernel lists for a bundle depends on the bundle, the
 * interfaces its scratch namespace is given, the kernel and nft — all four are in the key — and on
 * nothing else, so a re-apply or a plan of a bundle seen before needs no scratch namespace. A
 * cache that cannot be read or written (not root, read-only /run) is no cache; never an error.
 * The declared interfaces are not in what is cached: the plan compares them live every time
 * ({@link LinkChange}: the devices as the kernel has them now, the state directory's
 * {@link LinkLedger}, the shaping leaf the kernel has), so nothing they read needs to be in the
 * key; the bundle's declaration of them is in it anyway (watchdog.json is part of the digest).
 *
 * <p>nft is known by its binary's path, size and time, not by its library's (libnftables, which
 * formats the listing, is updated with it). Were the library alone to change the listing's
 * format, a cached listing would differ from the live one, which the plan shows as changes: a
 * stale entry can add a change to a plan, never hide one, since the live kernel would have to
 * hold the stale listing itself.
 */
final class PlanCache {

    private static final Path DIR = Path.of("/run/flywall/plans");
    private static final int KEEP = 32;

    private PlanCache() {}

    /** The cached normalisation of {@code bundle}, if one was made on this boot with this kernel and nft. */
    static Optional<KernelState> get(Map<String, String> bundle, List<String> devices) {
        try {
            Path file = DIR.resolve(key(bundle, devices) + ".json");
            if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            return Optional.of(KernelState.fromJson(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Keeps a normalisation (the newest {@value #KEEP} are kept). */
    static void put(Map<String, String> bundle, List<String> devices, KernelState normalised) {
        try {
            Files.createDirectories(
                    DIR, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            if (!Files.getOwner(DIR).getName().equals(System.getProperty("user.name"))) {
                return; // someone else's directory: not trusted for what the plan shows
            }
            Path tmp = Files.createTempFile(DIR, ".plan", ".tmp");
            Files.writeString(tmp, normalised.toJson(), StandardCharsets.UTF_8);
            Files.move(
                    tmp,
                    DIR.resolve(key(bundle, devices) + ".json"),
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            prune();
        } catch (IOException | RuntimeException e) {
            // no cache: the next plan makes its scratch namespace again
        }
    }

    private static void prune() throws IOException {
        List<Path> files;
        try (var list = Files.list(DIR)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .sorted(Comparator.comparing(PlanCache::modified).reversed())
                    .toList();
        }
        for (Path old : files.subList(Math.min(KEEP, files.size()), files.size())) {
            Files.deleteIfExists(old);
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /** SHA-256 of the bundle, the devices, the kernel's release and the nft binary's size and time. */
    static String key(Map<String, String> bundle, List<String> devices) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(
                    (Intent.digest(bundle) + "\0" + String.join(",", devices) + "\0").getBytes(StandardCharsets.UTF_8));
            sha.update(Files.readAllBytes(Path.of("/proc/sys/kernel/osrelease")));
            sha.update(nft().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The nft that a command would run (the first on PATH), as its path, size and modification time. */
    private static String nft() throws IOException {
        for (String dir : System.getenv()
                .getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
                .split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "nft");
            if (Files.isExecutable(candidate)) {
                Path real = candidate.toRealPath();
                return real + " " + Files.size(real) + " "
                        + Files.getLastModifiedTime(real).toMillis();
            }
        }
        throw new IOException("no nft on PATH");
    }
}
