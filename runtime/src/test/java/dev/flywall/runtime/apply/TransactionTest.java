package dev.flywall.runtime.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywall.Compiler;
import dev.flywall.source.SourceFile;
import dev.flywall.testing.NeedsRoot;
import dev.flywall.testing.NeedsTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Applying to a real kernel, in a scratch network namespace: all or nothing, and the gateway's
 * other tables, rules and routes are never touched. Needs root, nft and ip; skipped with the
 * reason printed otherwise.
 */
@NeedsRoot
@NeedsTools({"nft", "ip"})
class TransactionTest {

    private String ns;
    private Kernel kernel;
    /** What the applies of one test added to devices (after the compiler declares interfaces, their addresses). */
    private LinkLedger ledger = LinkLedger.memory();

    private Transaction transaction() {
        return new Transaction(kernel, Transaction.Pause.NONE, ledger);
    }

    @BeforeEach
    void namespace() throws Exception {
        ns = "fwapply-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100000;
        Kernel host = new Kernel(Optional.empty());
        host.run("", "ip", "netns", "add", ns);
        kernel = new Kernel(Optional.of(ns));
        kernel.run("", "ip", "link", "set", "lo", "up");
        for (String dev : List.of("eth0", "eth1", "eth2")) {
            kernel.run("", "ip", "link", "add", dev, "type", "veth", "peer", "name", "p" + dev);
            kernel.run("", "ip", "link", "set", dev, "up");
        }
        // the operator's own state, which flywall must never touch
        assertThat(kernel.run(
                                "table inet operator {\n chain input {\n type filter hook input priority 0; policy accept;\n"
                                        + " tcp dport 22 accept\n }\n}\n",
                                "nft",
                                "-f",
                                "-")
                        .ok())
                .isTrue();
        assertThat(kernel.run("", "ip", "rule", "add", "priority", "100", "from", "10.9.9.9", "lookup", "200")
                        .ok())
                .isTrue();
        // on a device no example declares: the kernel flushes the routes through a device when its
        // last IPv4 address goes, and apply's rollbacks remove the addresses it added
        kernel.run("", "ip", "link", "add", "op0", "type", "veth", "peer", "name", "pop0");
        kernel.run("", "ip", "link", "set", "op0", "up");
        assertThat(kernel.run("", "ip", "route", "add", "10.77.0.0/16", "dev", "op0")
                        .ok())
                .isTrue();
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (ns != null) {
            new Kernel(Optional.empty()).run("", "ip", "netns", "del", ns);
        }
    }

    private static Map<String, String> bundle(String example) throws Exception {
        Path file = Path.of("..", "examples", example);
        return Compiler.compile(List.of(new SourceFile(example, Files.readString(file))), Map.of())
                .artifacts()
                .orElseThrow()
                .files();
    }

    /**
     * The ruleset, the rules, the routes and the declared devices' MTU and addresses. The routes the
     * kernel adds for addresses ({@code proto kernel}: connected, local, broadcast, multicast) are
     * left out: they follow the addresses, which are compared themselves, and one of them (IPv6's
     * {@code multicast ff00::/8}, made with a device's first IPv6 address) outlives the address.
     */
    private String everything() throws Exception {
        StringBuilder devices = new StringBuilder();
        for (String dev : List.of("eth0", "eth1", "eth2")) {
            if (kernel.run("", "ip", "link", "show", "dev", dev).ok()) {
                devices.append(LinkTestBundles.device(kernel, dev)).append('\n');
            }
        }
        return kernel.run("", "nft", "list", "ruleset").out()
                + kernel.run("", "ip", "rule", "show").out()
                + kernel.run("", "ip", "-6", "rule", "show").out()
                + kernel.run("", "ip", "route", "show", "table", "all")
                        .out()
                        .lines()
                        .filter(l -> !l.contains(" proto kernel "))
                        .map(l -> l + "\n")
                        .collect(java.util.stream.Collectors.joining())
                + devices;
    }

    private String foreign() throws Exception {
        return kernel.run("", "nft", "list", "table", "inet", "operator").out()
                + kernel.run("", "ip", "rule", "show", "priority", "100").out()
                + kernel.run("", "ip", "route", "show", "10.77.0.0/16").out();
    }

