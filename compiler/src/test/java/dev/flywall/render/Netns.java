package dev.flywall.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A scratch network namespace for tests that run the real {@code nft} and {@code ip}. Needs
 * root and both tools: its users are annotated {@code @NeedsRoot @NeedsTools({"nft", "ip"})}.
 */
final class Netns implements AutoCloseable {

    /** What a command printed and returned. */
    record Run(int exitCode, String output) {}

    private final String name;

    private Netns(String name) {
        this.name = name;
    }

    /** A fresh namespace with veth pairs named after {@code devices} (each paired with a peer "pN"). */
    static Netns create(String prefix, List<String> devices) throws IOException, InterruptedException {
        String name = prefix + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100000;
        Netns ns = new Netns(name);
        ns.check(run("ip", "netns", "add", name));
        ns.check(ns.exec("ip", "link", "set", "lo", "up"));
        int n = 0;
        for (String dev : devices) {
            ns.check(ns.exec("ip", "link", "add", dev, "type", "veth", "peer", "name", "p" + n++));
            ns.check(ns.exec("ip", "link", "set", dev, "up"));
        }
        return ns;
    }

    /** The namespace's name, for {@code ip link set DEV netns NAME}. */
    String name() {
        return name;
    }

    Run exec(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(command));
        return run(full.toArray(String[]::new));
    }

    /** Runs a command in the namespace with {@code input} as a file argument. */
    Run execWithFile(String content, String... commandBeforeFile) throws IOException, InterruptedException {
        Path file = Files.createTempFile("flywall-test", ".txt");
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
            List<String> cmd = new ArrayList<>(List.of(commandBeforeFile));
            cmd.add(file.toString());
            return exec(cmd.toArray(String[]::new));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private void check(Run run) {
        if (run.exitCode() != 0) {
            throw new IllegalStateException("setting up namespace " + name + " failed: " + run.output());
        }
    }

    static Run run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Run(-1, "timed out: " + String.join(" ", command));
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("ip", "netns", "del", name);
    }
}
