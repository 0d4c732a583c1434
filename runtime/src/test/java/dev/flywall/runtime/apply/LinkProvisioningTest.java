package dev.flywall.runtime.apply;

import static dev.flywall.runtime.apply.LinkTestBundles.declaring;
import static dev.flywall.runtime.apply.LinkTestBundles.device;
import static dev.flywall.runtime.apply.LinkTestBundles.managed;
import static dev.flywall.runtime.apply.LinkTestBundles.qdisc;
import static dev.flywall.runtime.apply.LinkTestBundles.shaped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywall.testing.NeedsRoot;
import dev.flywall.testing.NeedsTools;
import java.io.PrintWriter;
import java.io.StringWriter;
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
 * {@code apply} brings the declared interfaces to their declared state (link up, MTU, static
 * addresses, shaping) inside its transaction, and {@code destroy} undoes only what it did: in a
 * scratch network namespace with veth devices. Needs root, nft, ip and tc; skipped otherwise.
 */
@NeedsRoot
@NeedsTools({"nft", "ip", "tc"})
class LinkProvisioningTest {

    private static final List<String> DEVICES = List.of("eth0", "eth1", "eth2");

    @TempDir
    Path dir;

    private String ns;
    private Kernel kernel;
    private StateDir state;

    @BeforeEach
    void namespace() throws Exception {
        ns = LinkTestBundles.namespace("fwlinks", "eth0", "eth1", "eth2");
        kernel = new Kernel(Optional.of(ns));
        for (String dev : List.of("eth1", "eth2")) {
            kernel.run("", "ip", "link", "set", dev, "up");
        }
        state = StateDir.open(dir.resolve("state"));
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (ns != null) {
            new Kernel(Optional.empty()).run("", "ip", "netns", "del", ns);
        }
    }

    private record Run(Applier.Outcome outcome, String out, String err) {}

    private Run apply(Map<String, String> bundle) throws Exception {
        return apply(bundle, Transaction.Pause.NONE);
    }