    @Test
    void appliesReappliesAndLeavesForeignStateAlone() throws Exception {
        String foreignBefore = foreign();
        transaction().apply(bundle("dual-wan.hcl"));
        KernelState applied = KernelState.capture(kernel);
        assertThat(applied.table()).hasValueSatisfying(t -> assertThat(t).contains("chain classify"));
        assertThat(applied.rules4()).anySatisfy(r -> assertThat(r).contains("fwmark 0x100/0xff00 lookup 101"));
        transaction().apply(bundle("dual-wan.hcl"));
        assertThat(KernelState.capture(kernel)).isEqualTo(applied);
        assertThat(foreign()).isEqualTo(foreignBefore);
    }

    @Test
    void aFailingRouteBatchRestoresTheOldStateExactly() throws Exception {
        transaction().apply(bundle("dual-wan.hcl"));
        String before = everything();
        Map<String, String> broken = new HashMap<>(bundle("ipv6-dual-stack.hcl"));
        broken.put(
                "routes.ip",
                broken.get("routes.ip") + "route replace default via 203.0.113.1 dev nosuchdev table 101\n");
        assertThatThrownBy(() -> transaction().apply(broken))
                .isInstanceOf(ApplyException.class)
                .hasMessageContaining("ip -4 -batch failed")
                .hasMessageContaining("previous state was restored");
        assertThat(everything()).isEqualTo(before);
    }

    @Test
    void aRulesetNftRejectsChangesNothing() throws Exception {
        String before = everything();
        Map<String, String> broken = new HashMap<>(bundle("dual-wan.hcl"));
        broken.put(
                "ruleset.nft",
                broken.get("ruleset.nft").replace("chain classify {", "chain classify {\n\t\tbogus statement"));
        assertThatThrownBy(() -> transaction().apply(broken))
                .isInstanceOf(ApplyException.class)
                .hasMessageContaining("nothing was changed");
        assertThat(everything()).isEqualTo(before);
    }

    @Test
    void theSnapshotBroughtBackUndoesAnApply() throws Exception {
        transaction().apply(bundle("dual-wan.hcl"));
        String dualWan = everything();
        KernelState before = transaction().apply(bundle("policy-routing.hcl"));
        assertThat(everything()).isNotEqualTo(dualWan);
        before.restore(kernel, ledger);
        assertThat(everything()).isEqualTo(dualWan);
    }

    /** A static gateway's route captured with carrier down (linkdown) was written back verbatim, which ip refused. */
    @Test
    void aSnapshotWithStaticGatewaysComesBackWhateverTheCarrier() throws Exception {
        transaction().apply(bundle("ipv6-dual-stack.hcl"));
        String staticGateways = everything();
        assertThat(staticGateways).contains("default via 203.0.113.9 dev eth0 table 101 proto 241 onlink linkdown");
        KernelState before = transaction().apply(bundle("dual-wan.hcl"));
        before.restore(kernel, ledger);
        assertThat(everything()).isEqualTo(staticGateways);
    }

    /**
     * A rule whose device is gone is listed "oif eth1 [detached]"; the snapshot wrote that text back
     * and ip refused it, so the old state could not be restored.
     */
    @Test
    void aSnapshotTakenWhileAWansDeviceIsGoneComesBack() throws Exception {
        transaction().apply(bundle("ipv6-dual-stack.hcl"));
        kernel.run("", "ip", "link", "del", "eth1");
        String withoutEth1 = everything();
        assertThat(withoutEth1).contains("oif eth1 [detached] lookup 102");
        KernelState before = KernelState.capture(kernel, List.of(), ledger);
        KernelState.EMPTY.restore(kernel, ledger);
        assertThat(everything()).doesNotContain("lookup 102");
        before.restore(kernel, ledger);
        assertThat(everything()).isEqualTo(withoutEth1);
    }

    /** With a WAN's carrier down its static default route is flagged linkdown; a failed apply must bring it back. */
    @Test
    void aFailedApplyWithALinkDownLeavesTheUplinkTablesAsTheyWere() throws Exception {
        kernel.run("", "ip", "link", "set", "peth0", "down");
        transaction().apply(bundle("ipv6-dual-stack.hcl"));
        String before = everything();
        assertThat(before).contains("default via 203.0.113.9 dev eth0 table 101 proto 241 onlink linkdown");
        Map<String, String> broken = new HashMap<>(bundle("dual-wan.hcl"));
        broken.put(
                "routes.ip", broken.get("routes.ip") + "route replace 10.5.0.0/16 dev nosuchdev table 101 proto 241\n");
        assertThatThrownBy(() -> transaction().apply(broken))
                .isInstanceOf(ApplyException.class)
                .hasMessageContaining("nosuchdev");
        assertThat(everything()).isEqualTo(before);
    }

