package dev.flywall.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywall.bundle.WatchdogFile;
import dev.flywall.testing.NeedsRoot;
import dev.flywall.testing.NeedsTools;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class HaFilesTest {

    private static final Path RUN = Path.of("/var/lib/flywall/run/ha");

    static WatchdogFile.Ha pair(boolean preempt, long preemptDelayMs, List<WatchdogFile.VirtualAddresses> vips) {
        return new WatchdogFile.Ha(200, 51, 200, preempt, preemptDelayMs, "eth3", "10.99.0.1", "10.99.0.2", 3780, vips);
    }

    private static final List<WatchdogFile.VirtualAddresses> TWO = List.of(
            new WatchdogFile.VirtualAddresses("eth2", List.of("192.168.1.1/24", "fd00:10::1/64")),
            new WatchdogFile.VirtualAddresses("eth0", List.of("198.51.100.4/29")));

    @Test
    void keepalivedHasAnInstancePerInterfaceInOneSyncGroupAndIPv6AddressesBesides() {
        String conf = HaFiles.keepalived(pair(true, 2500, TWO), RUN);
        assertThat(conf)
                .contains("notify_fifo /var/lib/flywall/run/ha/keepalived.fifo")
                .contains("vrrp_version 3")
                .contains("vrrp_sync_group flywall {\n    group {\n        flywall_eth2\n        flywall_eth0\n")
                .contains("vrrp_instance flywall_eth2 {\n    state BACKUP\n    interface eth2\n"
                        + "    virtual_router_id 51\n    priority 200\n    advert_int 0.2\n    preempt_delay 2.5\n")
                .contains("        192.168.1.1/24 dev eth2\n")
                .contains("    virtual_ipaddress_excluded {\n        fd00:10::1/64 dev eth2\n")
                .contains("        198.51.100.4/29 dev eth0\n")
                .doesNotContain("nopreempt");
    }

    @Test
    void oneInstanceHasNoSyncGroupAndNoPreemptIsNopreempt() {
        String conf = HaFiles.keepalived(pair(false, 0, TWO.subList(1, 2)), RUN);
        assertThat(conf)
                .doesNotContain("vrrp_sync_group")
                .contains("    nopreempt\n")
                .doesNotContain("preempt_delay");
        assertThat(HaFiles.keepalived(pair(true, 0, TWO.subList(1, 2)), RUN)).doesNotContain("preempt");
    }

    @Test
    void secondsAreWrittenWithoutTrailingZeros() {
        assertThat(HaFiles.seconds(10)).isEqualTo("0.01");
        assertThat(HaFiles.seconds(1000)).isEqualTo("1");
        assertThat(HaFiles.seconds(1500)).isEqualTo("1.5");
        assertThat(HaFiles.seconds(40_000)).isEqualTo("40");
    }

    @Test
    void conntrackdSyncsOverTheSyncLinkToThePeer() {
        String conf = HaFiles.conntrackd(pair(true, 0, TWO), RUN);
        assertThat(conf)
                .contains("    Mode FTFW {\n")
                .contains("        IPv4_address 10.99.0.1\n        IPv4_Destination_Address 10.99.0.2\n"
                        + "        Port 3780\n        Interface eth3\n")
                .contains("LockFile /var/lib/flywall/run/ha/conntrackd.lock")
                .contains("Path /var/lib/flywall/run/ha/conntrackd.ctl");
    }

    @Test
    void aRunDirectoryTheToolsWouldSplitIsRefused() {
        assertThat(HaFiles.usableRunDir(Path.of("/srv/fly wall/run/ha"))).isFalse();
        assertThat(HaFiles.usableRunDir(Path.of("/srv/flywall#1"))).isFalse();
        assertThat(HaFiles.usableRunDir(RUN)).isTrue();
        assertThatThrownBy(() -> HaFiles.conntrackd(pair(true, 0, TWO), Path.of("/srv/a b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"/srv/a b\"");
    }

    @Test
    @NeedsRoot
    @NeedsTools({"ip", "keepalived"})
    void keepalivedAcceptsWhatIsRenderedAndRefusesABrokenCopy() throws Exception {
        try (Netns ns = Netns.create("fwha", List.of("eth0", "eth2"))) {
            for (var conf : List.of(
                    HaFiles.keepalived(pair(true, 2500, TWO), RUN),
                    HaFiles.keepalived(pair(false, 0, TWO.subList(1, 2)), RUN))) {
                Netns.Run ok = ns.execWithFile(conf, "keepalived", "-t", "-f");
                assertThat(ok.exitCode()).as(ok.output()).isZero();
            }
            String broken = HaFiles.keepalived(pair(true, 0, TWO), RUN).replace("priority 200", "priority 300");
            Netns.Run refused = ns.execWithFile(broken, "keepalived", "-t", "-f");
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.output()).contains("outside range");
        }
    }

    @Test
    @NeedsRoot
    @NeedsTools({"ip", "conntrackd"})
    void conntrackdsParserAcceptsWhatIsRenderedAndRefusesABrokenCopy() throws Exception {
        try (Netns ns = Netns.create("fwha", List.of("eth3"))) {
            String conf = HaFiles.conntrackd(pair(true, 0, TWO), Path.of("/nonexistent/flywall/run/ha"));
            Netns.Run parsed = ns.execWithFile(conf, "conntrackd", "-s", "-C");
            assertThat(parsed.output()).doesNotContain("parsing config file").contains("can't connect");
            Netns.Run refused = ns.execWithFile(conf.replace("HashSize", "HashSise"), "conntrackd", "-s", "-C");
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.output()).contains("parsing config file in line");
        }
    }
}