    private Run apply(Map<String, String> bundle, Transaction.Pause pause) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var options = new Applier.Options(false, Optional.empty(), s -> {}, e -> Optional.empty(), pause);
        Applier.Outcome outcome;
        try (StateDir.Lock lock = state.lock()) {
            outcome = new Applier(state, kernel, new PrintWriter(out, true), new PrintWriter(err, true))
                    .apply(bundle, DEVICES, options);
        }
        return new Run(outcome, out.toString(), err.toString());
    }

    private void destroy() throws Exception {
        KernelState.EMPTY.restore(kernel, LinkLedger.in(state));
    }

    @Test
    void addressesAndMtuAreAppliedKeptOnAReapplyAndUndoneByDestroyLeavingForeignAddresses() throws Exception {
        // the operator's own address, there before flywall declares it too
        kernel.run("", "ip", "address", "add", "198.51.100.7/24", "dev", "eth0");
        assertThat(device(kernel, "eth0")).isEqualTo("mtu 1500 down 198.51.100.7/24");
        var bundle = declaring(
                "dual-wan.hcl", managed("eth0", 1400, "192.0.2.2/24", "2001:DB8:1:0::2/64", "198.51.100.7/24"));

        Run first = apply(bundle);
        assertThat(first.outcome()).as(first.err()).isEqualTo(Applier.Outcome.APPLIED);
        assertThat(first.out())
                .contains(
                        "  + address 192.0.2.2/24 dev eth0\n",
                        "  + address 2001:db8:1::2/64 dev eth0\n",
                        "  ~ link eth0: down -> up\n",
                        "  ~ mtu eth0: 1500 -> 1400\n")
                .doesNotContain("198.51.100.7");
        assertThat(device(kernel, "eth0")).isEqualTo("mtu 1400 up 192.0.2.2/24 198.51.100.7/24 2001:db8:1::2/64");

        Run again = apply(bundle);
        assertThat(again.out()).as(again.err()).isEqualTo("No changes.\n");

        Run renumbered = apply(declaring("dual-wan.hcl", managed("eth0", null, "192.0.2.3/24")));
        assertThat(renumbered.out())
                .contains(
                        "  - address 192.0.2.2/24 dev eth0\n",
                        "  - address 2001:db8:1::2/64 dev eth0\n",
                        "  + address 192.0.2.3/24 dev eth0\n",
                        "  ~ mtu eth0: 1400 -> 1500\n")
                .as("the operator's address was never flywall's")
                .doesNotContain("198.51.100.7");
        assertThat(device(kernel, "eth0")).isEqualTo("mtu 1500 up 192.0.2.3/24 198.51.100.7/24");

        apply(declaring("dual-wan.hcl", managed("eth0", 1492, "192.0.2.3/24")));
        destroy();
        assertThat(device(kernel, "eth0")).isEqualTo("mtu 1500 up 198.51.100.7/24");
        assertThat(Files.readString(state.path().resolve(LinkLedger.FILE))).doesNotContain("eth0");
    }

    @Test
    void aFailedNftStepPutsAddressesMtuAndShapingBack() throws Exception {
        var before =
                declaring("dual-wan.hcl", managed("eth1", 1480, "192.0.2.2/24"), shaped("eth2", false, 10_000_000));
        Run shaped = apply(before);
        assertThat(shaped.outcome()).as(shaped.err()).isEqualTo(Applier.Outcome.APPLIED);
        assertThat(shaped.out()).contains("  + shaping eth2 10 Mbit/s\n");
        if (ShapingLeaf.best().equals("pfifo")) {
            assertThat(shaped.out())
                    .contains(
                            "Shaping eth2 to 10 Mbit/s with HTB + pfifo: this kernel has no fq_codel, cake or sfq.\n");
        }
        String eth1 = device(kernel, "eth1");
        String eth2 = qdisc(kernel, "eth2");
        assertThat(eth2).contains("qdisc htb 1: root", "rate 10Mbit");

        // nft -c reads the included file while it is valid; the pause before nft -f breaks it
        Path included = dir.resolve("included.nft");
        Files.writeString(included, "\n");
        Map<String, String> next = new HashMap<>(declaring(
                "dual-wan.hcl",
                managed("eth1", 1400, "192.0.2.9/24", "2001:db8::9/64"),
                shaped("eth2", false, 30_000_000)));
        next.put("ruleset.nft", next.get("ruleset.nft") + "include \"" + included + "\"\n");
        Run failed = apply(next, step -> {
            if (step.equals("nft -f")) {
                try {
                    assertThat(device(kernel, "eth1")).startsWith("mtu 1400 up 192.0.2.9/24");
                    Files.writeString(included, "bogus statement\n");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        assertThat(failed.outcome()).isEqualTo(Applier.Outcome.FAILED);
        assertThat(failed.err()).contains("loading the ruleset failed", "the previous state was restored");
        assertThat(device(kernel, "eth1")).isEqualTo(eth1);
        assertThat(qdisc(kernel, "eth2")).isEqualTo(eth2);
        assertThat(apply(before).out()).isEqualTo("No changes.\n");
    }

    @Test
    void aDeclaredDeviceTheHostLacksIsRefusedBeforeAnythingChanges() throws Exception {
        Run run = apply(declaring("dual-wan.hcl", managed("eth0", null, "192.0.2.2/24"), managed("wan9", null)));
        assertThat(run.outcome()).isEqualTo(Applier.Outcome.FAILED);
        assertThat(run.err())
                .isEqualTo("flywall: this host has no device wan9 (declared as interface in the configuration):"
                        + " nothing was changed. Fix: correct the interface name, or create the device first"
                        + " ('ip link show' lists the host's devices)\n");
        assertThat(device(kernel, "eth0")).isEqualTo("mtu 1500 down");
    }

    @Test
    void valuesFromTheBundleAreCheckedBeforeTheyReachIp() throws Exception {
        for (var bad : List.of(
                managed("eth0 up", null),
                managed("eth0", null, "192.0.2.2"),
                managed("eth0", null, "192.0.2.300/24"),
                managed("eth0", null, "host.example/24"),
                managed("eth0", 20),
                shaped("eth0", true, 10))) {
            Run run = apply(declaring("dual-wan.hcl", bad));
            assertThat(run.outcome()).isEqualTo(Applier.Outcome.FAILED);
            assertThat(run.err()).startsWith("flywall: ").doesNotContain("Exception", "\tat ");
        }
        assertThat(device(kernel, "eth0")).isEqualTo("mtu 1500 down");
    }

    /** killed after the link step, before the routes: the journal's recovery puts the devices back too. */
    @Test
    void anApplyKilledAfterItsLinkStepIsRevertedByTheNextApply() throws Exception {
        var first = declaring("dual-wan.hcl", managed("eth0", 1450, "192.0.2.2/24"));
        apply(first);
        String old = device(kernel, "eth0");
        var next = declaring("dual-wan.hcl", managed("eth0", 1300, "192.0.2.5/24", "2001:db8::5/64"));
        assertThatThrownBy(() -> apply(next, step -> {
                    if (step.equals("ip -4 -batch")) {
                        throw new InterruptedException("killed after the link step");
                    }
                }))
                .isInstanceOf(InterruptedException.class);
        assertThat(device(kernel, "eth0")).isEqualTo("mtu 1300 up 192.0.2.5/24 2001:db8::5/64");
        StringWriter err = new StringWriter();
        assertThat(Applier.recoverInterrupted(state, kernel, new PrintWriter(err, true)))
                .isTrue();
        assertThat(err.toString()).contains("the state before it was restored");
        assertThat(device(kernel, "eth0")).isEqualTo(old);
        destroy();
        assertThat(device(kernel, "eth0")).isEqualTo("mtu 1500 up");
    }
}
