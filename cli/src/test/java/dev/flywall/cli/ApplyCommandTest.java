package dev.flywall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.runtime.apply.Kernel;
import dev.flywall.testing.NeedsRoot;
import dev.flywall.testing.NeedsTools;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code apply}, {@code confirm} and {@code destroy} against a scratch network namespace. Needs
 * root, nft and ip; skipped with the reason printed otherwise.
 */
@NeedsRoot
@NeedsTools({"nft", "ip"})
class ApplyCommandTest {

    @TempDir
    Path stateDir;

    @TempDir
    Path scratch;

    private String ns;
    private Kernel kernel;

    private record Result(int exitCode, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(exitCode, out.toString(), err.toString());
    }

    @BeforeEach
    void namespace() throws Exception {
        ns = "fwcli-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100000;
        new Kernel(Optional.empty()).run("", "ip", "netns", "add", ns);
        kernel = new Kernel(Optional.of(ns));
        kernel.run("", "ip", "link", "set", "lo", "up");
        for (String dev : List.of("eth0", "eth1", "eth2", "usb0", "lan0", "wwan0")) {
            kernel.run("", "ip", "link", "add", dev, "type", "veth", "peer", "name", "p" + dev);
            kernel.run("", "ip", "link", "set", dev, "up");
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (ns != null) {
            new Kernel(Optional.empty()).run("", "ip", "netns", "del", ns);
        }
    }

    private String[] apply(String example, String... more) {
        List<String> args =
                new java.util.ArrayList<>(List.of("apply", "--netns", ns, "--state-dir", stateDir.toString()));
        args.addAll(List.of(more));
        args.add(Path.of("..", "examples", example).toString());
        return args.toArray(String[]::new);
    }

    private String table() throws Exception {
        return kernel.run("", "nft", "list", "table", "inet", "flywall").out();
    }

    @Test
    void appliesOnceThenHasNothingToChangeAndDestroyRemovesIt() throws Exception {
        Result first = run(apply("dual-wan.hcl"));
        assertThat(first.exitCode()).as(first.err()).isEqualTo(ExitCodes.SUCCESS);
        assertThat(first.out()).contains("Plan: ", "Applied.");
        assertThat(table()).contains("chain classify");
        Result again = run(apply("dual-wan.hcl"));
        assertThat(again.out()).isEqualTo("No changes.\n");
        try (var history = dev.flywall.runtime.history.History.open(stateDir.resolve("history.db"))) {
            var events = history.recent(10);
            assertThat(events).singleElement().satisfies(e -> {
                assertThat(e.kind()).isEqualTo("apply");
                assertThat(e.details()).contains("\"config_hash\":\"sha256:", "to add");
            });
        }
        Result dry = run(apply("policy-routing.hcl", "--dry-run"));
        assertThat(dry.exitCode()).isEqualTo(ExitCodes.CHANGES);
        assertThat(table()).doesNotContain("route_gaming");
        assertThat(kernel.run(
                                "table inet operator {\n chain input {\n type filter hook input priority 0; policy accept;\n"
                                        + " }\n}\n",
                                "nft",
                                "-f",
                                "-")
                        .ok())
                .isTrue();
        kernel.run("", "ip", "rule", "add", "priority", "9999", "from", "10.9.9.9", "lookup", "200");
        Result destroy = run("destroy", "--netns", ns, "--state-dir", stateDir.toString());
        assertThat(destroy.exitCode()).isEqualTo(ExitCodes.SUCCESS);
        assertThat(kernel.run("", "nft", "list", "table", "inet", "flywall").ok())
                .isFalse();
        assertThat(kernel.run("", "ip", "rule", "show").out())
                .doesNotContain("lookup 101")
                .contains("lookup 200");
        assertThat(kernel.run("", "nft", "list", "table", "inet", "operator").ok())
                .isTrue();
    }

    /**
     * The dual-stack example declares static addresses on all three interfaces and shapes both
     * uplinks; eth2's IPv4 address is already there (the operator's), so flywall never removes it.
     */
    @Test
    void theDeclaredInterfacesAreProvisionedPlannedAndUndoneByDestroy() throws Exception {
        kernel.run("", "ip", "address", "add", "192.168.1.1/24", "dev", "eth2");
        Result first = run(apply("ipv6-dual-stack.hcl"));
        assertThat(first.exitCode()).as(first.err()).isEqualTo(ExitCodes.SUCCESS);
        assertThat(first.out())
                .contains(
                        "  + address 203.0.113.10/29 dev eth0\n",
                        "  + address 2001:db8:100::10/64 dev eth0\n",
                        "  + address fd00:10::1/64 dev eth2\n",
                        "  + shaping eth0 1 Gbit/s\n",
                        "  + shaping eth1 250 Mbit/s\n",
                        "Applied.")
                .doesNotContain("192.168.1.1/24");
        assertThat(addresses("eth0")).containsExactly("2001:db8:100::10/64", "203.0.113.10/29");
        assertThat(kernel.run("", "tc", "class", "show", "dev", "eth1").out()).contains("rate 250Mbit");
        String example = Path.of("..", "examples", "ipv6-dual-stack.hcl").toString();
        Result plan = run("plan", "--netns", ns, "--state-dir", stateDir.toString(), example);
        assertThat(plan.out()).as(plan.err()).isEqualTo("No changes.\n");
        assertThat(run(apply("ipv6-dual-stack.hcl")).out()).isEqualTo("No changes.\n");
        Result destroy = run("destroy", "--netns", ns, "--state-dir", stateDir.toString());
        assertThat(destroy.out())
                .isEqualTo("Destroyed: flywall's table, rules, routes, addresses and shaping are gone.\n");
        assertThat(addresses("eth0")).isEmpty();
        assertThat(addresses("eth2")).containsExactly("192.168.1.1/24");
        assertThat(kernel.run("", "tc", "qdisc", "show", "dev", "eth1").out()).doesNotContain("htb");
    }

    /** The global addresses of {@code device}, sorted. */
    private List<String> addresses(String device) throws Exception {
        return kernel.run("", "ip", "-o", "address", "show", "dev", device, "scope", "global")
                .out()
                .lines()
                .map(l -> l.split("\\s+")[3])
                .sorted()
                .toList();
    }

    @Test
    void planComparesWithTheLiveKernelAsTheKernelListsIt() throws Exception {
        String dualWan = Path.of("..", "examples", "dual-wan.hcl").toString();
        Result empty = run("plan", "--netns", ns, dualWan);
        assertThat(empty.out()).contains("+ nft chain classify").endsWith("to destroy.\n");
        run(apply("dual-wan.hcl"));
        Result same = run("plan", "--detailed-exitcode", "--netns", ns, dualWan);
        assertThat(same.exitCode()).as(same.err()).isEqualTo(ExitCodes.SUCCESS);
        assertThat(same.out()).isEqualTo("No changes.\n");
        Result other = run(
                "plan",
                "--detailed-exitcode",
                "--netns",
                ns,
                Path.of("..", "examples", "policy-routing.hcl").toString());
        assertThat(other.exitCode()).isEqualTo(ExitCodes.CHANGES);
        assertThat(other.out()).contains("+ nft chain route_gaming", "~ nft chain classify");
    }

    @Test
    void anUnconfirmedApplyIsRevertedByItsOwnProcessWhichTellsTheDaemon() throws Exception {
        run(apply("dual-wan.hcl"));
        String before = table();
        // a stand-in daemon that handles SIGHUP (the reload signal) and ends at the second one
        java.nio.file.Path reloads = scratch.resolve("reloads");
        Process daemon = new ProcessBuilder(
                        "bash",
                        "-c",
                        "n=0; trap 'n=$((n+1)); echo $n >> " + reloads + "; [ $n -ge 2 ] && exit 0' HUP;"
                                + " echo ready; while true; do sleep 0.1; done")
                .start();
        daemon.getInputStream().read(); // "ready": the trap is set
        java.nio.file.Files.writeString(stateDir.resolve("daemon.pid"), daemon.pid() + "\n");
        Result applied = run(apply("policy-routing.hcl", "--confirm", "2s"));
        assertThat(applied.out()).contains("Run 'flywall confirm' within 2s");
        assertThat(applied.out()).contains("Told the daemon (pid " + daemon.pid() + ") to reload.");
        assertThat(table()).contains("route_gaming");
        waitFor(() -> table().equals(before), 15_000);
        assertThat(table()).isEqualTo(before);
        waitFor(() -> !java.nio.file.Files.exists(stateDir.resolve("pending.json")), 5_000);
        assertThat(stateDir.resolve("intent.json"))
                .as("the revert's journal is closed")
                .doesNotExist();
        assertThat(stateDir.resolve("current").resolve("ruleset.nft")).content().doesNotContain("route_gaming");
        try (var history = dev.flywall.runtime.history.History.open(stateDir.resolve("history.db"))) {
            assertThat(history.recent(1)).extracting(e -> e.kind()).containsExactly("rollback");
        }
        assertThat(daemon.waitFor(5, java.util.concurrent.TimeUnit.SECONDS))
                .as("the daemon was told to reload twice:" + " after the apply and after the revert")
                .isTrue();
        assertThat(reloads).hasContent("1\n2");
    }

    /**
     * apply A; apply --confirm B; apply C: C supersedes the pending confirmation, so the deadline
     * brings back neither A's kernel nor A's bundle over C (before, the watch reverted to A's
     * snapshot with B in current/, and C was lost).
     */
    @Test
    void aLaterApplySupersedesAPendingConfirm() throws Exception {
        run(apply("dual-wan.hcl"));
        run(apply("policy-routing.hcl", "--confirm", "5s"));
        Result later = run(apply("balance-sticky.hcl"));
        assertThat(later.exitCode()).as(later.err()).isZero();
        assertThat(later.out()).contains("The pending 'apply --confirm' is superseded");
        String applied = table();
        assertThat(applied).contains("stk4_");
        Thread.sleep(7_000);
        assertThat(table()).isEqualTo(applied);
        assertThat(stateDir.resolve("pending.json")).doesNotExist();
        assertThat(stateDir.resolve("current").resolve("ruleset.nft")).content().contains("stk4_");
        try (var history = dev.flywall.runtime.history.History.open(stateDir.resolve("history.db"))) {
            assertThat(history.recent(10)).extracting(e -> e.kind()).doesNotContain("rollback");
        }
    }

    @Test
    void aConfirmedApplyStays() throws Exception {
        run(apply("dual-wan.hcl"));
        run(apply("policy-routing.hcl", "--confirm", "3s"));
        Result confirmed = run("confirm", "--state-dir", stateDir.toString());
        assertThat(confirmed.out()).isEqualTo("Confirmed.\n");
        Thread.sleep(4_500);
        // the watch is a JVM of its own: on a loaded machine it may only now see the confirmation
        waitFor(() -> !java.nio.file.Files.exists(stateDir.resolve("pending.json")), 15_000);
        assertThat(table()).contains("route_gaming");
        assertThat(run("confirm", "--state-dir", stateDir.toString()).exitCode())
                .isEqualTo(ExitCodes.FAILURE);
    }

    private String state() throws Exception {
        return kernel.run("", "nft", "list", "ruleset").out()
                + kernel.run("", "ip", "rule", "show").out()
                + kernel.run("", "ip", "route", "show", "table", "all").out();
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void waitFor(Check check, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (!check.ok() && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
    }
}