    /** The journal of an apply killed inside its kernel change: the recorded state comes back, current/ stays. */
    @Test
    void anApplyInterruptedInTheKernelChangeIsReverted(@TempDir Path dir) throws Exception {
        StateDir state = StateDir.open(dir);
        ledger = LinkLedger.in(state);
        Map<String, String> dualWan = bundle("dual-wan.hcl");
        transaction().apply(dualWan);
        state.install(dualWan);
        String old = everything();
        Map<String, String> next = bundle("ipv6-dual-stack.hcl");
        Transaction killedBeforeTheTable = new Transaction(
                kernel,
                step -> {
                    if (step.equals("nft -f")) {
                        throw new InterruptedException("killed before the table");
                    }
                },
                ledger);
        assertThatThrownBy(() -> killedBeforeTheTable.apply(next, before -> Intent.record(state, before, next, false)))
                .isInstanceOf(InterruptedException.class);
        assertThat(everything()).as("a mix: new routes, old table").isNotEqualTo(old);
        assertThat(Intent.recover(state, kernel)).isEqualTo(Intent.Recovery.REVERTED);
        assertThat(everything()).isEqualTo(old);
        assertThat(state.current()).contains(dualWan);
        assertThat(Intent.recover(state, kernel)).isEqualTo(Intent.Recovery.NONE);
    }

    /**
     * Killed after the kernel change and the install, before the journal was deleted: the apply
     * was complete. It was reverted before, leaving the old kernel under the new current/.
     */
    @Test
    void anApplyInterruptedAfterItsInstallIsKept(@TempDir Path dir) throws Exception {
        StateDir state = StateDir.open(dir);
        ledger = LinkLedger.in(state);
        transaction().apply(bundle("dual-wan.hcl"));
        state.install(bundle("dual-wan.hcl"));
        Map<String, String> next = bundle("ipv6-dual-stack.hcl");
        transaction().apply(next, before -> Intent.record(state, before, next, false));
        Intent.committed(state);
        state.install(next);
        String applied = everything();
        assertThat(Intent.recover(state, kernel)).isEqualTo(Intent.Recovery.FINISHED);
        assertThat(everything()).isEqualTo(applied);
        assertThat(state.current()).contains(next);
    }

    /** An apply --confirm killed before its revert was armed is not kept unguarded: kernel and current/ go back. */
    @Test
    void anUnarmedConfirmIsReverted(@TempDir Path dir) throws Exception {
        StateDir state = StateDir.open(dir);
        ledger = LinkLedger.in(state);
        Map<String, String> dualWan = bundle("dual-wan.hcl");
        transaction().apply(dualWan);
        state.install(dualWan);
        String old = everything();
        Map<String, String> next = bundle("ipv6-dual-stack.hcl");
        transaction().apply(next, before -> Intent.record(state, before, next, true));
        Intent.committed(state);
        state.install(next);
        assertThat(Intent.recover(state, kernel)).isEqualTo(Intent.Recovery.REVERTED);
        assertThat(everything()).isEqualTo(old);
        assertThat(state.current()).contains(dualWan);
    }

    /**
     * The confirm watch's revert of a first apply, killed after it emptied current/ but before it
     * deleted its journal: finished, not undone (no current/ is the empty bundle it installed).
     */
    @Test
    void aRevertOfTheFirstApplyKilledAfterItsRollbackIsFinished(@TempDir Path dir) throws Exception {
        StateDir state = StateDir.open(dir);
        ledger = LinkLedger.in(state);
        String nothing = everything();
        Map<String, String> first = bundle("dual-wan.hcl");
        KernelState before = transaction().apply(first);
        state.install(first);
        Intent.record(
                state,
                KernelState.capture(kernel, List.of(), ledger),
                state.previous().orElse(Map.of()),
                false);
        before.restore(kernel, ledger);
        Intent.committed(state);
        state.rollback();
        assertThat(Intent.recover(state, kernel)).isEqualTo(Intent.Recovery.FINISHED);
        assertThat(everything()).isEqualTo(nothing);
        assertThat(state.current()).isEmpty();
    }
}
