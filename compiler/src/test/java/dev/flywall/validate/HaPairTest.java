package dev.flywall.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.decode.Frontend;
import dev.flywall.diag.Code;
import dev.flywall.diag.Diagnostic;
import dev.flywall.model.Config;
import dev.flywall.source.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link HaPair}: the two files of an HA pair checked together, each diagnostic at the value in
 * the file that holds it (both files where two values disagree). The nodes are
 * {@link HaDiagnosticsTest#node}: a.hcl the primary, b.hcl the secondary (its own addresses,
 * peer 10.99.0.1, priority 100).
 */
class HaPairTest {

    private static final String PRIMARY = HaDiagnosticsTest.node("");

    /** The other node of {@code primary}: .3 on the WAN and the LAN, 10.99.0.2 on the sync link, priority 100. */
    private static String secondary(String primary) {
        return primary.replace("198.51.100.2/29", "198.51.100.3/29")
                .replace("192.168.1.2/24", "192.168.1.3/24")
                .replace("\"10.99.0.2\"", "\"PEER\"")
                .replace("10.99.0.1/30", "10.99.0.2/30")
                .replace("\"PEER\"", "\"10.99.0.1\"")
                .replace("priority       = 200", "priority       = 100");
    }

    private static Config load(String name, String text) {
        Frontend.Result r = Frontend.load(List.of(new SourceFile(name, text)), Map.of());
        assertThat(r.diagnostics()).as("%s on its own", name).noneMatch(Diagnostic::isError);
        return r.config().orElseThrow();
    }

    private static List<Diagnostic> pair(String a, String b) {
        return HaPair.check(load("a.hcl", a), "a.hcl", load("b.hcl", b), "b.hcl");
    }

    private static List<String> where(List<Diagnostic> found) {
        return found.stream().map(d -> d.code().id() + " " + d.subject()).toList();
    }

    @Test
    void aConsistentPairIsClean() {
        assertThat(pair(PRIMARY, secondary(PRIMARY))).isEmpty();
        assertThat(pair(secondary(PRIMARY), PRIMARY)).isEmpty();
    }

    @Test
    void theExamplesAreAPair() throws IOException {
        Path examples = Path.of("..", "examples");
        String primary = Files.readString(examples.resolve("ha-primary.hcl"));
        String secondary = Files.readString(examples.resolve("ha-secondary.hcl"));
        assertThat(HaPair.check(
                        load("ha-primary.hcl", primary),
                        "ha-primary.hcl",
                        load("ha-secondary.hcl", secondary),
                        "ha-secondary.hcl"))
                .isEmpty();
    }

