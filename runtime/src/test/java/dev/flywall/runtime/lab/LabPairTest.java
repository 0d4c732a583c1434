package dev.flywall.runtime.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywall.Compiler;
import dev.flywall.model.Cidr;
import dev.flywall.source.SourceFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the lab of an HA pair would build, without building it: shared segments, addresses, refusals. */
class LabPairTest {

    static final Path PRIMARY = Path.of("..", "examples", "ha-primary.hcl");
    static final Path SECONDARY = Path.of("..", "examples", "ha-secondary.hcl");

    static Compiler.Result compile(String name, String text) {
        Compiler.Result r = Compiler.compile(List.of(new SourceFile(name, text)), Map.of());
        assertThat(r.config()).as(name).isPresent();
        return r;
    }

    static LabPair pair(String first, String second) {
        Compiler.Result a = compile("a.hcl", first);
        Compiler.Result b = compile("b.hcl", second);
        try {
            return LabPair.of(
                    "t",
                    a.config().orElseThrow(),
                    a.artifacts().orElseThrow().watchdogJson(),
                    b.config().orElseThrow(),
                    b.artifacts().orElseThrow().watchdogJson());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theExamplesShareTheirIspsAndTheLanAndTheClientUsesTheVirtualAddress() throws Exception {
        LabPair p = pair(Files.readString(PRIMARY), Files.readString(SECONDARY));
        assertThat(p.primary().gateway()).isEqualTo("t-gw");
        assertThat(p.secondary().gateway()).isEqualTo("t-gw2");
        // one ISP namespace per uplink, both nodes' addresses on its subnet
        assertThat(p.primary().isps()).extracting(LabPlan.Isp::namespace).containsExactly("t-isp-eth0", "t-isp-eth1");
        assertThat(p.primary().isps())
                .extracting(LabPlan.Isp::gatewayAddress)
                .containsExactly("198.51.100.2", "192.0.2.2");
        assertThat(p.secondary().isps())
                .extracting(LabPlan.Isp::gatewayAddress)
                .containsExactly("198.51.100.3", "192.0.2.3");
        assertThat(p.ispRoutes()).containsEntry("eth0", "198.51.100.4").containsEntry("eth1", "192.0.2.4");
        // the sync interface is no LAN: one client, on eth2, at an address neither node nor the VIP uses
        assertThat(p.primary().lans()).singleElement().satisfies(l -> {
            assertThat(l.device()).isEqualTo("eth2");
            assertThat(l.namespace()).isEqualTo("t-lan-eth2");
            assertThat(l.clientAddress()).isEqualTo("192.168.1.254");
        });
        assertThat(p.secondary().lans()).singleElement().satisfies(l -> {
            assertThat(l.gatewayAddress()).isEqualTo("192.168.1.3");
            assertThat(l.clientAddress()).isEqualTo("192.168.1.254");
        });
        assertThat(p.lanGateways()).containsExactly(Map.entry("eth2", "192.168.1.1"));
        assertThat(p.sync()).isEqualTo(new LabPair.Sync("eth3", "10.99.0.1/30", "eth3", "10.99.0.2/30"));
        assertThat(p.virtualAddresses()).containsEntry("eth2", List.of("192.168.1.1/24"));
        // both daemons probe the same internet hosts
        assertThat(p.secondary().internet()).isEqualTo(p.primary().internet());
    }

    @Test
    void aConfigurationWithoutHaIsRefused() throws Exception {
        assertThatThrownBy(() ->
                        pair(Files.readString(PRIMARY), Files.readString(Path.of("..", "examples", "dual-wan.hcl"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the --peer configuration has no ha { } block; --peer labs the two nodes of an HA pair");
    }

    @Test
    void uplinksOnDifferentIspSubnetsAreRefused() throws Exception {
        String moved = Files.readString(SECONDARY)
                .replace("address = \"198.51.100.3/29\"", "address = \"198.51.100.11/29\"")
                .replace("gateway = \"198.51.100.1\"", "gateway = \"198.51.100.9\"")
                .replace("198.51.100.4/29", "198.51.100.12/29");
        assertThat(moved).contains("198.51.100.11/29");
        assertThatThrownBy(() -> pair(Files.readString(PRIMARY), moved))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the uplink eth0 is 198.51.100.2/29 via 198.51.100.1 on one node, 198.51.100.11/29 via"
                        + " 198.51.100.9 on the other; the two nodes of a pair share their ISP's link");
    }

    @Test
    void theClientTakesTheHighestFreeAddress() {
        Cidr lan = Cidr.parse("192.168.1.2/24").orElseThrow();
        assertThat(LabPair.freeHost(lan, Set.of("192.168.1.2", "192.168.1.3"))).isEqualTo("192.168.1.254");
        assertThat(LabPair.freeHost(lan, Set.of("192.168.1.254", "192.168.1.1")))
                .isEqualTo("192.168.1.253");
        Cidr small = Cidr.parse("10.0.0.1/30").orElseThrow();
        assertThatThrownBy(() -> LabPair.freeHost(small, Set.of("10.0.0.1", "10.0.0.2")))
                .hasMessage("the LAN 10.0.0.0/30 has no address left for the lab's client");
    }
}
