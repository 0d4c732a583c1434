package dev.flywall.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * IPv4 and IPv6 addresses and prefixes: strict parsing (no leading zeros, no zone ids, never a
 * name lookup), RFC 5952 text, and the prefix arithmetic the validator relies on.
 */
class CidrTest {

    private static Cidr cidr(String text) {
        return Cidr.parse(text).orElseThrow(() -> new AssertionError("does not parse: " + text));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "192.0.2.1, 32, IPV4, true",
        "192.0.2.1/24, 24, IPV4, false",
        "0.0.0.0/0, 0, IPV4, false",
        "10.0.0.0/8, 8, IPV4, false",
        "2001:db8::1, 128, IPV6, true",
        "2001:db8::/32, 32, IPV6, false",
        "::/0, 0, IPV6, false",
        "::1, 128, IPV6, true",
        "fe80::1/10, 10, IPV6, false"
    })
    void addressesAndPrefixesParse(String text, int prefix, Cidr.Family family, boolean host) {
        Cidr c = cidr(text);
        assertThat(c.prefix()).isEqualTo(prefix);
        assertThat(c.family()).isEqualTo(family);
        assertThat(c.isV6()).isEqualTo(family == Cidr.Family.IPV6);
        assertThat(c.isHost()).isEqualTo(host);
        assertThat(c.toString()).isEqualTo(text);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(
            strings = {
                "1.2.3",
                "256.1.1.1",
                "1.2.3.4.5",
                "01.2.3.4",
                "1.02.3.4",
                "1.2.3.00",
                "0x7f.0.0.1",
                "1.2.3.-4",
                "+1.2.3.4",
                "1.2.3.4/33",
                "1.2.3.4/08",
                "1.2.3.4/",
                "/24",
                "1.2.3.4/+8",
                "1.2.3.4/-1",
                "1.2.3.4/1e1",
                "1.2.3.4/24/8",
                "2001:db8::/129",
                "2001:db8::/0128",
                "fe80::1%eth0",
                "fe80::1%1",
                "1::2::3",
                ":::1",
                "1:2:3:4:5:6:7:8:9",
                "abcd::12345",
                "::ffff:1.2.3",
                "::ffff:1.2.3.4.5",
                "[::1]",
                "",
                " 1.2.3.4",
                "1.2.3.4 ",
                "cafe",
                "dead:beef",
                "g::1",
                "1.2.3.4::"
            })
    void malformedAddressesAreRejected(String text) {
        assertThat(Cidr.parse(text)).isEmpty();
    }

    /**
     * Host names are never resolved: "localhost" and "ip6-localhost" resolve on every machine, so
     * an address coming back would prove a lookup happened. Parsing stays pure and offline.
     */
    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(
            strings = {
                "localhost",
                "ip6-localhost",
                "localhost/8",
                "example.com",
                "example.com/24",
                "one.one.one.one",
                "dns.google",
                "a.b.c.d"
            })
    void namesAreNotLookedUp(String text) {
        assertThat(Cidr.parse(text)).isEmpty();
    }

    @Test
    void ipv4MappedAddressIsAnIpv6Address() {
        Cidr mapped = cidr("::ffff:1.2.3.4");
        assertThat(mapped.isV6()).isTrue();
        assertThat(mapped.isHost()).isTrue();
        byte[] expected = new byte[16];
        expected[10] = (byte) 0xff;
        expected[11] = (byte) 0xff;
        expected[12] = 1;
        expected[13] = 2;
        expected[14] = 3;
        expected[15] = 4;
        assertThat(mapped.address()).isEqualTo(expected);
        assertThat(mapped).isNotEqualTo(cidr("1.2.3.4"));
        assertThat(cidr("0:0:0:0:0:ffff:0102:0304")).isEqualTo(mapped);
    }

    @Test
    void leadingZerosInAnEmbeddedIpv4AreRejected() {
        assertThat(Cidr.parse("::ffff:01.2.3.4")).isEmpty();
        assertThat(Cidr.parse("::ffff:1.2.3.004")).isEmpty();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "2001:0DB8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "2001:db8:0:0:0:1:0:0, 2001:db8::1:0:0",
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
        "0:0:0:0:0:0:0:0, ::",
        "0:0:0:0:0:0:0:1, ::1",
        "1:0:0:0:0:0:0:0, 1::",
        "2001:DB8::AbCd, 2001:db8::abcd",
        "fe80:0:0:0:0:0:0:1/64, fe80::1/64",
        "2001:db8:0:0:0:0:2:1, 2001:db8::2:1",
        "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
        "1:2:3:4:5:6:1.2.3.4, 1:2:3:4:5:6:102:304",
        "0:1:0:0:1:0:0:0, 0:1:0:0:1::",
        "1:0:0:2:0:0:3:4, 1::2:0:0:3:4"
    })
    void ipv6PrintsPerRfc5952(String text, String canonical) {
        Cidr c = cidr(text);
        assertThat(c.toString()).isEqualTo(canonical);
        assertThat(cidr(canonical)).isEqualTo(c);
    }

    @Test
    void ipv4MappedPrintsInMixedNotation() {
        assertThat(cidr("::ffff:1.2.3.4").toString()).isEqualTo("::ffff:1.2.3.4");
        assertThat(cidr("::ffff:192.0.2.0/120").toString()).isEqualTo("::ffff:192.0.2.0/120");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "192.168.1.77/24, 192.168.1.0/24",
        "192.168.1.77/25, 192.168.1.0/25",
        "192.168.1.200/25, 192.168.1.128/25",
        "192.168.1.77/31, 192.168.1.76/31",
        "10.255.255.255/0, 0.0.0.0/0",
        "192.0.2.1, 192.0.2.1",
        "2001:db8::1/64, 2001:db8::/64",
        "2001:db8:ffff::1/33, 2001:db8:8000::/33"
    })
    void networkClearsTheHostBits(String text, String network) {
        Cidr c = cidr(text);
        assertThat(c.network().toString()).isEqualTo(network);
        assertThat(c.network().prefix()).isEqualTo(c.prefix());
        assertThat(c.toString()).as("the address keeps its host bits").isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} ⊇ {1}: {2}, overlap {3}")
    @CsvSource({
        "10.0.0.0/8, 10.1.2.3/16, true, true",
        "10.1.0.0/16, 10.0.0.0/8, false, true",
        "10.0.0.0/8, 11.0.0.0/8, false, false",
        "10.0.0.0/8, 10.0.0.0/8, true, true",
        "192.0.2.0/24, 192.0.2.255, true, true",
        "192.0.2.0/24, 192.0.3.0, false, false",
        "192.0.2.1, 192.0.2.1, true, true",
        "192.0.2.1, 192.0.2.2, false, false",
        "0.0.0.0/0, 203.0.113.7, true, true",
        "::/0, 1.2.3.4, false, false",
        "0.0.0.0/0, ::1, false, false",
        "::ffff:0:0/96, 1.2.3.4, false, false",
        "2001:db8::/32, 2001:db8:1::/48, true, true",
        "2001:db8::/32, 2001:db9::/32, false, false",
        "192.168.1.1/24, 192.168.1.200, true, true"
    })
    void containsAndOverlaps(String outer, String inner, boolean contains, boolean overlaps) {
        Cidr a = cidr(outer);
        Cidr b = cidr(inner);
        assertThat(a.contains(b)).isEqualTo(contains);
        assertThat(a.overlaps(b)).isEqualTo(overlaps);
        assertThat(b.overlaps(a)).as("overlap is symmetric").isEqualTo(overlaps);
    }

    @Test
    void valueSemanticsAndOrder() {
        assertThat(cidr("192.0.2.1/24")).isEqualTo(cidr("192.0.2.1/24")).hasSameHashCodeAs(cidr("192.0.2.1/24"));
        assertThat(cidr("192.0.2.1/24")).isNotEqualTo(cidr("192.0.2.0/24"));
        assertThat(cidr("2001:DB8::1")).isEqualTo(cidr("2001:db8:0::1"));
        List<Cidr> sorted = new ArrayList<>(List.of(
                cidr("2001:db8::/32"),
                cidr("10.1.0.0/16"),
                cidr("10.0.0.0/16"),
                cidr("10.0.0.0/8"),
                cidr("9.255.255.255")));
        sorted.sort(null);
        assertThat(sorted)
                .extracting(Cidr::toString)
                .containsExactly("9.255.255.255", "10.0.0.0/8", "10.0.0.0/16", "10.1.0.0/16", "2001:db8::/32");
    }

    @Test
    void addressesAreCopiedInAndOut() {
        byte[] bytes = {10, 0, 0, 1};
        Cidr c = new Cidr(bytes, 32);
        bytes[0] = 99;
        assertThat(c.toString()).isEqualTo("10.0.0.1");
        c.address()[0] = 99;
        assertThat(c.toString()).isEqualTo("10.0.0.1");
    }

    @Test
    void constructorChecksLengthAndPrefix() {
        assertThatThrownBy(() -> new Cidr(new byte[5], 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Cidr(new byte[4], 33)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Cidr(new byte[16], -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Cidr(new byte[16], 128).toString()).isEqualTo("::");
    }
}