    @Test
    void aPeerWithoutHaIsReportedAtTheHaBlock() {
        String alone = secondary(PRIMARY).substring(0, secondary(PRIMARY).indexOf("ha {"));
        List<Diagnostic> found = pair(PRIMARY, alone);
        assertThat(where(found)).containsExactly("E0601 a.hcl:18:1");
        assertThat(found.get(0).detail()).contains("its peer's file b.hcl has no ha block");
        String noneA = PRIMARY.substring(0, PRIMARY.indexOf("ha {"));
        List<Diagnostic> neither = pair(noneA, alone);
        assertThat(neither).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo(Code.E0601);
            assertThat(d.subject()).isNull();
            assertThat(d.detail())
                    .isEqualTo("Neither a.hcl nor b.hcl has an ha block, but lint --peer checks the two"
                            + " nodes of an HA pair.");
        });
    }

    @Test
    void aSettingThatDiffersIsReportedInBothFiles() {
        List<Diagnostic> found =
                pair(PRIMARY, secondary(HaDiagnosticsTest.node("router_id = 52\nadvert_interval = \"200ms\"")));
        assertThat(where(found))
                .containsExactly("E0602 a.hcl:18:1", "E0602 b.hcl:22:15", "E0602 a.hcl:18:1", "E0602 b.hcl:23:21");
        assertThat(found.get(0).detail())
                .isEqualTo("router_id is 51 (the default) here, but 52 in b.hcl:22:15. VRRP adverts of another router"
                        + " id are another router's, so each node would be master of its own.");
        assertThat(found.get(1).detail()).startsWith("router_id is 52 here, but 51 in a.hcl, by default.");
        assertThat(found.get(3).detail()).startsWith("advert_interval is 200ms here, but 1s in a.hcl, by default.");
        assertThat(found.get(0).hints()).containsExactly("Write the same router_id in both files.");
    }

    @Test
    void equalPrioritiesAreReportedInBothFiles() {
        String b = secondary(PRIMARY).replace("priority       = 100", "priority       = 200");
        List<Diagnostic> found = pair(PRIMARY, b);
        assertThat(where(found)).containsExactly("E0603 a.hcl:19:20", "E0603 b.hcl:19:20");
        assertThat(found.get(0).detail()).startsWith("Both nodes have priority 200 (the peer's at b.hcl:19:20)");
    }

    @Test
    void aPeerThatIsNotThePeersSyncAddressIsReportedAtBothValues() {
        String b = secondary(PRIMARY).replace("10.99.0.2/30", "10.99.0.3/30");
        List<Diagnostic> found = pair(PRIMARY, b);
        assertThat(where(found)).containsExactly("E0604 a.hcl:20:20", "E0604 b.hcl:11:1");
        assertThat(found.get(0).detail())
                .isEqualTo("peer is 10.99.0.2, but the peer's address on its sync interface \"eth3\" is"
                        + " 10.99.0.3/30 (b.hcl:21:20), so conntrackd's updates would go to no node.");
        assertThat(found.get(1).detail())
                .isEqualTo("The peer (a.hcl) sends its connection updates to 10.99.0.2 (a.hcl:20:20), but this"
                        + " node's sync interface \"eth3\" has 10.99.0.3/30.");
    }

    @Test
    void virtualAddressesThatDifferAreReportedInBothFiles() {
        String b = secondary(PRIMARY).replace("192.168.1.1/24", "192.168.1.254/24");
        List<Diagnostic> found = pair(PRIMARY, b);
        assertThat(where(found)).containsExactly("E0605 a.hcl:23:40", "E0605 b.hcl:23:40");
        assertThat(found.get(0).detail())
                .isEqualTo("The virtual addresses of \"eth2\" are 192.168.1.1/24 here, but 192.168.1.254/24 on the"
                        + " peer (b.hcl:23:40): a switch would move the LAN's gateway to another address.");
        String withoutEth0 =
                secondary(PRIMARY).replace("  virtual_address \"eth0\" { addresses = [\"198.51.100.4/29\"] }\n", "");
        assertThat(where(pair(PRIMARY, withoutEth0))).containsExactly("E0605 a.hcl:24:3");
    }

    @Test
    void uplinksWithAnotherMarkOrTableOrMissingAreReported() {
        String b = secondary(PRIMARY).replace("  wan {}", "  wan { mark = 5 }");
        List<Diagnostic> found = pair(PRIMARY, b);
        assertThat(where(found)).containsExactly("E0606 a.hcl:5:3", "E0606 b.hcl:5:3");
        assertThat(found.get(0).detail())
                .isEqualTo("Uplink \"eth0\" has mark 0x100 and table 101 here, but mark 0x500 and table 101 on the peer"
                        + " (b.hcl:1:1). conntrackd syncs each connection's mark, which must mean the same uplink on"
                        + " both nodes.");
        String more = secondary(PRIMARY) + "interface \"eth1\" {\n  zone = \"WAN\"\n  dhcp = true\n  wan {}\n}\n";
        assertThat(where(pair(PRIMARY, more))).containsExactly("E0606 b.hcl:26:1");
    }

    @Test
    void anAddressLeftUnchangedInACopyIsReportedInBothFiles() {
        String b = secondary(PRIMARY).replace("192.168.1.3/24", "192.168.1.2/24");
        List<Diagnostic> found = pair(PRIMARY, b);
        assertThat(where(found)).containsExactly("E0607 a.hcl:7:1", "E0607 b.hcl:7:1");
        assertThat(found.get(0).detail())
                .isEqualTo("Interface \"eth2\" has 192.168.1.2/24, which the peer has too (interface \"eth2\","
                        + " b.hcl:7:1): each node needs its own address, and only the virtual ones are shared.");
        assertThat(found.get(0).hints()).containsExactly("Give one of the nodes another address in 192.168.1.0/24.");
    }
}
