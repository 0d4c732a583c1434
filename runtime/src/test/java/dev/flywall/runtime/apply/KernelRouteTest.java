package dev.flywall.runtime.apply;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Routes as {@code ip -j route show} lists them, reduced to what a batch can declare. */
class KernelRouteTest {

    /** The same route with carrier up and down (linkdown), as iproute2 6.1 prints them. */
    @Test
    void theCarrierFlagIsNoPartOfTheDeclaration() throws Exception {
        String up = "[{\"dst\":\"default\",\"gateway\":\"203.0.113.9\",\"dev\":\"eth0\",\"table\":\"101\","
                + "\"flags\":[\"onlink\"]},{\"dst\":\"default\",\"gateway\":\"2001:db8:100::1\",\"dev\":\"eth0\","
                + "\"table\":\"101\",\"metric\":1024,\"flags\":[\"onlink\"],\"pref\":\"medium\"}]";
        String down = up.replace("[\"onlink\"]", "[\"onlink\",\"linkdown\"]");
        assertThat(KernelRoute.parse(down)).isEqualTo(KernelRoute.parse(up));
        assertThat(KernelRoute.parse(up))
                .extracting(KernelRoute::declaration)
                .containsExactly(
                        "default via 203.0.113.9 dev eth0 onlink table 101 proto 241",
                        "default via 2001:db8:100::1 dev eth0 onlink table 101 metric 1024 proto 241");
    }

    @Test
    void deviceRoutesBlackholesMultipathAndTheMainTable() throws Exception {
        String json = "[{\"dst\":\"default\",\"dev\":\"ppp0\",\"table\":\"102\",\"scope\":\"link\",\"flags\":[]},"
                + "{\"type\":\"blackhole\",\"dst\":\"10.1.0.0/16\",\"table\":\"106\",\"flags\":[]},"
                + "{\"dst\":\"default\",\"table\":\"107\",\"flags\":[\"linkdown\"],\"nexthops\":["
                + "{\"gateway\":\"192.0.2.1\",\"dev\":\"eth0\",\"weight\":2,\"flags\":[\"onlink\",\"linkdown\"]},"
                + "{\"gateway\":\"192.0.2.2\",\"dev\":\"eth1\",\"weight\":1,\"flags\":[\"onlink\"]}]},"
                + "{\"dst\":\"10.0.0.0/8\",\"gateway\":\"192.0.2.1\",\"dev\":\"eth0\",\"flags\":[]}]";
        assertThat(KernelRoute.parse(json))
                .extracting(KernelRoute::declaration)
                .containsExactly(
                        "default dev ppp0 table 102 proto 241",
                        "blackhole 10.1.0.0/16 table 106 proto 241",
                        "default table 107 proto 241 nexthop via 192.0.2.1 dev eth0 weight 2 onlink"
                                + " nexthop via 192.0.2.2 dev eth1 weight 1 onlink",
                        "10.0.0.0/8 via 192.0.2.1 dev eth0 table main proto 241");
        assertThat(KernelRoute.parse("")).isEmpty();
    }
}
