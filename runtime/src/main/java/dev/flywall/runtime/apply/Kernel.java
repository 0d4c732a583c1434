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

    /** Runs a command with {@code stdin} (may be empty) as its standard input. */
    public Result run(String stdin, String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        netns.ifPresent(ns -> full.addAll(List.of("ip", "netns", "exec", ns)));
        full.addAll(List.of(command));
        Process p = new ProcessBuilder(full).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "", "timed out: " + String.join(" ", full));
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
