package dev.flywall.runtime.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.bundle.BundleJson;
import dev.flywall.bundle.WatchdogFile;
import dev.flywall.render.HaFiles;
import dev.flywall.testing.NeedsRoot;
import dev.flywall.testing.NeedsTools;
import java.io.PrintWriter;
import java.io.StringWriter;
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
 * An HA node's files checked by keepalived and conntrackd before an apply, in the gateway's
 * namespace (which has eth0, eth1 and eth2): a good pair passes; an interface the namespace lacks
 * and a conntrackd syntax error are refusals in the tools' words, and such an apply changes and
 * installs nothing.
 */
@NeedsRoot
@NeedsTools({"ip", "nft", "keepalived", "conntrackd"})
class HaCheckTest {

    @TempDir
    Path dir;

    private String ns;
    private Kernel kernel;

    @BeforeEach
    void namespace() throws Exception {
        ns = LinkTestBundles.namespace("fwhack", "eth0", "eth1", "eth2");
        kernel = new Kernel(Optional.of(ns));
    }

    @AfterEach
    void cleanUp() throws Exception {
        new Kernel(Optional.empty()).run("", "ip", "netns", "del", ns);
    }

    private static WatchdogFile.Ha ha(String device) {
        return new WatchdogFile.Ha(
                200,
                51,
                200,
                true,
                0,
                "eth1",
                "10.99.0.1",
                "10.99.0.2",
                3780,
                List.of(new WatchdogFile.VirtualAddresses(device, List.of("192.168.1.1/24"))));
    }

    /** dual-wan's bundle as a node of a pair, with the HA files rendered for {@code runDir}. */
    private Map<String, String> bundle(WatchdogFile.Ha ha, Path runDir) throws Exception {
        Map<String, String> bundle = new HashMap<>(LinkTestBundles.example("dual-wan.hcl"));
        WatchdogFile w = BundleJson.watchdog(bundle.get("watchdog.json"));
        bundle.put(
                "watchdog.json",
                BundleJson.write(new WatchdogFile(
                        w.schemaVersion(),
                        w.configHash(),
                        w.nft(),
                        w.uplinks(),
                        w.groups(),
                        w.policyRoutes(),
                        w.notifications(),
                        w.api(),
                        w.runtime(),
                        w.interfaces(),
                        ha)));
        bundle.put("keepalived.conf", HaFiles.keepalived(ha, runDir));
        bundle.put("conntrackd.conf", HaFiles.conntrackd(ha, runDir));
        return bundle;
    }

    @Test
    void goodFilesPassAndABundleWithoutHaIsNotChecked() throws Exception {
        Path run = dir.resolve("run/ha");
        assertThat(HaCheck.refusal(kernel, bundle(ha("eth2"), run), run)).isEmpty();
        assertThat(HaCheck.refusal(kernel, LinkTestBundles.example("dual-wan.hcl"), run))
                .isEmpty();
        // a bundle written before the files were: rendered as the daemon will
        Map<String, String> older = bundle(ha("eth2"), run);
        older.remove("keepalived.conf");
        older.remove("conntrackd.conf");
        assertThat(HaCheck.refusal(kernel, older, run)).isEmpty();
    }

    @Test
    void anInterfaceTheGatewayLacksIsKeepalivedsRefusal() throws Exception {
        Path run = dir.resolve("run/ha");
        assertThat(HaCheck.refusal(kernel, bundle(ha("eth5"), run), run))
                .hasValueSatisfying(why -> assertThat(why)
                        .startsWith("keepalived -t refused keepalived.conf: (keepalived.conf: Line ")
                        .contains("interface eth5 for vrrp_instance flywall_eth5 doesn't exist")
                        .doesNotContain("flywall-", ".batch"));
    }

    @Test
    void aConntrackdSyntaxErrorIsItsParsersMessageAndNothingIsApplied() throws Exception {
        Path run = dir.resolve("state/run/ha");
        Map<String, String> bundle = bundle(ha("eth2"), run);
        String text = bundle.get("conntrackd.conf");
        bundle.put("conntrackd.conf", text.replace("HashSize", "HashSise"));
        long line = text.substring(0, text.indexOf("HashSize")).lines().count();
        String refusal = "conntrackd refused conntrackd.conf: parsing config file in line (" + line
                + "), symbol 'HashSise': syntax error";
        assertThat(HaCheck.refusal(kernel, bundle, run)).contains(refusal);

        StateDir state = StateDir.open(dir.resolve("state"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Applier.Outcome outcome;
        try (StateDir.Lock lock = state.lock()) {
            outcome = new Applier(state, kernel, new PrintWriter(out, true), new PrintWriter(err, true))
                    .apply(bundle, List.of("eth0", "eth1", "eth2"), Applier.Options.plain());
        }
        assertThat(outcome).isEqualTo(Applier.Outcome.FAILED);
        assertThat(err.toString()).isEqualTo("flywall: apply failed: " + refusal + " (nothing was changed)\n");
        assertThat(state.current()).isEmpty();
        assertThat(kernel.run("", "nft", "list", "tables").out()).doesNotContain("flywall");
    }
}
