package dev.flywall.runtime.apply;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A read-only tmpfs (mode 0700, owned by root) mounted over a test directory, as a state
 * directory on a read-only file system; unmounted on close. Needs root: its users are annotated
 * {@code @NeedsRoot}.
 */
public final class ReadOnlyMount implements AutoCloseable {

    private final Path dir;

    private ReadOnlyMount(Path dir) {
        this.dir = dir;
    }

    /** Mounts over {@code dir}. */
    public static ReadOnlyMount over(Path dir) throws IOException, InterruptedException {
        run("mount", "-t", "tmpfs", "-o", "ro,size=64k,mode=0700", "flywall-test-ro", dir.toString());
        return new ReadOnlyMount(dir);
    }

    @Override
    public void close() throws IOException {
        try {
            run("umount", dir.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while unmounting " + dir, e);
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output.strip());
        }
    }
}
