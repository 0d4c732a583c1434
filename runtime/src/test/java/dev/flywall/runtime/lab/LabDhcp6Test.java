package dev.flywall.runtime.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywall.runtime.apply.Kernel;
import dev.flywall.testing.NeedsRoot;
import dev.flywall.testing.NeedsTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab's dynamic IPv6 ISP against Debian's own {@code dhclient -6}: router advertisements give
 * the gateway's device a SLAAC address and a default route, DHCPv6 an address and a delegated
 * /60, and {@link LabDhcp#delegate} moves the delegation at the next renewal (the restarted server
 * knows no binding: the client solicits again and is bound to the new prefix, {@code BOUND6}).
 */
class LabDhcp6Test {

    @Test
    void numberingAndConfiguration() {
        LabDhcp.Ipv6Isp isp = LabDhcp.Ipv6Isp.numbered(2, "eth1", "isp", "eth0", "gw", "eth1");
        assertThat(isp.linkPrefix()).isEqualTo("2001:db8:200::/64");
        assertThat(isp.router()).isEqualTo("2001:db8:200::1");
        assertThat(isp.dhcpAddress()).isEqualTo("2001:db8:200::1000");
        assertThat(isp.delegated()).contains("2001:db8:1200::/60");
        assertThat(isp.nextDelegated()).isEqualTo("2001:db8:1210::/60");
        assertThat(LabDhcp.dhcpd6Conf(isp, isp.delegated()))
                .contains("subnet6 2001:db8:200::/64 {")
                .contains("range6 2001:db8:200::1000 2001:db8:200::1000;")
                .contains("prefix6 2001:db8:1200:: 2001:db8:1200:: /60;")
                .contains("option dhcp-renewal-time " + LabDhcp.RENEW6_S + ";");
        assertThat(LabDhcp.raCommand(isp, Path.of("ra.leases")))
                .contains("--enable-ra", "--dhcp-range=::,constructor:eth0,ra-only,64,2m");
        assertThatThrownBy(() -> LabDhcp.Ipv6Isp.numbered(16, "eth1", "isp", "eth0", "gw", "eth1"))
                .hasMessageContaining("1 to 15");
        assertThatThrownBy(() -> new LabDhcp.Ipv6Isp(
                        "eth1", "isp", "eth0", "gw", "eth1", "fd00::/64", "fd00::1", true, Optional.empty()))
                .hasMessageContaining("not a lab IPv6 prefix");
    }

    @Test
    @NeedsRoot
    @NeedsTools({"ip", "dnsmasq", "dhcpd", "dhclient"})
    void dhclientGetsAddressesAndTheDelegatedPrefixWhichMoves(@TempDir Path dir) throws Exception {
        String tag = "l6" + ProcessHandle.current().pid() % 100000;
        String ispNs = tag + "-isp";
        String gwNs = tag + "-gw";
        Kernel host = new Kernel(Optional.empty());
        Kernel gw = new Kernel(Optional.of(gwNs));
        Process client = null;
        LabDhcp.Ipv6Isp isp = LabDhcp.Ipv6Isp.numbered(1, "wan", ispNs, "eth0", gwNs, "wan");
        try {
            host.run("", "ip", "netns", "add", ispNs);
            host.run("", "ip", "netns", "add", gwNs);
            host.run(
                    "", "ip", "link", "add", "eth0", "netns", ispNs, "type", "veth", "peer", "name", "wan", "netns",
                    gwNs);
            new Kernel(Optional.of(ispNs)).run("", "ip", "link", "set", "eth0", "up");
            gw.run("", "ip", "link", "set", "wan", "up");
            gw.run("", "sysctl", "-qw", "net.ipv6.conf.wan.accept_ra=2");
            List<Process> servers = LabDhcp.serve6(dir, isp);
            assertThat(servers).hasSize(2);
            // dhclient -6 binds the link-local address: only once its duplicate detection is over
            long dad = System.nanoTime() + 5_000_000_000L;
            while (gw.run("", "ip", "-6", "addr", "show", "dev", "wan", "scope", "link", "tentative")
                            .out()
                            .contains("fe80")
                    && System.nanoTime() < dad) {
                Thread.sleep(50);
            }
            Path hook = dir.resolve("hook");
            Path seen = dir.resolve("seen");
            Files.writeString(
                    hook,
                    "#!/bin/sh\necho \"$reason $new_ip6_address $new_ip6_prefix $new_max_life\" >> " + seen + "\n");
            Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwx------"));
            client = new ProcessBuilder(
                            "ip",
                            "netns",
                            "exec",
                            gwNs,
                            "dhclient",
                            "-6",
                            "-d",
                            "-N",
                            "-P",
                            "-cf",
                            "/dev/null",
                            "-lf",
                            dir.resolve("c.leases").toString(),
                            "-pf",
                            dir.resolve("c.pid").toString(),
                            "-sf",
                            hook.toString(),
                            "wan")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("dhclient.log").toFile())
                    .start();
            assertThat(await(seen, "BOUND6  2001:db8:1100::/60 120", 15))
                    .as(read(dir.resolve("dhclient.log")))
                    .isTrue();
            assertThat(read(seen)).contains("BOUND6 2001:db8:100::1000");
            assertThat(awaitOut(gw, "2001:db8:100:0:", 10, "ip", "-6", "addr", "show", "dev", "wan"))
                    .isTrue();
            assertThat(gw.run("", "ip", "-6", "route", "show", "default").out()).contains("proto ra");

            long start = System.nanoTime();
            LabDhcp.delegate(dir, isp, isp.nextDelegated());
            assertThat(await(seen, " 2001:db8:1110::/60 120", LabDhcp.REBIND6_S + 5))
                    .as(read(seen))
                    .isTrue();
            System.out.printf(
                    "LabDhcp6Test: the delegated prefix moved in %d ms (T1 %d s)%n",
                    (System.nanoTime() - start) / 1_000_000, LabDhcp.RENEW6_S);
            assertThat(new Kernel(Optional.of(ispNs))
                            .run("", "ip", "-6", "route")
                            .out())
                    .contains("2001:db8:1110::/60 via fe80:")
                    .doesNotContain("2001:db8:1100::/60");
        } finally {
            if (client != null) {
                client.destroy();
            }
            LabDhcp.stop6(dir, isp);
            host.run("", "ip", "netns", "del", ispNs);
            host.run("", "ip", "netns", "del", gwNs);
        }
    }

    private static String read(Path p) throws Exception {
        return Files.exists(p) ? Files.readString(p) : "";
    }

    private static boolean await(Path file, String text, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            if (read(file).contains(text)) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private static boolean awaitOut(Kernel k, String text, int seconds, String... command) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            if (k.run("", command).out().contains(text)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }
}
