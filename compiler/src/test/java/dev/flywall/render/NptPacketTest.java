package dev.flywall.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.Compiler;
import dev.flywall.plan.Ipv6PlanTest;
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
 * The NPT chains of {@code examples/ipv6-dual-stack.hcl} translate real packets: a gateway
 * namespace with the compiled ruleset and routes6.ip between a LAN host on the ULA
 * {@code fd00:10::2} and an ISP namespace that routes both uplinks' outside prefixes to the
 * gateway and counts packets by source prefix. Echoes to a host behind the ISP are answered (the
 * reply's destination is translated back), leave by eth0 as {@code 2001:db8:100:1000::2}, and
 * after the default group's chain is rewritten to eth1 (as the runtime does on failover) as
 * {@code 2001:db8:200:1000::2}; no packet reaches the ISP with the ULA source. The same with IPv6
 * masquerade, where the sources are the uplinks' own addresses.
 */
@NeedsRoot
@NeedsTools({"nft", "ip", "ping"})
class NptPacketTest {

    private static final String REMOTE = "2001:db8:ffff::1";

    @Test
    void lanTrafficLeavesWithTheChosenUplinksPrefixAndRepliesComeBack() throws Exception {
        Path example = Path.of("..", "examples", "ipv6-dual-stack.hcl");
        checkTranslation(Files.readString(example), "2001:db8:100:1000::2", "2001:db8:200:1000::2", "");
    }

    /**
     * {@link Ipv6PlanTest#MASQUERADE}: eth0's static address is the source by eth0 ({@code snat ip6
     * to}); eth1 learns its address and default route at run time (added here as SLAAC and the
     * daemon would) and masquerades to it.
     */
    @Test
    void masqueradeLeavesWithTheUplinksOwnAddress() throws Exception {
        checkTranslation(
                Ipv6PlanTest.MASQUERADE.replace("\"lan0\"", "\"eth2\""),
                "2001:db8:100::10",
                "2001:db8:200::20",
                "route add default via 2001:db8:200::1 dev eth1 table 102\n");
    }

    /**
     * Compiles {@code config} (uplinks eth0 on 2001:db8:100::/64 and eth1 on 2001:db8:200::/64, LAN
     * eth2 on fd00:10::/64), loads it on the gateway, then the {@code learned} routes (what the
     * daemon would add), and checks that echoes leave by eth0 from {@code viaEth0}, then by eth1 from
     * {@code viaEth1}, never from the LAN's own address, and are answered.
     */
    private static void checkTranslation(String config, String viaEth0, String viaEth1, String learned)
            throws Exception {
        Compiler.Result result = Compiler.compile(List.of(new SourceFile("t.hcl", config)), Map.of());
        var artifacts = result.artifacts().orElseThrow(() -> new AssertionError(result.diagnostics()));
        try (Netns gw = Netns.create("fwnpt", List.of("eth0", "eth1", "eth2"));
                Netns isp = Netns.create("fwisp", List.of());
                Netns lan = Netns.create("fwlan", List.of())) {
            ok(gw.exec("ip", "link", "set", "p0", "netns", isp.name()));
            ok(gw.exec("ip", "link", "set", "p1", "netns", isp.name()));
            ok(gw.exec("ip", "link", "set", "p2", "netns", lan.name()));
            // eth1's address is static in one configuration and learned (SLAAC) in the other
            batch(gw, """
                    addr add 2001:db8:100::10/64 dev eth0 nodad
                    addr add 2001:db8:200::20/64 dev eth1 nodad
                    addr add fd00:10::1/64 dev eth2 nodad
                    """);
            ok(gw.exec("sysctl", "-qw", "net.ipv6.conf.all.forwarding=1"));
            batch(isp, """
                    link set p0 up
                    link set p1 up
                    addr add 2001:db8:100::1/64 dev p0 nodad
                    addr add 2001:db8:200::1/64 dev p1 nodad
                    addr add %s/128 dev lo
                    route add 2001:db8:100:1000::/64 via 2001:db8:100::10
                    route add 2001:db8:200:1000::/64 via 2001:db8:200::20
                    """.formatted(REMOTE));
            batch(lan, """
                    link set p2 up
                    addr add fd00:10::2/64 dev p2 nodad
                    route add default via fd00:10::1
                    """);
            ok(gw.execWithFile(artifacts.rulesetNft(), "nft", "-f"));
            ok(gw.execWithFile(artifacts.routes6Ip().orElseThrow(), "ip", "-6", "-batch"));
            if (!learned.isEmpty()) {
                batch(gw, learned);
            }
            ok(isp.execWithFile("""
                    table inet count {
                    	counter fibre {}
                    	counter cable {}
                    	counter lan {}
                    	chain input {
                    		type filter hook input priority 0; policy accept;
                    		ip6 saddr %s icmpv6 type echo-request counter name fibre
                    		ip6 saddr %s icmpv6 type echo-request counter name cable
                    		ip6 saddr fd00::/8 counter name lan
                    	}
                    }
                    """.formatted(viaEth0, viaEth1), "nft", "-f"));

            ok(lan.exec("ping", "-6", "-c", "3", "-i", "0.2", "-W", "2", REMOTE));
            assertThat(packets(isp, "fibre"))
                    .as("echoes at the ISP from the fibre prefix")
                    .isEqualTo(3);

            // failover as the runtime does it: the group chain now marks new connections for eth1
            ok(gw.execWithFile(
                    "flush chain inet flywall grp_default\nadd rule inet flywall grp_default goto up_eth1\n",
                    "nft",
                    "-f"));
            ok(lan.exec("ping", "-6", "-c", "3", "-i", "0.2", "-W", "2", REMOTE));
            assertThat(packets(isp, "cable"))
                    .as("echoes at the ISP from the cable prefix")
                    .isEqualTo(3);
            assertThat(packets(isp, "fibre"))
                    .as("no more from the fibre prefix")
                    .isEqualTo(3);
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
