package dev.flywall.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import dev.flywall.source.SourceFile;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a flywall configuration from the fuzzer's choices: interfaces (some WANs, some LANs),
 * uplink groups with members, ipsets, policy routes with match blocks, notifications, api,
 * runtime and ha blocks, each block in one of two files. Every value is picked from a short list in
 * which valid values come first and borderline or wrong ones follow (out-of-range numbers,
 * durations without units, reversed port ranges, IPv6 in IPv4 sets, unknown references), or is
 * built from fuzzer numbers (CIDRs, durations, ports), or — now and then — is any string the
 * fuzzer makes, escaped as an HCL string. So most inputs parse and reach decode, validate, plan
 * and render, which byte-level mutation rarely gets to.
 *
 * <p>The first choice is whether this configuration is <em>strict</em>: then every value comes
 * from the valid part of its list or range, so that errors come only from how the blocks relate
 * (unknown members, duplicate names, a group without WANs...) and validation, planning and
 * rendering run often; without it, one wrong value among dozens stops the front end at decoding.
 * After that, the structure is fixed by the order of the choices, so a small change to the input
 * changes one value or one block: libFuzzer's mutations stay local, which keeps coverage guidance
 * useful.
 */
final class ConfigGenerator {

    private static final String[] INTERFACE_NAMES = {
        "eth0",
        "eth1",
        "eth2",
        "usb0",
        "ppp0",
        "wan.10",
        "eth1",
        "lo",
        "br-lan",
        "a234567890123456",
        "bad name",
        "",
        "-x",
        "eth0"
    };
    private static final String[] ZONES = {"WAN", "LAN", "WAN", "LAN", "wan", "DMZ", ""};
    private static final String[] NAMES = {
        "default",
        "backup",
        "work-vpn",
        "gaming",
        "a.b",
        "x_1",
        "default",
        "9lives",
        "",
        "bad name",
        "very-long-name-very-long-name-very-long-name-very-long-name"
    };
    private static final String[] DURATION_UNITS = {"s", "ms", "m", "h", "d", "", "us", "ns", "x", "S", "s5"};
    private static final String[] PROTOCOLS = {
        "tcp", "udp", "icmp", "icmpv6", "6", "17", "gre", "esp", "TCP", "256", "-1", "sctp", "udplite", "bogus"
    };
    private static final String[] SPEEDS = {
        "1Gbps", "250Mbps", "100kbps", "10Mbit", "0Mbps", "1", "fast", "1.5Gbps", "99999999999999Gbps"
    };
    private static final String[] EVENTS = {"wan_down", "wan_up", "failover", "failback", "reboot", ""};
    private static final String[] URLS = {
        "https://hooks.example.com/x",
        "http://192.0.2.1:8080/h",
        "hooks.example.com/x",
        "ftp://x",
        "https://",
        "http://[2001:db8::1]/x",
        "https://a b"
    };
    private static final String[] HOST_PORTS = {
        "smtp.example.com:587",
        "127.0.0.1:8080",
        "[::1]:8080",
        "0.0.0.0:0",
        "host",
        ":80",
        "host:65536",
        "[::1]",
        "a:b:c"
    };
    private static final String[] EMAILS = {
        "admin@example.com", "a@b", "@example.com", "admin", "a@b@c", "\"x\"@example.com"
    };
    private static final String[] PATHS = {"/var/lib/flywall", "/tmp/x", "relative", "/", "", "/a/../b"};
    private static final String[] MASKS = {
        "0xff00", "0xff", "0xff0000", "0x0", "ff00", "0xfffffffff", "0x8000", "0x00ff00", "0xf0f0"
    };
    private static final String[] EXPRESSIONS = {
        "1 + 1",
        "\"${\"e\"}th0\"",
        "upper(\"wan\")",
        "[for x in [1, 2] : x]",
        "env(\"X\")",
        "file(\"/run/secret\")",
        "var.missing",
        "local.x",
        "null",
        "true ? 1 : 2",
        "{a = 1}",
        "length([1, 2])",
        "<<EOT\nheredoc\nEOT\n"
    };

    private final FuzzedDataProvider data;
    /** Values only from the valid part of each list or range (see the class comment). */
    private final boolean strict;

    private final StringBuilder first = new StringBuilder();
    private final StringBuilder second = new StringBuilder();
    /** Interface names declared so far: references prefer them, so members and uplinks resolve. */
    private final List<String> interfaces = new ArrayList<>();

