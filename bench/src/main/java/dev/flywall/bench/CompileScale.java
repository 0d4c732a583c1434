package dev.flywall.bench;

import dev.flywall.Compiler;
import dev.flywall.source.SourceFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The compiler at scale: a generated configuration with 50 WANs, 500 policy routes and ipsets
 * totalling 100,000 CIDRs. Prints the in-process compile time (median of 7 after 3 warm-ups), the
 * generated rule count (which must not grow with the CIDR count: it is printed for 10,000 CIDRs
 * too), and — as root with nft and ip installed — the wall time of {@code nft -c -f} and
 * {@code nft -f} loading the ruleset in a scratch network namespace. Targets: compile < 1 s,
 * load < 2 s. Run with {@code bench/run-compile.sh}.
 */
public final class CompileScale {

    private CompileScale() {}

    public static void main(String[] args) throws Exception {
        int wans = 50;
        int routes = 500;
        String big = config(wans, routes, 100_000);
        String small = config(wans, routes, 10_000);
        System.out.printf(
                "config: %d WANs, %d policy routes, 100,000 CIDRs, %d KiB%n", wans, routes, big.length() / 1024);
        Compiler.Artifacts artifacts = null;
        long[] ms = new long[7];
        for (int i = 0; i < 10; i++) {
            long t0 = System.nanoTime();
            artifacts = compile(big);
            if (i >= 3) {
                ms[i - 3] = (System.nanoTime() - t0) / 1_000_000;
            }
        }
        Arrays.sort(ms);
        System.out.printf("compile: median %d ms (min %d, max %d) — target < 1000 ms%n", ms[3], ms[0], ms[6]);
        System.out.printf(
                "nft rules: %d with 100,000 CIDRs, %d with 10,000 (must be equal); ruleset %d KiB%n",
                artifacts.ruleCount(),
                compile(small).ruleCount(),
                artifacts.rulesetNft().length() / 1024);
        load(artifacts.rulesetNft(), wans);
    }

    private static Compiler.Artifacts compile(String text) {
        Compiler.Result result = Compiler.compile(List.of(new SourceFile("scale.hcl", text)), Map.of());
        return result.artifacts()
                .orElseThrow(() -> new IllegalStateException("does not compile: "
                        + result.diagnostics()
                                .subList(0, Math.min(3, result.diagnostics().size()))));
    }

    /** Deterministic: WAN i has priority 1 + i % 3 and weight 1 + i % 5; route r sends to WAN r % wans. */
    static String config(int wans, int routes, int cidrs) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < wans; i++) {
            sb.append("interface \"wan")
                    .append(i)
                    .append("\" {\n  zone = \"WAN\"\n  dhcp = true\n  wan {\n")
                    .append("    priority = ")
                    .append(1 + i % 3)
                    .append("\n    weight   = ")
                    .append(1 + i % 5)
                    .append("\n  }\n}\n");
        }
        sb.append("interface \"lan0\" {\n  zone    = \"LAN\"\n  address = \"10.255.0.1/16\"\n}\n");
        sb.append("uplink_group \"default\" {\n  mode = \"balance\"\n");
        for (int i = 0; i < wans; i++) {
            sb.append("  member \"wan").append(i).append("\" {}\n");
        }
        sb.append("}\n");
        int perRoute = cidrs / routes;
        int n = 0;
        for (int r = 0; r < routes; r++) {
            sb.append("policy_route \"r")
                    .append(r)
                    .append("\" {\n  match {\n    protocol    = \"tcp\"\n")
                    .append("    dest_port   = [\"")
                    .append(1000 + r)
                    .append("\", \"8000-8100\"]\n    destination = [");
            for (int k = 0; k < perRoute; k++, n++) {
                sb.append(k == 0 ? "" : ", ")
                        .append('"')
                        .append(1 + (n >> 16) % 200)
                        .append('.')
                        .append((n >> 8) & 255)
                        .append('.')
                        .append(n & 255)
                        .append(".0/24\"");
            }
            sb.append("]\n  }\n  uplink = \"wan").append(r % wans).append("\"\n}\n");
        }
        return sb.toString();
    }

    private static void load(String ruleset, int wans) throws IOException, InterruptedException {
        if (!"root".equals(System.getProperty("user.name")) || run("nft", "--version") != 0) {
            System.out.println("nft load: skipped (needs root and nft)");
            return;
        }
        String ns = "fwbench-" + ProcessHandle.current().pid();
        Path file = Files.createTempFile("flywall-scale", ".nft");
        try {
            Files.writeString(file, ruleset, StandardCharsets.UTF_8);
            run("ip", "netns", "add", ns);
            run("ip", "-n", ns, "link", "set", "lo", "up");
            for (int i = 0; i < wans; i++) {
                run("ip", "-n", ns, "link", "add", "wan" + i, "type", "veth", "peer", "name", "p" + i);
            }
            run("ip", "-n", ns, "link", "add", "lan0", "type", "veth", "peer", "name", "plan0");
            for (String mode : List.of("-c", "")) {
                List<Long> times = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, "nft"));
                    if (!mode.isEmpty()) {
                        cmd.add(mode);
                    }
                    cmd.addAll(List.of("-f", file.toString()));
                    long t0 = System.nanoTime();
                    int rc = run(cmd.toArray(String[]::new));
                    times.add((System.nanoTime() - t0) / 1_000_000);
                    if (rc != 0) {
                        System.out.println("nft " + mode + " -f failed with exit code " + rc);
                        return;
                    }
                }
                System.out.printf("nft %s-f: %s ms — target < 2000 ms%n", mode.isEmpty() ? "" : mode + " ", times);
            }
        } finally {
            run("ip", "netns", "del", ns);
            Files.deleteIfExists(file);
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
