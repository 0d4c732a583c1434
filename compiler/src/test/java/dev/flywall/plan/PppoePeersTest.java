package dev.flywall.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywall.Compiler;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code pppoe-NAME.peers}: pppd 2.4.9's options for a PPPoE interface, never its password. */
class PppoePeersTest {

    private static final String TWO_PPPOE = """
            interface "eth0" {
              zone = "WAN"
              mtu  = 1508
              pppoe {
                username = "fibre \\"gold\\" \\\\ plan#1"
                password = "hunter2-the-password"
                device   = "ppp0"
              }
              wan { priority = 1 }
            }
            interface "eth1" {
              zone = "WAN"
              mtu  = 1400
              pppoe {
                username = "dsl@isp.example"
                password = env("DSL_PASSWORD")
              }
              wan { priority = 2 }
            }
            interface "lan0" {
              zone    = "LAN"
              address = "192.168.1.1/24"
            }
            uplink_group "default" {
              member "eth0" {}
              member "eth1" {}
            }
            """;

    static List<String> options(String peers) {
        return Arrays.stream(peers.split("\n")).filter(l -> !l.startsWith("#")).toList();
    }

    @Test
    void eachPppoeInterfaceGetsItsPeersFileNamedInWatchdogJson() throws Exception {
        Compiler.Artifacts a = InterfacesPlanTest.compile(TWO_PPPOE);
        assertThat(a.files()).containsKeys("pppoe-eth0.peers", "pppoe-eth1.peers");
        assertThat(a.files().keySet().stream().filter(f -> f.endsWith(".peers")))
                .hasSize(2);
        assertThat(InterfacesPlanTest.watchdog(a).interfaces())
                .filteredOn(i -> i.pppoe() != null)
                .extracting(i -> i.pppoe().peersFile())
                .containsExactly("pppoe-eth0.peers", "pppoe-eth1.peers");
        assertThat(a.files()).doesNotContainKey("shaping.tc");
    }

    @Test
    void theOptionsSessionOnTheEthernetDeviceWithTheDeclaredPppDevice() {
        String peers = InterfacesPlanTest.compile(TWO_PPPOE).files().get("pppoe-eth1.peers");
        assertThat(options(peers))
                .containsExactly(
                        "plugin rp-pppoe.so",
                        "nic-eth1",
                        "ifname ppp-eth1",
                        "user \"dsl@isp.example\"",
                        "noauth",
                        "nodefaultroute",
                        "noipdefault",
                        "persist",
                        "maxfail 0",
                        "holdoff 5",
                        "lcp-echo-interval 10",
                        "lcp-echo-failure 3",
                        "mtu 1392",
                        "mru 1392",
                        "hide-password",
                        "nodetach");
        assertThat(peers).doesNotContain("usepeerdns", "DSL_PASSWORD", "password ");
    }

    @Test
    void theUsernameIsQuotedForPppdAndThePasswordIsNeverWritten() {
        Compiler.Artifacts a = InterfacesPlanTest.compile(TWO_PPPOE);
        String peers = a.files().get("pppoe-eth0.peers");
        assertThat(options(peers)).contains("user \"fibre \\\"gold\\\" \\\\ plan#1\"", "ifname ppp0");
        a.files().forEach((file, text) -> {
            if (!file.equals("secrets.json")) {
                assertThat(text).as(file).doesNotContain("hunter2");
            }
        });
    }

    @Test
    void theMtuIsTheInterfacesLessEightAndAtMost1492() {
        String peers = InterfacesPlanTest.compile(TWO_PPPOE).files().get("pppoe-eth0.peers");
        // 1508 - 8 = 1500 would need RFC 4638 from the ISP: capped
        assertThat(options(peers)).contains("mtu 1492", "mru 1492");
        String undeclared = InterfacesPlanTest.compile(TWO_PPPOE.replace("  mtu  = 1400\n", ""))
                .files()
                .get("pppoe-eth1.peers");
        assertThat(options(undeclared)).contains("mtu 1492", "mru 1492");
    }

    @Test
    void quotingEscapesQuoteAndBackslashAndRefusesControlCharacters() {
        assertThat(PppoePeers.quote("a b")).isEqualTo("\"a b\"");
        assertThat(PppoePeers.quote("x\"y\\z#")).isEqualTo("\"x\\\"y\\\\z#\"");
        assertThatThrownBy(() -> PppoePeers.quote("a\nuser root")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PppoePeers.quote("a\u007f")).isInstanceOf(IllegalArgumentException.class);
    }
}
