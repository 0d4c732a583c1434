package dev.flywall.runtime.apply;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code nft} and {@code ip} against the live kernel, or against a network namespace
 * ({@code ip netns exec NAME ...}). Arguments are passed as a list, never through a shell.
 */
public final class Kernel {

    /** What a command printed and returned. */
    public record Result(int exitCode, String out, String err) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    private final Optional<String> netns;

    public Kernel(Optional<String> netns) {
        this.netns = netns;
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
        java.nio.file.Path file = java.nio.file.Files.createTempFile("flywall-", ".batch");
        try {
            java.nio.file.Files.writeString(file, content, StandardCharsets.UTF_8);
            String[] full = java.util.Arrays.copyOf(command, command.length + 1);
            full[command.length] = file.toString();
            return run("", full);
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    /**
     * Runs a command with {@code stdin} (may be empty) as its standard input. In a namespace,
     * {@code ip} switches to it itself ({@code ip -n NAME}, which its manual defines as the same as
     * {@code ip netns exec NAME ip}): one process less to start. Standard output and error are
     * drained together, so neither fills its pipe while the other is read, and a command that does
     * not end within {@link #TIMEOUT} is killed.
     */
    public Result run(String stdin, String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (netns.isPresent() && command.length > 0 && command[0].equals("ip")) {
            full.addAll(List.of("ip", "-n", netns.get()));
            full.addAll(List.of(command).subList(1, command.length));
        } else {
            netns.ifPresent(ns -> full.addAll(List.of("ip", "netns", "exec", ns)));
            full.addAll(List.of(command));
        }
        Process p = new ProcessBuilder(full).start();
        var out = drain(p.getInputStream());
        var err = drain(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the command ended without reading its input: its exit code and output tell why
        }
        if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            p.waitFor();
            return new Result(-1, "", "timed out: " + String.join(" ", full));
        }
        return new Result(p.exitValue(), text(out), text(err));
    }

    /** How long a command may take before it is killed. */
    static final java.time.Duration TIMEOUT = java.time.Duration.ofSeconds(120);

    /** Reads a stream to its end on a thread of its own. */
    private static java.util.concurrent.FutureTask<byte[]> drain(java.io.InputStream stream) {
        var task = new java.util.concurrent.FutureTask<>(stream::readAllBytes);
        Thread.ofPlatform().daemon().start(task);
        return task;
    }

    private static String text(java.util.concurrent.FutureTask<byte[]> drained) throws IOException,
            InterruptedException {
        try {
            return new String(drained.get(), StandardCharsets.UTF_8);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("reading a command's output failed", e.getCause());
        }
    }
}
