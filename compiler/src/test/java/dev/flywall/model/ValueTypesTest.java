package dev.flywall.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How configuration text becomes values: durations, bandwidths, ports and ranges, host:port and
 * interface names. Addresses and prefixes are in {@link CidrTest}.
 */
class ValueTypesTest {

    // ------------------------------------------------------------------ durations

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({
        "500ms, 500",
        "5s, 5000",
        "1m30s, 90000",
        "1h, 3600000",
        "7d, 604800000",
        "0s, 0",
        "1h30m15s500ms, 5415500",
        "1d1ms, 86400001",
        "90s, 90000"
    })
    void durationsParse(String text, long millis) {
        assertThat(DurationText.parse(text)).contains(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(
            strings = {
                "5",
                "1s1m",
                "1.5s",
                "-1s",
                "",
                "1m1m",
                "5 s",
                " 5s",
                "5s ",
                "5S",
                "s",
                "ms",
                "1x",
                "1s500",
                "1000000000s",
                "PT5S"
            })
    void malformedDurationsAreRejected(String text) {
        assertThat(DurationText.parse(text)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"500ms", "5s", "1m30s", "1h", "7d", "0s", "1d1h1m1s1ms", "2h5m"})
    void canonicalDurationsRoundTrip(String text) {
        assertThat(DurationText.format(DurationText.parse(text).orElseThrow())).isEqualTo(text);
    }

    @Test
    void formatIsTheShortestTextThatParsesBack() {
        assertThat(DurationText.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(DurationText.format(Duration.ofMinutes(60))).isEqualTo("1h");
        assertThat(DurationText.format(Duration.ofHours(48))).isEqualTo("2d");
        for (Duration d : List.of(
                Duration.ofMillis(1), Duration.ofMillis(61_001), Duration.ofDays(30), Duration.ofMillis(93_784_005))) {
            assertThat(DurationText.parse(DurationText.format(d))).as("%s", d).contains(d);
        }
    }

    @Test
    void formatNeverGivesTextThatDoesNotParse() {
        String text = DurationText.format(Duration.ofNanos(1));
        assertThat(text).isEqualTo("0ms");
        assertThat(DurationText.parse(text)).isPresent();
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> DurationText.format(Duration.ofSeconds(-5)));
    }

    // ------------------------------------------------------------------ bandwidth

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "100Mbps, 100000000, 100Mbps",
        "1Gbps, 1000000000, 1Gbps",
        "512kbps, 512000, 512kbps",
        "512Kbps, 512000, 512kbps",
        "1.5Gbps, 1500000000, 1500Mbps",
        "2.5Mbps, 2500000, 2500kbps",
        "1Tbps, 1000000000000, 1Tbps",
        "1000bps, 1000, 1kbps",
        "1bps, 1, 1bps",
        "999bps, 999, 999bps"
    })
    void bandwidthsParseAndPrintInTheLargestExactUnit(String text, long bits, String printed) {
        Bandwidth b = Bandwidth.parse(text).orElseThrow();
        assertThat(b.bitsPerSecond()).isEqualTo(bits);
        assertThat(b.toString()).isEqualTo(printed);
        assertThat(Bandwidth.parse(printed)).contains(b);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(
            strings = {
                "0Mbps",
                "100",
                "Mbps",
                "100MB",
                "100mbps",
                "100 MBit",
                "1.2345Gbps",
                "1234567Mbps",
                "-1Mbps",
                "",
                "1,5Gbps",
                "0.001bps"
            })
    void malformedBandwidthsAreRejected(String text) {
        assertThat(Bandwidth.parse(text)).isEmpty();
    }

    @Test
    void bandwidthMustBePositive() {
        assertThatThrownBy(() -> new Bandwidth(0)).isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------ ports

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "0, 0, 0",
        "65535, 65535, 65535",
        "1194, 1194, 1194",
        "8000-8100, 8000, 8100",
        "5-5, 5, 5",
        "1-65535, 1, 65535",
        "0-0, 0, 0"
    })
    void portsAndRangesParse(String text, int first, int last) {
        PortRange r = PortRange.parse(text).orElseThrow();
        assertThat(r.first()).isEqualTo(first);
        assertThat(r.last()).isEqualTo(last);
        assertThat(r.isSingle()).isEqualTo(first == last);
        assertThat(PortRange.parse(r.toString())).contains(r);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(
            strings = {
                "65536",
                "10-5",
                "01",
                "-1",
                "1-",
                "-",
                " 80",
                "80 ",
                "+80",
                "1--2",
                "1-2-3",
                "",
                "0x50",
                "65535-65536",
                "http",
                "1 - 2"
            })
    void malformedPortsAreRejected(String text) {
        assertThat(PortRange.parse(text)).isEmpty();
    }

    @Test
    void rangesContainTheirSubranges() {
        PortRange wide = PortRange.parse("8000-8100").orElseThrow();
        assertThat(wide.contains(PortRange.parse("8080").orElseThrow())).isTrue();
        assertThat(wide.contains(wide)).isTrue();
        assertThat(wide.contains(PortRange.parse("7999-8000").orElseThrow())).isFalse();
        assertThat(PortRange.parse("8080").orElseThrow().contains(wide)).isFalse();
        assertThat(wide.toString()).isEqualTo("8000-8100");
        assertThatThrownBy(() -> new PortRange(10, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PortRange(0, 65536)).isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------ host:port

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "smtp.example.com:587, smtp.example.com, 587",
        "mail:25, mail, 25",
        "127.0.0.1:8080, 127.0.0.1, 8080",
        "'[::1]:8080', '[::1]', 8080",
        "'[2001:db8::1]:443', '[2001:db8::1]', 443",
        "'[::ffff:192.0.2.1]:25', '[::ffff:192.0.2.1]', 25",
        "localhost:65535, localhost, 65535",
        "a-b.example:1, a-b.example, 1"
    })
    void hostPortsParse(String text, String host, int port) {
        assertThat(HostPort.parse(text)).contains(new HostPort(host, port));
        assertThat(HostPort.parse(text).orElseThrow().toString()).isEqualTo(text);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(
            strings = {
                "smtp.example.com",
                "localhost:0",
                "localhost:65536",
                "mail:123456",
                "mail:-1",
                "[1.2.3.4]:80",
                "::1:8080",
                "[fe80::1%eth0]:80",
                "[2001:db8::/64]:80",
                "-bad.example:80",
                "bad-.example:80",
                "a_b.example:25",
                "exa mple.com:25",
                " mail:25",
                ":80",
                "[::1]",
                "[::1]:",
                "example.com.:25",
                "[localhost]:80",
                "http://example.com:80"
            })
    void malformedHostPortsAreRejected(String text) {
        assertThat(HostPort.parse(text)).isEmpty();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"999.1.1.1:80", "1.2.3:80", "1.2.3.4.5:80"})
    void numericHostsThatAreNotAddressesAreRejected(String text) {
        assertThat(HostPort.parse(text)).isEmpty();
    }

    @Test
    void portsWithLeadingZerosAreRejected() {
        assertThat(HostPort.parse("mail:08080")).isEmpty();
    }

    // ------------------------------------------------------------------ interface names

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"eth0", "abcdefghijklmno", "eth0.100", "wg-0", "br_lan", "enp0s31f6", "ppp0", "..."})
    void linuxInterfaceNames(String name) {
        assertThat(name.length()).isLessThanOrEqualTo(InterfaceName.MAX_LENGTH);
        assertThat(InterfaceName.isValid(name)).isTrue();
        assertThat(InterfaceName.problem(name)).isNull();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(
            delimiter = '|',
            value = {
                "abcdefghijklmnop| at most 15 characters; \"abcdefghijklmnop\" has 16.",
                ".| \".\" and \"..\" are not valid interface names.",
                "..| \".\" and \"..\" are not valid interface names.",
                "a b| may only hold letters, digits, \"_\", \".\" and \"-\".",
                "eth0:1| may only hold letters",
                "ab/c| may only hold letters",
                "é0| may only hold letters",
                "''| cannot be empty."
            })
    void invalidInterfaceNamesSayWhy(String name, String why) {
        assertThat(InterfaceName.isValid(name)).isFalse();
        assertThat(InterfaceName.problem(name)).contains(why.strip());
    }

    // ------------------------------------------------------------------ secrets

    @Test
    void plainSecretsNeverPrintTheirValue() {
        Secret.Plain plain = new Secret.Plain("hunter2");
        assertThat(plain.value()).isEqualTo("hunter2");
        assertThat(plain.toString()).isEqualTo("(sensitive)");
        assertThat(plain.redacted()).isEqualTo("(sensitive)");
        assertThat(List.of(plain).toString()).doesNotContain("hunter2");
        assertThat(new Api(new HostPort("127.0.0.1", 8080), java.util.Optional.of(plain)).toString())
                .doesNotContain("hunter2");
        assertThat(new Secret.Env("PPPOE_PASSWORD").redacted()).isEqualTo("env(\"PPPOE_PASSWORD\")");
        assertThat(new Secret.File("/etc/flywall/token").redacted()).isEqualTo("file(\"/etc/flywall/token\")");
    }
}