    private final List<String> groups = new ArrayList<>();
    private final List<String> ipsets = new ArrayList<>();

    ConfigGenerator(FuzzedDataProvider data) {
        this.data = data;
        this.strict = data.consumeBoolean();
    }

    /** One or two files (the second only when something went into it), named so they sort. */
    List<SourceFile> sources() {
        int count = data.consumeInt(0, 5);
        for (int i = 0; i < count; i++) {
            interfaceBlock();
        }
        count = data.consumeInt(0, 3);
        for (int i = 0; i < count; i++) {
            uplinkGroup();
        }
        count = data.consumeInt(0, 2);
        for (int i = 0; i < count; i++) {
            ipset();
        }
        count = data.consumeInt(0, 4);
        for (int i = 0; i < count; i++) {
            policyRoute();
        }
        if (data.consumeInt(0, 3) == 0) {
            notifications();
        }
        if (data.consumeInt(0, 4) == 0) {
            api();
        }
        if (data.consumeInt(0, 4) == 0) {
            runtime();
        }
        // consumed last, so the seeds written before the ha block stay the configurations they were
        if (data.consumeInt(0, 3) == 0) {
            ha();
        }
        List<SourceFile> sources = new ArrayList<>();
        sources.add(new SourceFile("a.hcl", first.toString()));
        if (!second.isEmpty()) {
            sources.add(new SourceFile("b.hcl", second.toString()));
        }
        return sources;
    }

    // ------------------------------------------------------------------ blocks

    private void interfaceBlock() {
        String name = pick(INTERFACE_NAMES, 6);
        interfaces.add(name);
        StringBuilder b = new StringBuilder("interface " + quote(name) + " {\n");
        attribute(b, "zone", quote(pick(ZONES, 4)));
        switch (data.consumeInt(0, 4)) {
            case 0, 1 -> attribute(b, "dhcp", bool());
            case 2 -> attribute(b, "address", quote(cidr()));
            case 3 -> attribute(b, "addresses", list(this::cidr));
            default -> {
                attribute(b, "dhcp", bool());
                attribute(b, "address", quote(cidr()));
            }
        }
        if (chance(4)) {
            attribute(b, "gateway", data.consumeBoolean() ? quote(address()) : list(this::address));
        }
        if (chance(6)) {
            attribute(b, "mtu", number(68, 65535));
        }
        if (data.consumeBoolean()) {
            b.append("  wan {\n");
            attribute(b, "priority", number(1, 1000));
            if (data.consumeBoolean()) {
                attribute(b, "weight", number(1, 1000));
            }
            if (chance(4)) {
                attribute(b, "bandwidth", quote(pick(SPEEDS, 3)));
            }
            if (chance(5)) {
                attribute(b, "table", number(1, 252));
            }
            if (chance(5)) {
                attribute(b, "mark", number(1, 99));
            }
            b.append("  }\n");
        }
        if (chance(4)) {
            b.append("  pppoe {\n");
            attribute(b, "username", quote(text()));
            attribute(b, "password", data.consumeBoolean() ? "env(\"PPPOE\")" : quote(text()));
            if (chance(3)) {
                // a PPP device: often another declared interface's name or a PPP device's, to meet E0414
                attribute(b, "device", quote(chance(2) ? interfaceReference() : "ppp-" + interfaceReference()));
            }
            b.append("  }\n");
        }
        if (chance(3)) {
            healthCheck(b);
        }
        block(b);
    }

    private void healthCheck(StringBuilder b) {
        b.append("  health_check {\n");
        String type = pick(new String[] {"icmp", "http", "tcp", "dns", "ping"}, 4);
        if (data.consumeBoolean()) {
            attribute(b, "type", quote(type));
        }
        if (type.equals("http") ? chance(4) : data.consumeBoolean()) {
            attribute(b, "targets", list(this::address));
        }
        if (type.equals("http") ? !chance(4) : chance(6)) {
            attribute(b, "url", quote(pick(URLS, 2)));
        }
        if (chance(4)) {
            attribute(b, "expected_status", number(100, 599));
        }
        if (chance(4)) {
            attribute(b, "port", number(1, 65535));
        }
        if (chance(4)) {
            attribute(b, "query", quote(text()));
        }
        for (String duration : new String[] {"interval", "timeout", "max_latency"}) {
            if (data.consumeBoolean()) {
                attribute(b, duration, duration());
            }
        }
        for (String count : new String[] {"threshold_down", "threshold_up", "reliability", "max_loss"}) {
            if (chance(3)) {
                attribute(b, count, number(1, 64));
            }
        }
        b.append("  }\n");
    }

