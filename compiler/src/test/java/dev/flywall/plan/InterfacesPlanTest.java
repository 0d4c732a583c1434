package dev.flywall.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.Compiler;
import dev.flywall.bundle.BundleJson;
import dev.flywall.bundle.SecretRef;
import dev.flywall.bundle.WatchdogFile;
import dev.flywall.diag.Diagnostic;
import dev.flywall.source.SourceFile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the compiler hands apply and the daemon for provisioning the declared interfaces (issue
 * 15): watchdog.json's interfaces, the PPP device of a PPPoE uplink, and who manages the links.
 */
class InterfacesPlanTest {

    static final String PPPOE_AND_CABLE = """
            interface "eth0" {
              zone = "WAN"
              dhcp = true
              mtu  = 1500
              wan {
                priority  = 1
                bandwidth = "100Mbps"
              }
            }
            interface "eth1" {
              zone = "WAN"
              mtu  = 1500
              pppoe {
                username = "dsl@isp.example"
                password = "s3cret"
              }
              wan {
                priority  = 2
                bandwidth = "20Mbps"
              }
            }
            interface "lan0" {
              zone      = "LAN"
              addresses = ["192.168.1.1/24", "fd00::1/64", "192.168.9.9/32"]
            }
            uplink_group "default" {
              member "eth0" {}
              member "eth1" {}
            }
            """;

    static Compiler.Artifacts compile(String text) {
        Compiler.Result result = Compiler.compile(List.of(new SourceFile("t.hcl", text)), Map.of());
        assertThat(result.diagnostics().stream().filter(Diagnostic::isError))
                .as("errors")
                .isEmpty();
        return result.artifacts().orElseThrow();
    }

    static WatchdogFile watchdog(Compiler.Artifacts a) throws Exception {
        return BundleJson.watchdog(a.watchdogJson());
    }

    @Test
    void everyDeclaredInterfaceIsListedInFileOrderWithWhatApplyProvisions() throws Exception {
        WatchdogFile w = watchdog(compile(PPPOE_AND_CABLE));
        assertThat(w.interfaces()).extracting(WatchdogFile.Interface::name).containsExactly("eth0", "eth1", "lan0");
        WatchdogFile.Interface eth0 = w.interfaces().get(0);
        assertThat(eth0.managed()).isTrue();
        assertThat(eth0.mtu()).isEqualTo(1500);
        assertThat(eth0.dhcp()).isEqualTo(new WatchdogFile.Dhcp(101));
        assertThat(eth0.pppoe()).isNull();
        assertThat(eth0.shaping()).isEqualTo(new WatchdogFile.Shaping(100_000_000L));
        WatchdogFile.Interface eth1 = w.interfaces().get(1);
        assertThat(eth1.dhcp()).isNull();
        assertThat(eth1.pppoe())
                .isEqualTo(new WatchdogFile.Pppoe(
                        "ppp-eth1", "pppoe-eth1.peers", SecretRef.bundled("interfaces.eth1.pppoe.password")));
        WatchdogFile.Interface lan = w.interfaces().get(2);
        // a host address keeps its /32, which Cidr prints without the prefix elsewhere
        assertThat(lan.addresses()).containsExactly("192.168.1.1/24", "fd00::1/64", "192.168.9.9/32");
        assertThat(lan.mtu()).isNull();
        assertThat(lan.shaping()).isNull();
    }

    @Test
    void aPlaintextPppoePasswordGoesToTheSecretsFileOnly() {
        Compiler.Artifacts a = compile(PPPOE_AND_CABLE);
        assertThat(a.watchdogJson()).doesNotContain("s3cret");
        assertThat(a.secretsJson().orElseThrow()).contains("\"interfaces.eth1.pppoe.password\": \"s3cret\"");
    }

    @Test
    void aPppoeUplinkRoutesMarksAndNatsThroughItsPppDeviceUnderItsOwnName() throws Exception {
        Compiler.Artifacts a = compile(PPPOE_AND_CABLE);
        WatchdogFile.Uplink eth1 = watchdog(a).uplinks().get(1);
        assertThat(eth1.name()).isEqualTo("eth1");
        assertThat(eth1.device()).isEqualTo("ppp-eth1");
        assertThat(eth1.nftChain()).isEqualTo("up_eth1");
        assertThat(a.routesIp()).contains("oif ppp-eth1 lookup 102").doesNotContain("oif eth1 ");
        assertThat(a.rulesetNft())
                .contains("elements = { \"eth0\", \"ppp-eth1\" }")
                .contains("\"ppp-eth1\" : jump nat_eth1")
                .doesNotContain("\"eth1\" :");
    }

    @Test
    void aNamedPppDeviceIsUsed() throws Exception {
        WatchdogFile w = watchdog(compile(PPPOE_AND_CABLE.replace(
                "    password = \"s3cret\"\n", "    password = env(\"PPPOE_PASSWORD\")\n    device   = \"dsl0\"\n")));
        assertThat(w.uplinks().get(1).device()).isEqualTo("dsl0");
        assertThat(w.interfaces().get(1).pppoe().device()).isEqualTo("dsl0");
        assertThat(w.interfaces().get(1).pppoe().password()).isEqualTo(SecretRef.env("PPPOE_PASSWORD"));
    }

