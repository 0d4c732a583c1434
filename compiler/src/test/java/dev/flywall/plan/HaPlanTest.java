package dev.flywall.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.Compiler;
import dev.flywall.bundle.BundleJson;
import dev.flywall.bundle.WatchdogFile;
import dev.flywall.source.SourceFile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What an HA node's configuration compiles to besides a standalone gateway's (issue 17): the
 * LAN's NAT to the uplink's virtual addresses (IPv4 and IPv6 masquerade), the gateway's own
 * traffic and uplinks without one as before, and watchdog.json's {@code ha}.
 */
public class HaPlanTest {

    /**
     * A dual-stack node: eth0 static with IPv4 and IPv6 virtual addresses and IPv6 masquerade,
     * eth1 static without a virtual address (W0515), eth2 the LAN, eth3 the sync link.
     */
    public static final String DUAL_STACK = """
            interface "eth0" {
              zone      = "WAN"
              addresses = ["198.51.100.2/29", "2001:db8:100::2/64"]
              gateway   = ["198.51.100.1", "2001:db8:100::1"]
              ipv6 { nat = "masquerade" }
              wan { priority = 1 }
            }
            interface "eth1" {
              zone    = "WAN"
              address = "192.0.2.2/29"
              gateway = "192.0.2.1"
              wan { priority = 2 }
            }
            interface "eth2" {
              zone      = "LAN"
              addresses = ["192.168.1.2/24", "fd00:10::2/64"]
            }
            interface "eth3" {
              zone    = "SYNC"
              address = "10.99.0.1/30"
            }
            uplink_group "default" {
              member "eth0" {}
              member "eth1" {}
            }
            ha {
              priority        = 150
              peer            = "10.99.0.2"
              sync_interface  = "eth3"
              router_id       = 7
              advert_interval = "50ms"
              preempt         = false
              virtual_address "eth2" { addresses = ["192.168.1.1/24", "fd00:10::1/64"] }
              virtual_address "eth0" { addresses = ["198.51.100.4/29", "198.51.100.5/29", "2001:db8:100::4/64"] }
            }
            """;

    private static Compiler.Artifacts compile(String text) {
        Compiler.Result r = Compiler.compile(List.of(new SourceFile("t.hcl", text)), Map.of());
        return r.artifacts()
                .orElseThrow(() -> new AssertionError(r.diagnostics().toString()));
    }

    @Test
    void theLanLeavesFromTheFirstVirtualAddressOfEachFamily() {
        String ruleset = compile(DUAL_STACK).rulesetNft();
        assertThat(ruleset).contains("""
                        	chain nat_eth0 {
                        		iifname @lan_devices snat ip to 198.51.100.4 comment "uplink eth0: the LAN to the HA virtual address"
                        		snat ip to 198.51.100.2 comment "uplink eth0"
                        	}
                        """).contains("""
                        	chain nat_eth1 {
                        		snat ip to 192.0.2.2 comment "uplink eth1"
                        	}
                        """).contains("""
                        	chain nat6_eth0 {
                        		iifname @lan_devices snat ip6 to 2001:db8:100::4 comment "uplink eth0: the LAN to the HA virtual address"
                        		snat ip6 to 2001:db8:100::2 comment "uplink eth0"
                        	}
                        """);
    }

    @Test
    void withoutHaTheNatIsUnchanged() {
        String standalone = DUAL_STACK.substring(0, DUAL_STACK.indexOf("ha {"));
        assertThat(compile(standalone).rulesetNft())
                .doesNotContain("virtual address")
                .contains("""
                        	chain nat_eth0 {
                        		snat ip to 198.51.100.2 comment "uplink eth0"
                        	}
                        """);
    }

    @Test
    void watchdogHasThisNodesHa() throws Exception {
        WatchdogFile.Ha ha =
                BundleJson.watchdog(compile(DUAL_STACK).watchdogJson()).ha();
        assertThat(ha)
                .isEqualTo(new WatchdogFile.Ha(
                        150,
                        7,
                        50,
                        false,
                        0,
                        "eth3",
                        "10.99.0.1",
                        "10.99.0.2",
                        3780,
                        List.of(
                                new WatchdogFile.VirtualAddresses("eth2", List.of("192.168.1.1/24", "fd00:10::1/64")),
                                new WatchdogFile.VirtualAddresses(
                                        "eth0", List.of("198.51.100.4/29", "198.51.100.5/29", "2001:db8:100::4/64")))));
        String standalone = DUAL_STACK.substring(0, DUAL_STACK.indexOf("ha {"));
        assertThat(compile(standalone).watchdogJson()).doesNotContain("\"ha\"");
    }
}
