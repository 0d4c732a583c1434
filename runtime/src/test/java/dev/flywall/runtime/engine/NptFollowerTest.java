package dev.flywall.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.runtime.watchdog.WatchdogConfig;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What an uplink's NPT chains hold for the prefix delegated to it: equal, shorter, longer, none. */
class NptFollowerTest {

    private static final WatchdogConfig.Uplink WAN = new WatchdogConfig.Uplink(
            "wan0",
            "wan0",
            0x100,
            101,
            "static",
            List.of(),
            List.of(),
            "up_wan0",
            "npt",
            Optional.of(new WatchdogConfig.Npt("fd00:10::/64", Optional.empty(), "npt_out_wan0", "npt_in_wan0")));

    @Test
    void aPrefixOfTheInsideLengthIsTheOutsidePrefix() {
        NptFollower.Fill f = NptFollower.fill(WAN, Optional.of("2001:db8:1100:5::/64"));
        assertThat(f.outside().map(Object::toString)).contains("2001:db8:1100:5::/64");
        assertThat(f.text()).isEqualTo("wan0's IPv6 leaves as 2001:db8:1100:5::/64");
    }

    @Test
    void aShorterPrefixLendsItsFirstSubnet() {
        assertThat(NptFollower.fill(WAN, Optional.of("2001:db8:1100::/56"))
                        .outside()
                        .map(Object::toString))
                .contains("2001:db8:1100::/64");
    }

    @Test
    void aLongerPrefixIsRefusedAndSoIsNone() {
        NptFollower.Fill longer = NptFollower.fill(WAN, Optional.of("2001:db8:1100:5:8000::/65"));
        assertThat(longer.outside()).isEmpty();
        assertThat(longer.refusal())
                .contains("the prefix delegated to wan0, 2001:db8:1100:5:8000::/65, is longer than the LAN's"
                        + " fd00:10::/64: NPT needs one at least as short; wan0's LAN IPv6 does not leave by it");
        NptFollower.Fill none = NptFollower.fill(WAN, Optional.empty());
        assertThat(none.outside()).isEmpty();
        assertThat(none.refusal()).isEmpty();
    }

    @Test
    void theCommandsFlushBothChainsAndAddNptRulesOrTheDrop() throws Exception {
        java.nio.file.Path example = java.nio.file.Path.of("..", "examples", "dual-wan.hcl");
        WatchdogConfig config = WatchdogConfig.parse(dev.flywall.Compiler.compile(
                        List.of(new dev.flywall.source.SourceFile(
                                example.toString(), java.nio.file.Files.readString(example))),
                        java.util.Map.of())
                .artifacts()
                .orElseThrow()
                .watchdogJson());
        List<String> refill =
                NptFollower.commands(config, WAN, NptFollower.fill(WAN, Optional.of("2001:db8:1100::/60")));
        String table = config.nft().family() + " " + config.nft().table() + " ";
        assertThat(refill)
                .containsExactly(
                        "flush chain " + table + "npt_out_wan0",
                        "flush chain " + table + "npt_in_wan0",
                        "add rule " + table + "npt_out_wan0 ip6 saddr fd00:10::/64 ip6 saddr set ip6 saddr &"
                                + " ::ffff:ffff:ffff:ffff | 2001:db8:1100:: comment \"uplink wan0: delegated prefix\"",
                        "add rule " + table + "npt_in_wan0 ip6 daddr 2001:db8:1100::/64 ip6 daddr set ip6 daddr &"
                                + " ::ffff:ffff:ffff:ffff | fd00:10:: comment \"uplink wan0: delegated prefix\"");
        // no prefix (none yet, one expired or refused): the LAN's packets are dropped, never sent with the ULA
        assertThat(NptFollower.commands(config, WAN, NptFollower.fill(WAN, Optional.empty())))
                .containsExactly(
                        "flush chain " + table + "npt_out_wan0",
                        "flush chain " + table + "npt_in_wan0",
                        "add rule " + table + "npt_out_wan0 ip6 saddr fd00:10::/64 drop comment \"uplink wan0: no"
                                + " usable delegated prefix, fd00:10::/64 does not leave\"");
    }
}