    private void uplinkGroup() {
        String name = pick(NAMES, 6);
        groups.add(name);
        StringBuilder b = new StringBuilder("uplink_group " + quote(name) + " {\n");
        attribute(b, "mode", quote(pick(new String[] {"failover", "balance", "round-robin"}, 2)));
        if (chance(3)) {
            attribute(b, "sticky", bool());
        }
        if (chance(3)) {
            attribute(b, "sticky_timeout", duration());
        }
        if (chance(3)) {
            attribute(b, "failback", quote(pick(new String[] {"auto", "manual", "never"}, 2)));
        }
        if (chance(3)) {
            attribute(b, "failback_delay", duration());
        }
        int members = data.consumeInt(0, 4);
        for (int i = 0; i < members; i++) {
            b.append("  member ").append(quote(interfaceReference())).append(" {\n");
            if (data.consumeBoolean()) {
                b.append("  ");
                attribute(b, "priority", number(1, 1000));
            }
            if (data.consumeBoolean()) {
                b.append("  ");
                attribute(b, "weight", number(1, 1000));
            }
            if (chance(5)) {
                healthCheck(b);
            }
            b.append("  }\n");
        }
        block(b);
    }

    private void ipset() {
        String name = pick(NAMES, 6);
        ipsets.add(name);
        StringBuilder b = new StringBuilder("ipset " + quote(name) + " {\n");
        if (data.consumeBoolean()) {
            attribute(b, "type", quote(pick(new String[] {"ipv4_addr", "ipv6_addr", "ether_addr"}, 2)));
        }
        if (!chance(5)) {
            attribute(b, "entries", list(this::cidr));
        }
        if (chance(5)) {
            attribute(b, "file", quote(pick(PATHS, 2)));
        }
        block(b);
    }

    private void policyRoute() {
        StringBuilder b = new StringBuilder("policy_route " + quote(pick(NAMES, 6)) + " {\n");
        if (!chance(8)) {
            b.append("  match {\n");
            if (data.consumeBoolean()) {
                attribute(
                        b,
                        "protocol",
                        data.consumeBoolean() ? quote(pick(PROTOCOLS, 6)) : list(() -> pick(PROTOCOLS, 6)));
            }
            if (data.consumeBoolean()) {
                attribute(b, "source", list(this::addressMatch));
            }
            if (data.consumeBoolean()) {
                attribute(b, "destination", data.consumeBoolean() ? quote(addressMatch()) : list(this::addressMatch));
            }
            if (chance(3)) {
                attribute(b, "source_port", list(this::port));
            }
            if (data.consumeBoolean()) {
                attribute(b, "dest_port", data.consumeBoolean() ? quote(port()) : list(this::port));
            }
            if (chance(4)) {
                attribute(b, "interface", list(this::interfaceReference));
            }
            b.append("  }\n");
        }
        String uplink;
        if (!groups.isEmpty() && data.consumeBoolean()) {
            uplink = data.pickValue(groups);
        } else {
            uplink = interfaceReference();
        }
        attribute(b, "uplink", quote(uplink));
        if (data.consumeBoolean()) {
            attribute(b, "strict", bool());
        }
        if (chance(3)) {
            attribute(b, "priority", number(1, 10000));
        }
        block(b);
    }

    private void notifications() {
        StringBuilder b = new StringBuilder("notifications {\n");
        if (data.consumeBoolean()) {
            b.append("  email {\n");
            attribute(b, "enabled", bool());
            attribute(b, "smtp", quote(pick(HOST_PORTS, 3)));
            if (data.consumeBoolean()) {
                attribute(b, "from", quote(pick(EMAILS, 1)));
            }
            attribute(b, "to", list(() -> pick(EMAILS, 1)));
            if (data.consumeBoolean()) {
                attribute(b, "username", quote(text()));
                attribute(b, "password", data.consumeBoolean() ? "env(\"SMTP\")" : quote(text()));
            }
            if (chance(3)) {
                attribute(b, "starttls", bool());
            }
            if (data.consumeBoolean()) {
                attribute(b, "events", list(() -> pick(EVENTS, 4)));
            }
            b.append("  }\n");
        }
        if (data.consumeBoolean()) {
            b.append("  webhook {\n");
            attribute(b, "url", quote(pick(URLS, 2)));
            if (chance(3)) {
                b.append("    headers = {\n      Authorization = ")
                        .append(data.consumeBoolean() ? "env(\"TOKEN\")" : quote(text()))
                        .append("\n    }\n");
            }
            if (data.consumeBoolean()) {
                attribute(b, "events", list(() -> pick(EVENTS, 4)));
            }
            if (chance(3)) {
                attribute(b, "timeout", duration());
            }
            b.append("  }\n");
        }
        block(b);
    }

