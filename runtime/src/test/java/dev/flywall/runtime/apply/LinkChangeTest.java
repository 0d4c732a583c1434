package dev.flywall.runtime.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.diff.PlanDiff;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The device change computed from what the kernel has, the declaration and the ledger: no kernel needed. */
class LinkChangeTest {

    private static Cidr cidr(String text) {
        return Cidr.parse(text).orElseThrow();
    }

    private static LiveLinks.Live live(String device, int mtu, boolean up, String... addresses) {
        return new LiveLinks.Live(
                device,
                mtu,
                up,
                List.of(addresses).stream().map(LinkChangeTest::cidr).toList(),
                false,
                null);
    }

    @Test
    void addressesAreWrittenAsTheKernelListsThemAndOnlyLiteralsWithAPrefixAreAccepted() {
        assertThat(cidr("2001:DB8:0:0:0:0:0:2/64")).hasToString("2001:db8::2/64");
        assertThat(cidr("2001:db8:0:1:0:0:1:0/48")).hasToString("2001:db8:0:1::1:0/48");
        assertThat(cidr("fe80:0:0:0:1:0:0:1/64")).hasToString("fe80::1:0:0:1/64");
        assertThat(cidr("2001:db8:1:2:3:4:5:6/128")).hasToString("2001:db8:1:2:3:4:5:6/128");
        assertThat(cidr("::/0")).hasToString("::/0");
        assertThat(cidr("192.0.2.2/24")).hasToString("192.0.2.2/24");
        for (String bad : List.of(
                "192.0.2.2",
                "192.0.2.2/33",
                "192.0.2.256/24",
                "host.example/24",
                "::ffff:0102:0304/96",
                "2001:db8::2/129",
                "192.0.2.2/24 dev lo",
                "1.2.3/24",
                "")) {
            assertThat(Cidr.parse(bad)).as(bad).isEmpty();
        }
    }

    @Test
    void ratesCompareAsTcListsThem() {
        assertThat(LinkState.tcRate(20_000_000)).isEqualTo("20Mbit");
        assertThat(LinkState.tcRate(20_500_000)).isEqualTo("20500Kbit");
        assertThat(LinkState.tcRate(1_000_000_000)).isEqualTo("1Gbit");
        assertThat(LinkState.parseRate("20500Kbit")).isEqualTo(20_500_000);
        assertThat(LinkState.Shape.of(20_000_003, "pfifo")).isEqualTo(new LinkState.Shape(20_000_000, "pfifo"));
        assertThat(new LinkState.Shape(1_500_000_000L, "pfifo").rate()).isEqualTo("1.5 Gbit/s");
    }

    @Test
    void theDevicesLinesFollowTheObjectsAndAreCountedWithThem() throws Exception {
        var now = Map.of("eth0", live("eth0", 1500, false));
        var declared = new DeclaredLinks(
                List.of(new DeclaredLinks.Link("eth0", true, 1492, List.of(cidr("192.0.2.2/24")), 20_000_000L)));
        LinkChange change = LinkChange.between(now, LinkChange.declared(declared, "fq_codel", Map.of()), Map.of());
        var objects = new PlanDiff.Result(1, 0, 0, "  + nft chain classify\n      + accept\n", List.of());
        assertThat(LivePlan.withLinks(objects, change).text()).isEqualTo("""
                          + nft chain classify
                              + accept
                          ~ link eth0: down -> up
                          ~ mtu eth0: 1500 -> 1492
                          + address 192.0.2.2/24 dev eth0
                          + shaping eth0 20 Mbit/s

                        Plan: 3 to add, 2 to change, 0 to destroy.
                        """);
        var none = new PlanDiff.Result(0, 0, 0, "", List.of());
        assertThat(LivePlan.withLinks(none, change).text()).startsWith("  ~ link eth0: down -> up\n");
        assertThat(LivePlan.withLinks(none, LinkChange.NONE).text()).isEqualTo("No changes.\n");
    }

