package dev.flywall.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.Compiler;
import dev.flywall.source.SourceFile;
import dev.flywall.testing.NeedsRoot;
import dev.flywall.testing.NeedsTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The NAT of an HA node's ruleset ({@code examples/ha-primary.hcl}) with real packets: a gateway
 * namespace holding the virtual addresses as keepalived's master would, an ISP namespace on both
 * uplinks that counts echo requests by source, a LAN host whose gateway is the virtual
 * 192.168.1.1. The LAN's echoes leave by eth0 from its virtual address 198.51.100.4 and are
 * answered; after the default group's chain is rewritten to eth1 (a failover) from 192.0.2.4; the
 * gateway's own echoes keep the node's address 198.51.100.2; no LAN source reaches the ISP.
 */
@NeedsRoot
@NeedsTools({"nft", "ip", "ping"})
class HaNatPacketTest {

    private static final String REMOTE = "203.0.113.1";

    @Test
    void theLanLeavesFromTheVirtualAddressAndTheGatewayFromItsOwn() throws Exception {
        Path example = Path.of("..", "examples", "ha-primary.hcl");
        Compiler.Result result =
                Compiler.compile(List.of(new SourceFile("ha-primary.hcl", Files.readString(example))), Map.of());
        var artifacts = result.artifacts().orElseThrow(() -> new AssertionError(result.diagnostics()));
        try (Netns gw = Netns.create("fwhanat", List.of("eth0", "eth1", "eth2", "eth3"));
                Netns isp = Netns.create("fwhaisp", List.of());
                Netns lan = Netns.create("fwhalan", List.of())) {
            ok(gw.exec("ip", "link", "set", "p0", "netns", isp.name()));
            ok(gw.exec("ip", "link", "set", "p1", "netns", isp.name()));
            ok(gw.exec("ip", "link", "set", "p2", "netns", lan.name()));
            // the node's own addresses, then the virtual ones as keepalived adds them on the master
            batch(gw, """
                    addr add 198.51.100.2/29 dev eth0
                    addr add 192.0.2.2/29 dev eth1
                    addr add 192.168.1.2/24 dev eth2
                    addr add 10.99.0.1/30 dev eth3
                    addr add 198.51.100.4/29 dev eth0
                    addr add 192.0.2.4/29 dev eth1
                    addr add 192.168.1.1/24 dev eth2
                    route add default via 198.51.100.1 dev eth0
                    """);
            ok(gw.exec("sysctl", "-qw", "net.ipv4.ip_forward=1"));
            batch(isp, """
                    link set p0 up
                    link set p1 up
                    addr add 198.51.100.1/29 dev p0
                    addr add 192.0.2.1/29 dev p1
                    addr add %s/32 dev lo
                    """.formatted(REMOTE));
            batch(lan, """
                    link set p2 up
                    addr add 192.168.1.50/24 dev p2
                    route add default via 192.168.1.1
                    """);
            ok(gw.execWithFile(artifacts.rulesetNft(), "nft", "-f"));
            ok(gw.execWithFile(artifacts.routesIp(), "ip", "-batch"));
            ok(isp.execWithFile("""
                    table inet count {
                    	counter virtual0 {}
                    	counter virtual1 {}
                    	counter own0 {}
                    	counter lan {}
                    	chain input {
                    		type filter hook input priority 0; policy accept;
                    		ip saddr 198.51.100.4 icmp type echo-request counter name virtual0
                    		ip saddr 192.0.2.4 icmp type echo-request counter name virtual1
                    		ip saddr 198.51.100.2 icmp type echo-request counter name own0
                    		ip saddr 192.168.0.0/16 counter name lan
                    	}
                    }
                    """, "nft", "-f"));

            ok(lan.exec("ping", "-c", "3", "-i", "0.2", "-W", "2", REMOTE));
            assertThat(packets(isp, "virtual0"))
                    .as("the LAN's echoes by eth0 from its virtual address")
                    .isEqualTo(3);

            ok(gw.exec("ping", "-c", "3", "-i", "0.2", "-W", "2", REMOTE));
            assertThat(packets(isp, "own0"))
                    .as("the gateway's own echoes from the node's address")
                    .isEqualTo(3);

            ok(gw.execWithFile(
                    "flush chain inet flywall grp_default\nadd rule inet flywall grp_default goto up_eth1\n",
                    "nft",
                    "-f"));
            ok(lan.exec("ping", "-c", "3", "-i", "0.2", "-W", "2", REMOTE));
            assertThat(packets(isp, "virtual1"))
                    .as("after the failover, by eth1 from its virtual address")
                    .isEqualTo(3);
            assertThat(packets(isp, "virtual0")).isEqualTo(3);
            assertThat(packets(isp, "lan")).as("untranslated LAN sources").isZero();
        }
    }

    private static void batch(Netns ns, String lines) throws Exception {
        ok(ns.execWithFile(lines, "ip", "-batch"));
    }

    private static long packets(Netns ns, String counter) throws Exception {
        Netns.Run listed = ns.exec("nft", "list", "counter", "inet", "count", counter);
        ok(listed);
        Matcher m = Pattern.compile("packets (\\d+)").matcher(listed.output());
        assertThat(m.find()).as(listed.output()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static void ok(Netns.Run run) {
        assertThat(run.exitCode()).as(run.output()).isZero();
    }
}