    @Test
    void dhcpRouteMetricsFollowTheMarkSlotAndStayWhenAnUplinkIsAddedBefore() throws Exception {
        String two = """
                interface "a0" {
                  zone = "WAN"
                  dhcp = true
                  wan { mark = 7 }
                }
                interface "b0" {
                  zone = "WAN"
                  dhcp = true
                  wan {}
                }
                interface "lan0" {
                  zone = "LAN"
                  dhcp = true
                }
                uplink_group "default" {
                  member "a0" {}
                  member "b0" {}
                }
                """;
        WatchdogFile w = watchdog(compile(two));
        assertThat(w.interfaces())
                .extracting(i -> i.dhcp().routeMetric())
                .containsExactly(107, 101, Watchdog.NON_UPLINK_DHCP_METRIC + 2);
    }

    @Test
    void hostManagedInterfacesAreNotManagedButStillShaped() throws Exception {
        WatchdogFile w = watchdog(compile(PPPOE_AND_CABLE + "runtime {\n  interfaces = \"host\"\n}\n"));
        assertThat(w.interfaces()).allSatisfy(i -> assertThat(i.managed()).isFalse());
        assertThat(w.interfaces().get(0).shaping()).isNotNull();
        WatchdogFile byDefault = watchdog(compile(PPPOE_AND_CABLE + "runtime {\n  interfaces = \"flywall\"\n}\n"));
        assertThat(byDefault.interfaces())
                .allSatisfy(i -> assertThat(i.managed()).isTrue());
    }

    @Test
    void tcpSynsForwardedThroughPppDevicesAreClampedToThePathMtu() {
        String clamp = "tcp flags syn / syn,rst tcp option maxseg size set rt mtu";
        String one = compile(PPPOE_AND_CABLE).rulesetNft();
        assertThat(one)
                .contains("chain forward {\n\t\ttype filter hook forward priority mangle; policy accept;")
                .contains("oifname \"ppp-eth1\" " + clamp);
        String two = compile(PPPOE_AND_CABLE.replace(
                        "  dhcp = true\n  mtu  = 1500\n",
                        "  mtu  = 1500\n  pppoe {\n    username = \"a\"\n    password = env(\"P\")\n  }\n"))
                .rulesetNft();
        assertThat(two).contains("oifname { \"ppp-eth0\", \"ppp-eth1\" } " + clamp);
        String none = compile(PPPOE_AND_CABLE.replace(
                        "  pppoe {\n    username = \"dsl@isp.example\"\n    password = \"s3cret\"\n  }\n",
                        "  dhcp = true\n"))
                .rulesetNft();
        assertThat(none).doesNotContain("maxseg", "chain forward");
    }

    private static final String BALANCE = """
            interface "fibre0" {
              zone = "WAN"
              dhcp = true
              wan { bandwidth = "1Gbps" }
            }
            interface "cable0" {
              zone = "WAN"
              dhcp = true
              wan { bandwidth = "250Mbps" }
            }
            interface "dsl0" {
              zone = "WAN"
              dhcp = true
              wan {
                bandwidth = "20Mbps"
                weight    = 3
              }
            }
            interface "lte0" {
              zone = "WAN"
              dhcp = true
              wan { bandwidth = "400kbps" }
            }
            interface "sat0" {
              zone = "WAN"
              dhcp = true
              wan { }
            }
            uplink_group "default" {
              mode = "balance"
              member "fibre0" {}
              member "cable0" { weight = 7 }
              member "dsl0" {}
              member "lte0" {}
              member "sat0" {}
            }
            """;

    @Test
    void inABalanceGroupBandwidthInMbitPerSecondIsTheWeightNoWeightIsWritten() throws Exception {
        WatchdogFile w = watchdog(compile(BALANCE));
        // fibre0 by bandwidth; cable0 and dsl0 as written (member, then wan); lte0 rounds up to 1; sat0 the default
        assertThat(w.groups().get(0).members())
                .extracting(WatchdogFile.Member::weight)
                .containsExactly(1000, 7, 3, 1, 1);
        assertThat(compile(BALANCE).rulesetNft()).contains("numgen random mod 1012 vmap");
    }

    @Test
    void failoverTiersKeepTheirWrittenOrDefaultWeights() throws Exception {
        WatchdogFile w = watchdog(compile(BALANCE.replace("mode = \"balance\"", "mode = \"failover\"")));
        assertThat(w.groups().get(0).members())
                .extracting(WatchdogFile.Member::weight)
                .containsExactly(1, 7, 3, 1, 1);
    }

    @Test
    void aStaticAddressBesideAPppoeSessionIsProvisionedButNeitherNatNorRoutingUseIt() throws Exception {
        Compiler.Artifacts a = compile(PPPOE_AND_CABLE.replace(
                "  zone = \"WAN\"\n  mtu  = 1500\n  pppoe",
                "  zone = \"WAN\"\n  mtu  = 1500\n  address = \"192.168.100.2/24\"\n  pppoe"));
        WatchdogFile w = watchdog(a);
        assertThat(w.interfaces().get(1).addresses()).containsExactly("192.168.100.2/24");
        assertThat(w.uplinks().get(1).addresses()).isEmpty();
        assertThat(a.rulesetNft()).doesNotContain("snat ip to 192.168.100.2");
        assertThat(a.routesIp()).doesNotContain("from 192.168.100.2");
    }
}