    private void api() {
        StringBuilder b = new StringBuilder("api {\n");
        attribute(b, "listen", quote(pick(HOST_PORTS, 3)));
        if (data.consumeBoolean()) {
            attribute(b, "token", data.consumeBoolean() ? "env(\"API_TOKEN\")" : quote(text()));
        }
        block(b);
    }

    /** An ha block: its sync interface and virtual addresses mostly on declared interfaces. */
    private void ha() {
        StringBuilder b = new StringBuilder("ha {\n");
        attribute(b, "priority", number(1, 254));
        attribute(b, "peer", quote(data.consumeInt(0, 4) == 0 ? address() : "10.99.0." + data.consumeInt(0, 9)));
        attribute(b, "sync_interface", quote(interfaceReference()));
        if (data.consumeBoolean()) {
            attribute(b, "sync_port", number(1, 65535));
        }
        if (data.consumeBoolean()) {
            attribute(b, "router_id", number(1, 255));
        }
        if (data.consumeBoolean()) {
            attribute(
                    b,
                    "advert_interval",
                    data.consumeBoolean() ? quote(data.consumeInt(1, 4000) * (strict ? 10 : 1) + "ms") : duration());
        }
        if (data.consumeBoolean()) {
            attribute(b, "preempt", bool());
        }
        if (chance(3)) {
            attribute(b, "preempt_delay", duration());
        }
        int n = data.consumeInt(strict ? 1 : 0, 3);
        for (int i = 0; i < n; i++) {
            b.append("  virtual_address ").append(quote(interfaceReference())).append(" {\n  ");
            attribute(b, "addresses", list(this::cidr));
            b.append("  }\n");
        }
        block(b);
    }

    private void runtime() {
        StringBuilder b = new StringBuilder("runtime {\n");
        if (data.consumeBoolean()) {
            attribute(b, "state_dir", quote(pick(PATHS, 2)));
        }
        if (data.consumeBoolean()) {
            attribute(b, "history_retention", duration());
        }
        if (data.consumeBoolean()) {
            attribute(b, "mark_mask", quote(pick(MASKS, 3)));
        }
        if (data.consumeBoolean()) {
            attribute(b, "interfaces", quote(data.consumeBoolean() ? "flywall" : "host"));
        }
        block(b);
    }

    // ------------------------------------------------------------------ values

    /** A declared interface most of the time; otherwise any name from the list. */
    private String interfaceReference() {
        return !interfaces.isEmpty() && !chance(6) ? data.pickValue(interfaces) : pick(INTERFACE_NAMES, 6);
    }

    /** An address, a prefix, or a reference to an ipset (declared or not). */
    private String addressMatch() {
        int kind = data.consumeInt(0, 5);
        if (kind == 0) {
            return "@" + (!ipsets.isEmpty() && !chance(5) ? data.pickValue(ipsets) : pick(NAMES, 6));
        }
        return kind == 1 ? address() : cidr();
    }

    /** An IPv4 or IPv6 host address, mostly well-formed. */
    private String address() {
        return data.consumeInt(0, 3) == 0 ? ipv6() : ipv4();
    }

    /** A prefix or address with a prefix length, sometimes out of range or with host bits set. */
    private String cidr() {
        if (!strict && chance(12)) {
            return text();
        }
        boolean v6 = data.consumeInt(0, 3) == 0;
        String address = v6 ? ipv6() : ipv4();
        int max = v6 ? 128 : 32;
        return data.consumeBoolean() ? address + "/" + data.consumeInt(0, strict ? max : max + 1) : address;
    }

    private String ipv4() {
        if (!strict && chance(8)) {
            return data.consumeInt(0, 300) + "." + data.consumeInt(0, 300) + "." + data.consumeInt(0, 300);
        }
        return data.consumeInt(strict ? 1 : 0, strict ? 223 : 256) + "." + data.consumeInt(0, 255) + "."
                + data.consumeInt(0, 255) + "."
                + data.consumeInt(0, 255);
    }

