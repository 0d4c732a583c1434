package dev.flywall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.runtime.lab.Lab;
import dev.flywall.testing.NeedsRoot;
import dev.flywall.testing.NeedsTools;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * IPv6 end to end in real network namespaces: {@code flywall lab run} on {@code lab/dual-stack.hcl}
 * (two static dual-stack uplinks, each translating the LAN's ULA prefix fd00:10::/64 to its own
 * routed /64 by NPT; a strict IPv6 policy route to a partner via eth0). One lab plays the policy
 * scenario, then failover and failback with an IPv4 and an IPv6 echo stream from the LAN client;
 * the ISPs count the gateway's IPv6 packets by source prefix. A second lab changes the prefix
 * delegated to a dynamic uplink. Needs root, nft, ip, conntrack, sysctl, dnsmasq, dhclient and
 * dhcpd; skipped with the reason printed otherwise (a failure under CI=true).
 */
@NeedsRoot
@NeedsTools({"nft", "ip", "conntrack", "sysctl", "dnsmasq", "dhclient", "dhcpd"})
class LabDualStackTest {

    static final String NAME = "fwds" + ProcessHandle.current().pid() % 10000;
    static final String CONFIG =
            Path.of("src", "test", "resources", "lab", "dual-stack.hcl").toString();
    static final String NPT0 = "2001:db8:100:1000::/64";
    static final String NPT1 = "2001:db8:200:1000::/64";

    @AfterEach
    void down() throws Exception {
        new Lab().down(NAME);
    }

    @Test
    void ipv6FailsOverAndBackLeavingEachIspWithItsOwnPrefix() {
        LabTests.Result r = LabTests.run("lab", "run", CONFIG, "--name", NAME, "--scenario", "policy,failover");
        System.out.println(r.out());
        assertThat(r.exitCode()).as(r.err()).isZero();
        String out = r.out();
        // the IPv6 health-check targets went to IPv6 internet hosts
        assertThat(out)
                .contains("mapped 2606:4700:4700::1111 -> 2001:db8:ffff::200")
                .contains("ISP of eth0 on IPv6: 2001:db8:100::1/64, the gateway 2001:db8:100::10, routes " + NPT0);
        // the policy route: partner-v6 traffic leaves by eth0 with eth0's prefix; blocked when eth0 is down
        assertThat(out)
                .contains("policy_route partner-v6 (tcp [2001:db8:4000::]:80): 20 via eth0 carrying " + NPT0
                        + " (route says eth0)")
                .contains("policy_route partner-v6 (tcp [2001:db8:4000::]:80): blocked (no ISP saw them) (strict:"
                        + " blocked is right)");
        // failover: both families' outages measured, each well under 2.5 s with 3 x 200 ms probes
        Matcher v4 = Pattern.compile("pinging 192\\.0\\.2\\.200 every 10 ms saw an outage of (\\d+) ms")
                .matcher(out);
        Matcher v6 = Pattern.compile(
                        "IPv6: the LAN client fd00:10::2 pinging 2001:db8:ffff::200 every 10 ms saw an outage of (\\d+)"
                                + " ms")
                .matcher(out);
        assertThat(v4.find()).as(out).isTrue();
        assertThat(v6.find()).as(out).isTrue();
        assertThat(Long.parseLong(v4.group(1))).isBetween(200L, 2500L);
        assertThat(Long.parseLong(v6.group(1))).isBetween(200L, 2500L);
        assertThat(out).contains("failback: group default uses eth0 again");
        Matcher gaps = Pattern.compile("echoes saw a gap of (\\d+) ms, its IPv6 echoes one of (\\d+) ms")
                .matcher(out);
        assertThat(gaps.find()).as(out).isTrue();
        assertThat(Long.parseLong(gaps.group(2))).isLessThan(2500L);
        // at each ISP the LAN's packets carried that ISP's prefix: eth0's before the break and after
        // the failback, eth1's in between; never the LAN's own ULA, never the other uplink's prefix
        assertThat(out)
                .containsPattern(
                        "before the break:\n    at ISP eth0: " + Pattern.quote(NPT0) + " \\d+ \\(eth0's NPT prefix\\)")
                .containsPattern("from the break to the failback:\n    at ISP eth0: .*\n    at ISP eth1: "
                        + Pattern.quote(NPT1) + " \\d+ \\(eth1's NPT prefix\\)")
                .containsPattern("after the failback:\n    at ISP eth0: " + Pattern.quote(NPT0)
                        + " \\d+ \\(eth0's NPT prefix\\)")
                .doesNotContain("untranslated")
                .doesNotContainPattern("at ISP eth0: [^\n]*" + Pattern.quote(NPT1))
                .doesNotContainPattern("at ISP eth1: [^\n]*" + Pattern.quote(NPT0));
    }

