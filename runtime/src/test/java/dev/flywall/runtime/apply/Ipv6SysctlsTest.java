package dev.flywall.runtime.apply;

import static dev.flywall.runtime.apply.LinkTestBundles.declaring;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.bundle.WatchdogFile;
import dev.flywall.testing.NeedsRoot;
import dev.flywall.testing.NeedsTools;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An interface with an ipv6 block accepts router advertisements: apply sets its accept_ra,
 * autoconf and ra_defrtr_metric inside its transaction, records the values it found, and puts them
 * back when the block goes and on destroy. In a scratch network namespace; needs root, nft, ip, sysctl.
 */
@NeedsRoot
@NeedsTools({"nft", "ip", "sysctl"})
class Ipv6SysctlsTest {

    @TempDir
    Path dir;

    private String ns;
    private Kernel kernel;
    private StateDir state;

    @BeforeEach
    void namespace() throws Exception {
        ns = LinkTestBundles.namespace("fwsysctl", "eth0", "eth1", "eth2");
        kernel = new Kernel(Optional.of(ns));
        state = StateDir.open(dir.resolve("state"));
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (ns != null) {
            new Kernel(Optional.empty()).run("", "ip", "netns", "del", ns);
        }
    }

    private String apply(Map<String, String> bundle) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var options =
                new Applier.Options(false, Optional.empty(), s -> {}, e -> Optional.empty(), Transaction.Pause.NONE);
        try (StateDir.Lock lock = state.lock()) {
            Applier.Outcome outcome = new Applier(state, kernel, new PrintWriter(out, true), new PrintWriter(err, true))
                    .apply(bundle, List.of("eth0", "eth1", "eth2"), options);
            assertThat(outcome).as(err.toString()).isIn(Applier.Outcome.APPLIED, Applier.Outcome.NO_CHANGES);
        }
        return out.toString();
    }

    private static WatchdogFile.Interface ipv6(String device, boolean autoconf, int metric) {
        return new WatchdogFile.Interface(
                device, true, null, List.of(), null, null, null, new WatchdogFile.Ipv6(autoconf, true, true, metric));
    }

    private String sysctls() throws Exception {
        return kernel.run(
                        "",
                        "sysctl",
                        "-n",
                        "net.ipv6.conf.eth0.accept_ra",
                        "net.ipv6.conf.eth0.autoconf",
                        "net.ipv6.conf.eth0.ra_defrtr_metric")
                .out()
                .strip()
                .replace('\n', ' ');
    }

    @Test
    void appliedKeptAndPutBack() throws Exception {
        kernel.run("", "sysctl", "-qw", "net.ipv6.conf.eth0.ra_defrtr_metric=1024");
        assertThat(sysctls()).isEqualTo("1 1 1024");

        String first = apply(declaring("dual-wan.hcl", ipv6("eth0", false, 101)));
        assertThat(first)
                .contains(
                        "  ~ sysctl eth0 accept_ra: 1 -> 2\n",
                        "  ~ sysctl eth0 autoconf: 1 -> 0\n",
                        "  ~ sysctl eth0 ra_defrtr_metric: 1024 -> 101\n");
        assertThat(sysctls()).isEqualTo("2 0 101");
        assertThat(Files.readString(state.path().resolve(LinkLedger.FILE))).contains("sysctls_before");
        assertThat(apply(declaring("dual-wan.hcl", ipv6("eth0", false, 101)))).isEqualTo("No changes.\n");

        // SLAAC on: only autoconf changes, the values from before flywall stay recorded
        assertThat(apply(declaring("dual-wan.hcl", ipv6("eth0", true, 101))))
                .contains("  ~ sysctl eth0 autoconf: 0 -> 1\n")
                .doesNotContain("accept_ra");
        // the block goes: everything back as it was
        assertThat(apply(declaring("dual-wan.hcl", LinkTestBundles.managed("eth0", null))))
                .contains("  ~ sysctl eth0 accept_ra: 2 -> 1\n", "  ~ sysctl eth0 ra_defrtr_metric: 101 -> 1024\n");
        assertThat(sysctls()).isEqualTo("1 1 1024");
        assertThat(Files.readString(state.path().resolve(LinkLedger.FILE))).doesNotContain("sysctls_before");

        apply(declaring("dual-wan.hcl", ipv6("eth0", false, 102)));
        assertThat(sysctls()).isEqualTo("2 0 102");
        KernelState.EMPTY.restore(kernel, LinkLedger.in(state));
        assertThat(sysctls()).isEqualTo("1 1 1024");
    }
}