    private String ipv6() {
        String base = pick(
                new String[] {
                    "2001:db8::",
                    "2001:db8:10::1",
                    "fe80::1",
                    "::",
                    "::1",
                    "2001:db8::g",
                    "::ffff:192.0.2.1",
                    "2001:db8:0:0:0:0:0:1:2"
                },
                5);
        return !strict && chance(4) ? base + Integer.toHexString(data.consumeInt(0, 0xffff)) : base;
    }

    /** A port, a range (maybe reversed) or a word. */
    private String port() {
        if (strict) {
            int low = data.consumeInt(1, 65535);
            return data.consumeBoolean() ? String.valueOf(low) : low + "-" + data.consumeInt(low, 65535);
        }
        return switch (data.consumeInt(0, 4)) {
            case 0, 1 -> String.valueOf(data.consumeInt(0, 65536));
            case 2 -> data.consumeInt(0, 65536) + "-" + data.consumeInt(0, 65536);
            case 3 -> pick(new String[] {"1194", "1-65535", "https", "80-", "-80", "1:2", " 80"}, 2);
            default -> text();
        };
    }

    /** A duration as a string, a bare number, or an expression. */
    private String duration() {
        if (strict) {
            return quote(data.consumeInt(1, 30) + pick(new String[] {"s", "m"}, 2));
        }
        return switch (data.consumeInt(0, 6)) {
            case 0 -> number(0, 100);
            case 1 -> expression();
            default -> quote(data.consumeInt(0, 100_000) + pick(DURATION_UNITS, 5));
        };
    }

    /** A whole number in [min, max]; unless strict, one beyond either end or not a number now and then. */
    private String number(int min, int max) {
        if (strict) {
            return String.valueOf(data.consumeInt(min, max));
        }
        return switch (data.consumeInt(0, 9)) {
            case 0 -> quote(String.valueOf(data.consumeInt(min, max)));
            case 1 -> pick(new String[] {"1.5", "-1", "1e3", "0x10", "2147483648", "null", "\"one\"", "true"}, 0);
            case 2 -> expression();
            default -> String.valueOf(data.consumeInt(min - 1, max + 1));
        };
    }

    private String bool() {
        return switch (strict ? 1 : data.consumeInt(0, 7)) {
            case 0 -> pick(new String[] {"\"true\"", "1", "yes", "null", "!false"}, 0);
            default -> String.valueOf(data.consumeBoolean());
        };
    }

    private String expression() {
        return pick(EXPRESSIONS, 0);
    }

    /** Any text the fuzzer makes, up to 24 characters; a plain word when strict. */
    private String text() {
        return strict ? pick(new String[] {"user", "example.com", "s3cret"}, 3) : data.consumeString(24);
    }

    /** A list of one to three quoted values, sometimes empty, sometimes with a trailing comma. */
    private String list(java.util.function.Supplier<String> element) {
        int n = data.consumeInt(0, 3);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(quote(element.get()));
        }
        return "[" + String.join(", ", items) + (n > 0 && chance(4) ? ",]" : "]");
    }

    // ------------------------------------------------------------------ text

    private void attribute(StringBuilder b, String name, String value) {
        b.append("  ").append(name).append(" = ").append(value).append('\n');
    }

    private void block(StringBuilder b) {
        b.append("}\n\n");
        (data.consumeInt(0, 3) == 0 ? second : first).append(b);
    }

    private boolean chance(int oneIn) {
        return data.consumeInt(0, oneIn - 1) == 0;
    }

    /** One of the values; when strict, one of the first {@code valid} (all of them if that is 0). */
    private String pick(String[] values, int valid) {
        return strict && valid > 0 ? values[data.consumeInt(0, valid - 1)] : data.pickValue(values);
    }

    /**
     * An HCL quoted string with the given content: quotes, backslashes and line ends escaped, and
     * {@code ${} / {@code %{} doubled so that text from the fuzzer is a literal, not a template
     * (templates come from {@link #EXPRESSIONS}, where they are meant).
     */
    static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '$', '%' -> {
                    out.append(c);
                    if (i + 1 < value.length() && value.charAt(i + 1) == '{') {
                        out.append(c);
                    }
                }
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
