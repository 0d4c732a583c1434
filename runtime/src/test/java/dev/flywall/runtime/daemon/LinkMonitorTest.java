package dev.flywall.runtime.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.runtime.watchdog.WatchdogConfig;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which uplinks a line of {@code ip -o monitor link address route} is about. */
class LinkMonitorTest {

    private static final List<WatchdogConfig.Uplink> UPLINKS = List.of(uplink("eth0"), uplink("eth1"), uplink("ppp0"));

    private static WatchdogConfig.Uplink uplink(String device) {
        return new WatchdogConfig.Uplink(
                device, device, 0x100, 101, "dhcp", List.of(), List.of(), "up_" + device, "none", Optional.empty());
    }

    private static List<String> named(String line) {
        return LinkMonitor.uplinksNamedIn(line, UPLINKS).stream()
                .map(WatchdogConfig.Uplink::name)
                .toList();
    }

    @Test
    void aLinkLineNamesItsDeviceBeforeThePeer() {
        assertThat(named("3: eth0@peth0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 state LOWERLAYERDOWN"))
                .containsExactly("eth0");
    }

    @Test
    void addressAndRouteLinesNameTheDeviceAsAWord() {
        assertThat(named("4: eth1    inet 198.51.100.7/24 brd 198.51.100.255 scope global eth1"))
                .containsExactly("eth1");
        assertThat(named("Deleted default via 192.0.2.1 dev ppp0 proto dhcp")).containsExactly("ppp0");
    }

    @Test
    void aDeviceWhoseNameContainsAnUplinksIsNotIt() {
        assertThat(named("7: eth10: <BROADCAST,MULTICAST,UP> mtu 1500")).isEmpty();
        assertThat(named("8: veth0@if2: <BROADCAST> mtu 1500")).isEmpty();
    }
}
