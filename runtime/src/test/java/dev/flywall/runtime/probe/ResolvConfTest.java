package dev.flywall.runtime.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host's DNS servers as http checks see them: parsing resolv.conf and re-reading it when it changes. */
class ResolvConfTest {

    @TempDir
    Path dir;

    private static List<String> usable(ResolvConf.Servers servers) {
        return servers.usable().stream().map(InetAddress::getHostAddress).toList();
    }

    @Test
    void nameserverLinesInOrderAtMostThree() {
        ResolvConf.Servers servers = ResolvConf.parse("""
                # written by dhclient
                search lan.example
                options edns0 timeout:1
                nameserver 192.0.2.53   # the ISP's
                nameserver\t2001:db8::53
                ;nameserver 192.0.2.99
                nameserver 198.51.100.53
                nameserver 203.0.113.53
                """);
        assertThat(usable(servers)).containsExactly("192.0.2.53", "2001:db8:0:0:0:0:0:53", "198.51.100.53");
        assertThat(servers.skipped()).isEmpty();
    }

    @Test
    void invalidAddressesAreIgnoredAndLoopbackServersSkipped() {
        ResolvConf.Servers servers = ResolvConf.parse("""
                nameserver dns.example
                nameserver 300.1.1.1
                nameserver
                nameservers 192.0.2.1
                nameserver 127.0.0.53
                nameserver ::1
                nameserver 192.0.2.53
                """);
        assertThat(usable(servers)).containsExactly("192.0.2.53");
        assertThat(servers.skipped())
                .extracting(InetAddress::getHostAddress)
                .containsExactly("127.0.0.53", "0:0:0:0:0:0:0:1");
        assertThat(ResolvConf.parse("").usable()).isEmpty();
    }

    @Test
    void theFileIsReadAgainOnlyWhenItChanged() throws Exception {
        Path file = dir.resolve("resolv.conf");
        ResolvConf conf = new ResolvConf(file);
        assertThat(conf.servers().usable()).as("no file: no server").isEmpty();
        Files.writeString(file, "nameserver 192.0.2.53\n");
        ResolvConf.Servers first = conf.servers();
        assertThat(usable(first)).containsExactly("192.0.2.53");
        assertThat(conf.servers()).as("unchanged: the same reading").isSameAs(first);
        // a DHCP client rewrites it (same size, a later time)
        Files.writeString(file, "nameserver 192.0.2.54\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(usable(conf.servers())).containsExactly("192.0.2.54");
    }

    @Test
    void withOnlyLocalServersAnHttpCheckByNameFailsWithTheReason() throws Exception {
        Path file = dir.resolve("resolv.conf");
        Files.writeString(file, "nameserver 127.0.0.53\noptions edns0 trust-ad\n");
        UplinkResolver resolver = new UplinkResolver(new ResolvConf(file));
        assertThatThrownBy(() -> resolver.start("www.example", new Egress("wan1", 0x100, Optional.empty())))
                .isInstanceOf(ProbeException.class)
                .hasMessage("no DNS server to resolve www.example through a WAN: " + file
                        + " lists only local ones (127.0.0.53)");
        Files.writeString(file, "# empty\n");
        assertThatThrownBy(() -> resolver.start("www.example", new Egress("wan1", 0x100, Optional.empty())))
                .hasMessage("no DNS server to resolve www.example through a WAN: " + file + " lists none");
    }

    @Test
    void behindSystemdResolvedItsUpstreamServersAreAsked() throws Exception {
        Path file = dir.resolve("resolv.conf");
        Path upstream = dir.resolve("upstream.conf");
        Files.writeString(file, "nameserver 127.0.0.53\noptions edns0 trust-ad\n");
        ResolvConf conf = new ResolvConf(file, Optional.of(upstream));
        assertThat(conf.servers().usable()).as("no upstream file yet").isEmpty();
        Files.writeString(upstream, "nameserver 192.0.2.53\nnameserver 198.51.100.53\n");
        assertThat(usable(conf.servers())).containsExactly("192.0.2.53", "198.51.100.53");
        // a usable server in the main file wins over the upstream list
        Files.writeString(file, "nameserver 203.0.113.53\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(usable(conf.servers())).containsExactly("203.0.113.53");
    }
}