    /**
     * The prefix change on a dynamic uplink, in a lab of {@code lab/dynamic6.hcl}: eth0 learns its
     * IPv6 from its ISP (router advertisements, DHCPv6, a /60 by DHCPv6-PD) and translates the LAN's
     * ULA to the delegated prefix; the ISP delegates another /60 mid-run; the daemon's dhclient -6
     * gets it at its next renewal (T1 5 s), the daemon rewrites the NPT chains, and the ISP sees the
     * LAN's packets arrive with the new prefix.
     */
    @Test
    void aNewDelegatedPrefixIsWhatTheLansIpv6LeavesWith() {
        LabTests.Result r = LabTests.run(
                "lab",
                "run",
                Path.of("src", "test", "resources", "lab", "dynamic6.hcl").toString(),
                "--name",
                NAME,
                "--scenario",
                "prefix");
        System.out.println(r.out());
        assertThat(r.exitCode()).as(r.err()).isZero();
        String out = r.out();
        assertThat(out)
                .contains("eth0 was delegated 2001:db8:ff40::/60 by its ISP (DHCPv6-PD); the daemon translates the"
                        + " LAN's fd00:10::/64 to 2001:db8:ff40::/64 on it")
                .contains("the ISP of eth0 now delegates 2001:db8:ff50::/60 instead");
        Matcher rewrite = Pattern.compile(
                        "rewrote eth0's NPT chains: fd00:10::/64 -> 2001:db8:ff50::/64 \\((\\d+) ms after the change\\)")
                .matcher(out);
        Matcher leaves = Pattern.compile(
                        "the LAN's IPv6 traffic leaves eth0 as 2001:db8:ff50::/64 \\((\\d+) ms after the change\\);"
                                + " the LAN client fd00:10::2 pinging 2001:db8:ffff::200 every 10 ms saw an outage of"
                                + " (\\d+) ms")
                .matcher(out);
        assertThat(rewrite.find()).as(out).isTrue();
        assertThat(leaves.find()).as(out).isTrue();
        // the renewal is due within T1 (5 s); the rest is the client's new request and the daemon's rewrite
        assertThat(Long.parseLong(rewrite.group(1))).isLessThan(15_000);
        assertThat(Long.parseLong(leaves.group(1))).isLessThan(20_000);
        assertThat(Long.parseLong(leaves.group(2))).isLessThan(15_000);
        // at the ISP: the LAN's packets carried the first prefix, then the new one; never the ULA
        assertThat(out)
                .containsPattern("with the first prefix:\n    at ISP eth0: 2001:db8:ff40::/64 \\d+ \\(eth0's delegated"
                        + " prefix\\)")
                .containsPattern("after the rewrite:\n    at ISP eth0: 2001:db8:ff50::/64 \\d+ \\(eth0's new delegated"
                        + " prefix\\)")
                .doesNotContain("untranslated")
                .containsPattern("the daemon recorded: lease eth0 .*delegated 2001:db8:ff40::/60 → .*delegated"
                        + " 2001:db8:ff50::/60")
                .containsPattern("lease +eth0 .*delegated 2001:db8:ff40::/60 → .*delegated 2001:db8:ff50::/60");
    }
}
