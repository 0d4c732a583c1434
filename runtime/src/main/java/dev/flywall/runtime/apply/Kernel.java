package dev.flywall.runtime.apply;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs {@code nft} and {@code ip} against the live kernel, or against a network namespace
 * ({@code ip netns exec NAME ...}). Arguments are passed as a list, never through a shell.
 *
 * <p>The child's stdin is fed and its stdout and stderr are drained on threads of their own,
 * so a child that writes more than a pipe holds to either stream (64 KiB) never blocks, and the
 * timeout can fire whatever the child does: on expiry the child and its descendants are killed.
 */
public final class Kernel {

    /** How long a command may run unless the caller says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    /** How long the drains may still take once the child has exited or was killed. */
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(2);

    /** What a command printed and returned. */
    public record Result(int exitCode, String out, String err) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    private final Optional<String> netns;
    private final Duration timeout;

    public Kernel(Optional<String> netns) {
        this(netns, DEFAULT_TIMEOUT);
    }

    public Kernel(Optional<String> netns, Duration timeout) {
        this.netns = Objects.requireNonNull(netns);
        this.timeout = Objects.requireNonNull(timeout);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    public Optional<String> netns() {
        return netns;
    }

    /**
     * Runs a command on a file holding {@code content}, whose path is appended as the last argument
     * ({@code nft -f FILE}, {@code ip -batch FILE}). The command reads the whole file itself, so a
     * kill -9 of this process once it started cannot cut its input short: it does all of it.
     */
    public Result runOnFile(String content, String... command) throws IOException, InterruptedException {
        Path file = Files.createTempFile("flywall-", ".batch");
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
            String[] full = Arrays.copyOf(command, command.length + 1);
            full[command.length] = file.toString();
            return run("", full);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Runs a command with {@code stdin} (may be empty) as its standard input. In a namespace,
     * {@code ip} switches to it itself ({@code ip -n NAME}, which its manual defines as the same as
     * {@code ip netns exec NAME ip}): one process less to start. A command still running after the
     * timeout is killed with its descendants and gives exit code -1 with {@code timed out: COMMAND}
     * on stderr.
     */
    public Result run(String stdin, String... command) throws IOException, InterruptedException {
        List<String> full = inNamespace(command);
        Process p = new ProcessBuilder(full).start();
        CompletableFuture<Void> fed = feed(p.getOutputStream(), stdin.getBytes(StandardCharsets.UTF_8));
        CompletableFuture<byte[]> out = drain(p.getInputStream());
        CompletableFuture<byte[]> err = drain(p.getErrorStream());
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                killTree(p);
                return new Result(-1, "", "timed out after " + timeout.toMillis() + " ms: " + String.join(" ", full));
            }
            byte[] outBytes = await(out);
            byte[] errBytes = await(err);
            awaitFed(fed);
            return new Result(
                    p.exitValue(),
                    new String(outBytes, StandardCharsets.UTF_8),
                    new String(errBytes, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            killTree(p);
            throw e;
        } finally {
            // a descendant that inherited the pipes may keep them open: closing our ends ends the drains
            closeQuietly(p.getInputStream());
            closeQuietly(p.getErrorStream());
        }
    }

    private static CompletableFuture<Void> feed(OutputStream in, byte[] bytes) throws IOException {
        if (bytes.length == 0) {
            in.close();
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.runAsync(
                () -> {
                    try (in) {
                        in.write(bytes);
                    } catch (IOException e) {
                        // the child closed its stdin early (it exited, or does not read it): not our failure
                    }
                },
                Kernel::startDrainThread);
    }

    /**
     * {@code command} as it runs in this kernel's namespace: {@code ip netns exec NAME command},
     * or {@code ip -n NAME ...} for ip itself; unchanged without a namespace. (Package-private: the
     * long-running helpers, {@link NftSession} and {@link ConntrackFlush}, start theirs with it.)
     */
    List<String> inNamespace(String... command) {
        List<String> full = new ArrayList<>();
        if (netns.isPresent() && command.length > 0 && command[0].equals("ip")) {
            full.addAll(List.of("ip", "-n", netns.get()));
            full.addAll(List.of(command).subList(1, command.length));
        } else {
            netns.ifPresent(ns -> full.addAll(List.of("ip", "netns", "exec", ns)));
            full.addAll(List.of(command));
        }
        return full;
    }

    /** Reads {@code stream} to its end on a thread of its own (package-private: {@link ConntrackFlush} uses it too). */
    static CompletableFuture<byte[]> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return stream.readAllBytes();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                Kernel::startDrainThread);
    }

    private static void startDrainThread(Runnable task) {
        Thread.ofVirtual().name("kernel-pipe").start(task);
    }

    /** What {@link #drain} read, once the process has exited (package-private: {@link ConntrackFlush} too). */
    static byte[] await(CompletableFuture<byte[]> drained) throws IOException, InterruptedException {
        try {
            return drained.get(DRAIN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // the child exited but a descendant still holds the pipe: what was read so far is lost
            throw new IOException("output still open " + DRAIN_GRACE.toMillis() + " ms after the command exited");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IOException(e.getCause());
        }
    }

    private static void awaitFed(CompletableFuture<Void> fed) throws InterruptedException {
        try {
            fed.get(DRAIN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // the child exited without reading all its input: its exit code says what happened
        }
    }

    private static void killTree(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // nothing left to read from it either way
        }
    }
}