    @Test
    void onlyAddressesTheLedgerSaysFlywallAddedAreRemoved() throws Exception {
        var now = Map.of("eth0", live("eth0", 1500, true, "192.0.2.2/24", "198.51.100.7/24", "2001:db8::2/64"));
        var ledger = Map.of("eth0", new LinkLedger.Entry(List.of("192.0.2.2/24", "2001:db8::2/64"), null, false));
        var declared = new DeclaredLinks(
                List.of(new DeclaredLinks.Link("eth0", true, null, List.of(cidr("192.0.2.3/24")), null)));
        LinkChange change = LinkChange.between(now, LinkChange.declared(declared, null, ledger), ledger);
        assertThat(change.ip())
                .containsExactly(
                        "address del 192.0.2.2/24 dev eth0",
                        "address del 2001:db8::2/64 dev eth0",
                        "address add 192.0.2.3/24 dev eth0");
        assertThat(change.ledgerBefore().get("eth0").addresses())
                .containsExactly("192.0.2.2/24", "2001:db8::2/64", "192.0.2.3/24");
        assertThat(change.ledgerAfter().get("eth0").addresses()).containsExactly("192.0.2.3/24");
    }

    @Test
    void aDhcpInterfaceIsBroughtUpAndItsClientsAddressLeftAlone() throws Exception {
        var now = Map.of("eth1", live("eth1", 1500, false, "203.0.113.50/24"));
        var declared = new DeclaredLinks(List.of(new DeclaredLinks.Link("eth1", true, 1492, List.of(), null)));
        LinkChange change = LinkChange.between(now, LinkChange.declared(declared, null, Map.of()), Map.of());
        assertThat(change.ip()).containsExactly("link set dev eth1 mtu 1492 up");
        assertThat(change.plan())
                .extracting(PlanDiff.Line::text)
                .containsExactly("link eth1: down -> up", "mtu eth1: 1500 -> 1492");
        assertThat(change.ledgerAfter().get("eth1")).isEqualTo(new LinkLedger.Entry(List.of(), 1500, false));
    }

    @Test
    void anInterfaceNoLongerDeclaredGoesBackToHowFlywallFoundIt() throws Exception {
        var now = Map.of(
                "eth2",
                new LiveLinks.Live(
                        "eth2",
                        1400,
                        true,
                        List.of(cidr("10.0.0.1/24")),
                        true,
                        new LinkState.Shape(20_000_000, "pfifo")));
        var ledger = Map.of("eth2", new LinkLedger.Entry(List.of("10.0.0.1/24"), 1500, true));
        LinkChange change = LinkChange.between(now, LinkChange.declared(DeclaredLinks.NONE, null, ledger), ledger);
        assertThat(change.ip()).containsExactly("link set dev eth2 mtu 1500", "address del 10.0.0.1/24 dev eth2");
        assertThat(change.tc()).containsExactly("qdisc del dev eth2 root");
        assertThat(change.ledgerAfter().get("eth2").isEmpty()).isTrue();
    }

    @Test
    void anUnmanagedInterfaceIsOnlyShapedAndTheFallbackLeafIsSaid() throws Exception {
        var now = Map.of("eth0", live("eth0", 1500, false, "192.0.2.2/24"));
        var declared = new DeclaredLinks(List.of(new DeclaredLinks.Link("eth0", false, 1400, List.of(), 20_000_000L)));
        LinkChange change = LinkChange.between(now, LinkChange.declared(declared, "pfifo", Map.of()), Map.of());
        assertThat(change.ip()).isEmpty();
        assertThat(change.tc()).hasSize(3).first().asString().startsWith("qdisc replace dev eth0 root handle 1: htb");
        assertThat(change.plan()).containsExactly(new PlanDiff.Line('+', "shaping eth0 20 Mbit/s"));
        assertThat(change.notes())
                .containsExactly(
                        "Shaping eth0 to 20 Mbit/s with HTB + pfifo: this kernel has no fq_codel, cake or sfq.");
        assertThat(Optional.ofNullable(change.ledgerAfter().get("eth0")).map(LinkLedger.Entry::shaped))
                .contains(true);
    }
}
