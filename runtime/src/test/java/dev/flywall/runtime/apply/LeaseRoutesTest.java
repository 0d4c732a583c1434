package dev.flywall.runtime.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.bundle.WatchdogFile;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What apply leaves to the daemon's route sync, per family: an uplink with static IPv4 addresses
 * and an ipv6 block keeps its IPv4 default route and from rule declared (apply's), while its IPv6
 * ones follow the router advertisements and the DHCPv6 lease (the daemon's).
 */
class LeaseRoutesTest {

    @Test
    void theIpv6SideOfAStaticUplinkWithAnIpv6BlockIsTheDaemons() throws Exception {
        var ipv6 = new WatchdogFile.Interface(
                "eth0",
                true,
                null,
                List.of("203.0.113.10/29"),
                null,
                null,
                null,
                new WatchdogFile.Ipv6(true, true, true, 100));
        LeaseRoutes leases = LeaseRoutes.of(LinkTestBundles.declaring("ipv6-dual-stack.hcl", ipv6));
        assertThat(leases.ownsRoute("default via fe80::1 dev eth0 table 101 metric 100 proto 241"))
                .isTrue();
        assertThat(leases.ownsRule("priority 9201 from 2001:db8:100::1000 lookup 101 protocol 241"))
                .isTrue();
        // the static IPv4 side stays apply's
        assertThat(leases.ownsRoute("default via 203.0.113.9 dev eth0 onlink table 101 proto 241"))
                .isFalse();
        assertThat(leases.ownsRule("priority 9201 from 203.0.113.10 lookup 101 protocol 241"))
                .isFalse();
        // eth1 has no ipv6 block: its static IPv6 route is declared
        assertThat(leases.ownsRoute("default via 2001:db8:200::1 dev eth1 onlink table 102 proto 241"))
                .isFalse();
    }

    @Test
    void aDhcpUplinkWithoutIpv6OwnsOnlyItsIpv4Routes() throws Exception {
        LeaseRoutes leases = LeaseRoutes.of(LinkTestBundles.example("dual-wan.hcl"));
        assertThat(leases.ownsRoute("default via 198.51.100.1 dev eth0 onlink table 101 proto 241"))
                .isTrue();
        assertThat(leases.ownsRule("priority 9201 from 198.51.100.2 lookup 101 protocol 241"))
                .isTrue();
        assertThat(leases.ownsRoute("default via fe80::1 dev eth0 table 101 metric 100 proto 241"))
                .isFalse();
        assertThat(leases.ownsRule("priority 9201 from 2001:db8::2 lookup 101 protocol 241"))
                .isFalse();
    }
}
