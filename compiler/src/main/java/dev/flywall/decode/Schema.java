package dev.flywall.decode;

import static dev.flywall.decode.AttributeSpec.optional;
import static dev.flywall.decode.AttributeSpec.required;
import static dev.flywall.decode.AttributeSpec.withDefault;
import static dev.flywall.decode.Type.duration;
import static dev.flywall.decode.Type.flag;
import static dev.flywall.decode.Type.list;
import static dev.flywall.decode.Type.listOrSingle;
import static dev.flywall.decode.Type.special;
import static dev.flywall.decode.Type.text;
import static dev.flywall.decode.Type.whole;
import static dev.flywall.decode.Type.words;

import dev.flywall.decode.Type.Special.Kind;
import dev.flywall.diag.Code;
import dev.flywall.model.Cidr;
import dev.flywall.model.HostPort;
import dev.flywall.model.Notifications;
import java.time.Duration;
import java.util.List;

/**
 * The flywall configuration schema: every block and argument, once. Defaults follow Flywall's
 * documentation and, where it is silent, OpenWrt's mwan3.
 */
public final class Schema {

    private Schema() {}

    /** Probe targets when a health check names none: two independent anycast resolvers. */
    public static final List<Cidr> DEFAULT_TARGETS =
            List.of(Cidr.parse("1.1.1.1").orElseThrow(), Cidr.parse("8.8.8.8").orElseThrow());

    static final List<String> DEFAULT_EVENTS = List.of("wan_down", "wan_up", "failover", "failback");

    private static final Type INTERFACE_NAME = special(Kind.INTERFACE_NAME);
    private static final Type NAME = special(Kind.NAME);
    private static final Type SECRET = special(Kind.SECRET);
    private static final Type EVENTS = list(new Type.Word(Notifications.EVENTS, Code.E0319));

    private static BlockSpec block(
            String type,
            List<BlockSpec.LabelSpec> labels,
            boolean repeatable,
            String doc,
            List<AttributeSpec> attributes,
            List<BlockSpec> blocks) {
        return new BlockSpec(type, labels, repeatable, doc, attributes, blocks, false);
    }

    private static List<BlockSpec.LabelSpec> label(String name, Type type) {
        return List.of(new BlockSpec.LabelSpec(name, type));
    }

    /** {@code health_check}, in an interface or a member. */
    public static final BlockSpec HEALTH_CHECK = block(
            "health_check",
            List.of(),
            false,
            "How the link is probed. In a member, each argument given overrides the interface's health check;"
                    + " the others keep the interface's values, then the defaults.",
            List.of(
                    withDefault(
                            "type",
                            words("icmp", "http", "tcp", "dns"),
                            "icmp",
                            "\"icmp\"",
                            "What a probe does: ICMP echo, an HTTP(S) request, a TCP connect or a DNS query."),
                    withDefault(
                            "targets",
                            list(new Type.Address(Type.AddressKind.HOST)),
                            DEFAULT_TARGETS,
                            "[\"1.1.1.1\", \"8.8.8.8\"]",
                            "Hosts probed every round (icmp, tcp, dns), IPv4 or IPv6. Probes always leave through this WAN."
                                    + " List both families (two of each) for a broken IPv6 path to take the uplink down."),
                    optional("url", special(Kind.URL), "The URL requested by an http check (required for http)."),
                    withDefault(
                            "expected_status",
                            whole(100, 599),
                            200,
                            "200",
                            "The HTTP status a good http probe answers with."),
                    withDefault("port", whole(1, 65535), 443, "443", "The TCP port a tcp check connects to."),
                    withDefault(
                            "query",
                            text(),
                            "example.com",
                            "\"example.com\"",
                            "The name a dns check resolves (an A record) through each target."),
                    withDefault(
                            "interval",
                            duration("100ms", "1h"),
                            Duration.ofSeconds(5),
                            "\"5s\"",
                            "Time between rounds."),
                    withDefault(
                            "timeout",
                            duration("50ms", "1h"),
                            Duration.ofSeconds(2),
                            "\"2s\"",
                            "How long a probe waits for its answer."),
                    withDefault(
                            "threshold_down", whole(1, 100), 3, "3", "Failed rounds in a row that mark the link down."),
                    withDefault(
                            "threshold_up", whole(1, 100), 2, "2", "Good rounds in a row that mark the link up again."),
                    withDefault(
                            "reliability",
                            whole(1, 64),
                            1,
                            "1",
                            "How many targets must answer for a round to be good. When targets holds both IPv4 and IPv6"
                                    + " addresses, each family must also have at least one answer, so an uplink whose IPv6"
                                    + " (or IPv4) path is broken goes down as a whole. At most the number of targets"
                                    + " (E0305)."),
                    optional(
                            "max_latency",
                            duration("1ms", "1m"),
                            "A round also fails when the mean round-trip time of the recent probes is above this."),
                    optional(
                            "max_loss",
                            whole(0, 100),
                            "A round also fails when more than this percentage of the recent probes were lost.")),
            List.of());

    static final BlockSpec WAN = block(
            "wan",
            List.of(),
            false,
            "Makes the interface an uplink (a WAN).",
            List.of(
                    withDefault(
                            "priority",
                            whole(1, 1000),
                            1,
                            "1",
                            "Lower is preferred. The default for the member priority in uplink groups."),
                    withDefault(
                            "weight",
                            whole(1, 1000),
                            1,
                            "1",
                            "Share of new connections among uplinks of the same tier; the default member weight"
                                    + " (when not written, a balance group weighs members by bandwidth instead)."),
                    optional(
                            "bandwidth",
                            new Type.Speed(),
                            "The link's upstream speed: flywall shapes the uplink's egress to it with HTB (tc,"
                                    + " on the interface's own device, also for PPPoE) so that the queue forms on the"
                                    + " gateway, where a fair-queueing leaf keeps it short, not in the modem. At least"
                                    + " 8kbps. In a balance group, a member whose member block and wan block give no"
                                    + " weight gets its bandwidth in Mbit/s as weight (rounded, 1 to 1000: 100Mbps"
                                    + " weighs 100, 20Mbps 20, 512kbps 1, 10Gbps 1000)."),
                    optional(
                            "table",
                            whole(1, 252),
                            "The routing table number (default: assigned, 101 and up). 253–255 are the kernel's."),
                    optional(
                            "mark",
                            whole(1, 99),
                            "The uplink's mark slot (default: assigned in file order); see the compiler's mark range.")),
            List.of());

    static final BlockSpec PPPOE = block(
            "pppoe",
            List.of(),
            false,
            "The interface reaches the ISP over PPPoE: flywall run runs pppd (Debian's ppp with its"
                    + " rp-pppoe plugin) on the interface with the bundle's pppoe-NAME.peers, redials when the"
                    + " session ends, and follows its PPP device (down at once when it goes, up after the health"
                    + " check's threshold). Routes, NAT, marks and probes use the PPP device; forwarded TCP is"
                    + " MSS-clamped to its MTU. The PPP session's gateway and address are followed at run time.",
            List.of(
                    required(
                            "username",
                            text(),
                            "The PPPoE login, written to the peers file (quoted for pppd; no control characters)."),
                    required(
                            "password",
                            SECRET,
                            "The PPPoE password; prefer env(\"NAME\") or file(\"/path\"). Never in the peers file,"
                                    + " on a command line or in logs: flywall run hands it to pppd in a file of mode"
                                    + " 0600."),
                    optional(
                            "device",
                            INTERFACE_NAME,
                            "The PPP device pppd creates for the session (default: \"ppp-\" and the interface name,"
                                    + " when that fits Linux's 15 characters). The uplink's routes, NAT, marks and probes"
                                    + " use this device; its name must differ from every interface and other PPP"
                                    + " device.")),
            List.of());

    static final BlockSpec IPV6 = block(
            "ipv6",
            List.of(),
            false,
            "IPv6 of an uplink beyond its static addresses: what it learns at run time (router"
                    + " advertisements, DHCPv6, a delegated prefix) and how the LAN's IPv6 traffic leaves by it."
                    + " Only on WAN interfaces, not yet on PPPoE ones. With autoconf, dhcp or prefix_delegation the interface accepts"
                    + " router advertisements (their default router becomes the uplink's IPv6 next hop, with the"
                    + " uplink's route metric) and routes6.ip routes and marks the uplink's IPv6; see docs/ipv6.md.",
            List.of(
                    withDefault(
                            "autoconf",
                            flag(),
                            false,
                            "false",
                            "Take an IPv6 address from router advertisements (SLAAC)."),
                    withDefault(
                            "dhcp",
                            flag(),
                            false,
                            "false",
                            "Take an IPv6 address by DHCPv6 (IA_NA): flywall run runs Debian's dhclient -6 on the"
                                    + " interface and follows its leases like DHCP for IPv4."),
                    withDefault(
                            "prefix_delegation",
                            flag(),
                            false,
                            "false",
                            "Ask the ISP for a delegated prefix by DHCPv6-PD (IA_PD, dhclient -6 -P). It is the"
                                    + " NPT outside prefix when prefix is not given: flywall run rewrites the uplink's"
                                    + " NPT chains whenever the delegated prefix changes. A delegated prefix shorter than"
                                    + " the LAN prefix is used by its first subnet of the LAN prefix's length; a longer"
                                    + " one is refused (an event and a log line; IPv6 is then not translated)."),
                    withDefault(
                            "nat",
                            words("none", "npt", "masquerade"),
                            "none",
                            "\"none\"",
                            "How the LAN's IPv6 source addresses leave by this uplink. \"none\": unchanged (the LAN"
                                    + " uses the ISP's addresses). \"npt\": stateless 1:1 prefix translation (NPTv6,"
                                    + " RFC 6296 style) of lan_prefix to prefix, so that IPv6 that fails over leaves"
                                    + " with this uplink's prefix. \"masquerade\": the uplink's own IPv6 address (a"
                                    + " static one, else the one it learns), for ISPs that give a single address."),
                    optional(
                            "prefix",
                            new Type.Address(Type.AddressKind.PREFIX),
                            "The NPT outside prefix, routed to the gateway by the ISP, as"
                                    + " \"2001:db8:100:1000::/64\": not the uplink's own on-link subnet (the ISP"
                                    + " would look the translated addresses up by neighbour discovery), the same length"
                                    + " as lan_prefix, no host bits. Default: the delegated prefix (needs"
                                    + " prefix_delegation). Only with nat = \"npt\"."),
                    optional(
                            "lan_prefix",
                            new Type.Address(Type.AddressKind.PREFIX),
                            "The NPT inside prefix, as \"fd00:10::/64\". Default: the one IPv6 prefix of the"
                                    + " LAN-side interfaces' static addresses (an error when they have none or"
                                    + " several). Only with nat = \"npt\".")),
            List.of());

    static final BlockSpec INTERFACE = block(
            "interface",
            label("NAME", INTERFACE_NAME),
            true,
            "A network interface of the gateway. A wan block makes it an uplink. flywall apply brings it up"
                    + " with its mtu and static addresses, and flywall run keeps its DHCP client or PPPoE session"
                    + " running, unless runtime { interfaces = \"host\" } leaves that to the host.",
            List.of(
                    required(
                            "zone",
                            text(),
                            "The zone the interface belongs to, such as \"WAN\" or \"LAN\"; a name"
                                    + " only: wan blocks make uplinks, every other interface is on the LAN side."),
                    withDefault(
                            "dhcp",
                            flag(),
                            false,
                            "false",
                            "Take the address and gateway from DHCP: flywall run runs Debian's dhclient on the"
                                    + " interface, restarts it when it dies, and moves the uplink's routes to each new"
                                    + " lease (a lease event)."),
                    optional(
                            "address",
                            new Type.Address(Type.AddressKind.INTERFACE),
                            "A static address with its prefix length, as \"192.168.1.1/24\": flywall apply adds it"
                                    + " to the interface (and later removes only addresses it added itself)."),
                    optional(
                            "addresses",
                            list(new Type.Address(Type.AddressKind.INTERFACE)),
                            "Several static addresses (IPv4 and IPv6), added like address."),
                    optional(
                            "gateway",
                            listOrSingle(new Type.Address(Type.AddressKind.HOST)),
                            "The next hop of a static WAN: one IPv4 and/or one IPv6 address, as \"192.0.2.1\" or"
                                    + " [\"192.0.2.1\", \"2001:db8::1\"]. Required on a WAN without dhcp or pppoe;"
                                    + " only on WANs."),
                    optional(
                            "mtu",
                            whole(68, 65535),
                            "The interface MTU, which flywall apply sets (default: left as it is). With pppoe, the"
                                    + " PPP link's MTU is this less 8, at most 1492 (1492 when not given), and this is at"
                                    + " least 136 (E0305).")),
            List.of(PPPOE, WAN, HEALTH_CHECK, IPV6));

    static final BlockSpec MEMBER = block(
            "member",
            label("INTERFACE", INTERFACE_NAME),
            true,
            "A WAN interface of the group. A group has at least one (E0410).",
            List.of(
                    optional(
                            "priority",
                            whole(1, 1000),
                            "Lower is preferred (failover). Default: the interface's wan priority."),
                    optional(
                            "weight",
                            whole(1, 1000),
                            "Share of new connections inside its tier. Default: the interface's wan weight; in a"
                                    + " balance group whose member's wan block writes no weight but a bandwidth, the"
                                    + " bandwidth in Mbit/s (see wan bandwidth).")),
            List.of(HEALTH_CHECK));

    static final BlockSpec UPLINK_GROUP = block(
            "uplink_group",
            label("NAME", NAME),
            true,
            "Uplinks that back each other up (failover) or share the load (balance).",
            List.of(
                    withDefault(
                            "mode",
                            words("failover", "balance"),
                            "failover",
                            "\"failover\"",
                            "failover: the lowest-priority tier with a live member carries the traffic;"
                                    + " balance: all live members share it by weight."),
                    withDefault(
                            "sticky",
                            flag(),
                            false,
                            "false",
                            "Keep each source address on one uplink: a source's new connections use the uplink"
                                    + " its earlier ones used while it stays up. When that uplink goes down its"
                                    + " sources move to live members; its return moves none of them back."),
                    optional(
                            "sticky_timeout",
                            duration("1s", "30d"),
                            "How long a source stays on its uplink after its last new connection (sticky);"
                                    + " 10m when not set."),
                    withDefault(
                            "failback",
                            words("auto", "manual"),
                            "auto",
                            "\"auto\"",
                            "Return to a recovered uplink by itself, or only when told"
                                    + " (flywall wan failback GROUP); in balance mode too."
                                    + " Established connections never move."),
                    withDefault(
                            "failback_delay",
                            duration("0s", "1d"),
                            Duration.ZERO,
                            "\"0s\"",
                            "How long a recovered uplink must itself stay up, from its own wan_up, before"
                                    + " traffic returns to it (failback, rejoining a balance, a policy route);"
                                    + " going down restarts its clock.")),
            List.of(MEMBER));

    static final BlockSpec MATCH = block(
            "match",
            List.of(),
            false,
            "What traffic the route takes. All given conditions must hold; each list matches any of its items.",
            List.of(
                    optional("protocol", listOrSingle(special(Kind.PROTOCOL)), "IP protocols (names or numbers)."),
                    optional("source", listOrSingle(special(Kind.ADDRESS_MATCH)), "Source prefixes or @ipset names."),
                    optional(
                            "destination",
                            listOrSingle(special(Kind.ADDRESS_MATCH)),
                            "Destination prefixes or @ipset names."),
                    optional(
                            "source_port",
                            listOrSingle(new Type.Ports(true)),
                            "Source ports or ranges (\"8000-8100\"); needs protocol tcp, udp, sctp or dccp."),
                    optional(
                            "dest_port",
                            listOrSingle(new Type.Ports(true)),
                            "Destination ports or ranges; needs protocol tcp, udp, sctp or dccp."),
                    optional("interface", listOrSingle(INTERFACE_NAME), "Input interfaces.")),
            List.of());

    static final BlockSpec POLICY_ROUTE = block(
            "policy_route",
            label("NAME", NAME),
            true,
            "Sends matching traffic through one uplink or uplink group.",
            List.of(
                    required(
                            "uplink",
                            text(),
                            "The interface or uplink_group the traffic leaves through. A route to an interface"
                                    + " leaves it while it is usable (up, not drained, in no maintenance window),"
                                    + " whatever a pin of a group says; a route to a group follows the group,"
                                    + " pin included."),
                    withDefault(
                            "strict",
                            flag(),
                            false,
                            "false",
                            "When the uplink is down: drop (true) or use the default group (false)."),
                    withDefault(
                            "priority",
                            whole(1, 10000),
                            100,
                            "100",
                            "Routes apply in order of priority (lower first), then file order.")),
            List.of(MATCH.required()));

    static final BlockSpec IPSET = block(
            "ipset",
            label("NAME", NAME),
            true,
            "A named set of prefixes, matched by policy routes as \"@NAME\".",
            List.of(
                    withDefault(
                            "type",
                            words("ipv4_addr", "ipv6_addr"),
                            "ipv4_addr",
                            "\"ipv4_addr\"",
                            "The address family of the entries."),
                    optional(
                            "entries",
                            list(new Type.Address(Type.AddressKind.PREFIX)),
                            "Prefixes or addresses. Must be given (E0304), until file is supported."),
                    optional(
                            "file",
                            special(Kind.ABSOLUTE_PATH),
                            "Not supported yet: lint rejects it (E0321). Meant for a file with one prefix per line,"
                                    + " loaded when flywall applies the configuration; list the prefixes in entries.")),
            List.of());

    static final BlockSpec EMAIL = block(
            "email",
            List.of(),
            false,
            "Notifications by email (SMTP).",
            List.of(
                    withDefault("enabled", flag(), true, "true", "Send email."),
                    required("smtp", special(Kind.HOST_PORT), "The SMTP server, as \"smtp.example.com:587\"."),
                    optional("from", special(Kind.EMAIL), "The sender address. Default: the username."),
                    required("to", list(special(Kind.EMAIL)), "Recipients."),
                    optional("username", text(), "SMTP login."),
                    optional("password", SECRET, "SMTP password; prefer env(\"NAME\") or file(\"/path\")."),
                    withDefault("starttls", flag(), true, "true", "Require STARTTLS."),
                    withDefault(
                            "events",
                            EVENTS,
                            DEFAULT_EVENTS,
                            "[\"wan_down\", \"wan_up\", \"failover\", \"failback\"]",
                            "Which events are sent: " + String.join(", ", Notifications.EVENTS) + ".")),
            List.of());

    static final BlockSpec WEBHOOK = block(
            "webhook",
            List.of(),
            false,
            "Notifications as a JSON POST.",
            List.of(
                    withDefault("enabled", flag(), true, "true", "Send webhooks."),
                    required(
                            "url",
                            special(Kind.URL),
                            "Where to POST. Treated as a secret (such URLs often carry a"
                                    + " token): kept in the bundle's secrets.json, shown as https://HOST/(sensitive)."),
                    optional(
                            "headers",
                            new Type.MapOf(SECRET),
                            "Extra HTTP headers; values are secrets (env() and file() work)."),
                    withDefault(
                            "events",
                            EVENTS,
                            DEFAULT_EVENTS,
                            "[\"wan_down\", \"wan_up\", \"failover\", \"failback\"]",
                            "Which events are sent: " + String.join(", ", Notifications.EVENTS) + "."),
                    withDefault(
                            "timeout",
                            duration("100ms", "5m"),
                            Duration.ofSeconds(5),
                            "\"5s\"",
                            "How long one delivery attempt may take.")),
            List.of());

    static final BlockSpec NOTIFICATIONS = block(
            "notifications", List.of(), false, "Where state changes are reported.", List.of(), List.of(EMAIL, WEBHOOK));

    static final BlockSpec API = block(
            "api",
            List.of(),
            false,
            "The daemon's local HTTP API.",
            List.of(
                    withDefault(
                            "listen",
                            special(Kind.HOST_PORT),
                            new HostPort("127.0.0.1", 8080),
                            "\"127.0.0.1:8080\"",
                            "Address and port of the API."),
                    optional("token", SECRET, "A bearer token the API requires; prefer env(\"NAME\").")),
            List.of());

    static final BlockSpec RUNTIME = block(
            "runtime",
            List.of(),
            false,
            "Where and how long the daemon keeps state, the mark bits flywall uses, and who brings the"
                    + " interfaces up.",
            List.of(
                    withDefault(
                            "state_dir",
                            special(Kind.ABSOLUTE_PATH),
                            "/var/lib/flywall",
                            "\"/var/lib/flywall\"",
                            "The state directory flywall apply writes the applied bundle to (history and lock live"
                                    + " there too). flywall run, wan, confirm and destroy cannot learn it from the"
                                    + " bundle they look for: give them --state-dir when it is not the default."),
                    withDefault(
                            "history_retention",
                            duration("1h", "3650d"),
                            Duration.ofDays(30),
                            "\"30d\"",
                            "How long events are kept."),
                    withDefault(
                            "mark_mask",
                            text(),
                            "0xff00",
                            "\"0xff00\"",
                            "The bits of the packet and connection marks flywall uses (one run of set bits, in hex);"
                                    + " the other bits stay free for other tools."),
                    withDefault(
                            "interfaces",
                            words("flywall", "host"),
                            "flywall",
                            "\"flywall\"",
                            "Who brings the declared interfaces up. \"flywall\": flywall apply sets each interface's"
                                    + " link up, its mtu and its static addresses (and removes only the addresses it"
                                    + " added before), and flywall run starts a DHCP client (Debian's dhclient) for"
                                    + " dhcp = true and pppd for pppoe. \"host\": the host does"
                                    + " (systemd-networkd, ifupdown, NetworkManager; flywall compile --networkd"
                                    + " writes networkd files for them): flywall leaves link, MTU and addresses alone"
                                    + " and starts no DHCP client or pppd, but still routes, marks, NATs, probes and"
                                    + " shapes (bandwidth) the uplinks. A PPPoE uplink's device must then be the one"
                                    + " the host's pppd creates (pppoe { device }).")),
            List.of());

    static final BlockSpec VIRTUAL_ADDRESS = block(
            "virtual_address",
            label("INTERFACE", INTERFACE_NAME),
            true,
            "Addresses the pair moves between its nodes on one interface: the master holds them (VRRP, one"
                    + " keepalived instance per interface, named flywall_INTERFACE), the backup does not. The"
                    + " interface is a LAN-side one or a WAN with a static IPv4 address, declared in both nodes'"
                    + " files; LAN clients use the virtual address as their gateway.",
            List.of(required(
                    "addresses",
                    list(new Type.Address(Type.AddressKind.INTERFACE)),
                    "The virtual addresses with their prefix length, as [\"192.168.1.1/24\"]: at least one IPv4"
                            + " address (VRRP's own family), IPv6 ones besides; each inside a subnet of the"
                            + " interface's static addresses and none equal to them. On a WAN, the first IPv4 one is"
                            + " the source address of the LAN's connections (snat), so they survive a switch.")),
            List.of());

    static final BlockSpec HA = block(
            "ha",
            List.of(),
            false,
            "This gateway is one node of a highly available pair (see docs/ha.md): keepalived (VRRPv3) moves"
                    + " the virtual addresses to the master, conntrackd (FTFW) keeps the connections in step over"
                    + " the sync link, so established connections survive a switch. Both nodes' files have an ha"
                    + " block with the same router_id, advert_interval, preempt, sync_port and virtual addresses"
                    + " and different priorities; flywall lint FILE --peer PEER_FILE checks the two together."
                    + " flywall compile writes keepalived.conf and conntrackd.conf into the bundle; flywall run"
                    + " runs both.",
            List.of(
                    required(
                            "priority",
                            whole(1, 254),
                            "This node's VRRP priority: the node with the higher one is the preferred master. The"
                                    + " two nodes' priorities differ."),
                    required(
                            "peer",
                            new Type.Address(Type.AddressKind.HOST),
                            "The other node's IPv4 address on the sync link, where conntrackd sends its updates."),
                    required(
                            "sync_interface",
                            INTERFACE_NAME,
                            "The interface of the sync link (conntrackd's FTFW over UDP): a declared interface"
                                    + " without a wan block, with a static IPv4 address whose subnet holds peer."
                                    + " A dedicated link (a cable between the nodes) is best."),
                    withDefault(
                            "sync_port",
                            whole(1, 65535),
                            3780,
                            "3780",
                            "The UDP port conntrackd listens on and sends to, the same on both nodes."),
                    withDefault(
                            "router_id",
                            whole(1, 255),
                            51,
                            "51",
                            "The VRRP virtual router id, the same on both nodes and unique among the VRRP routers"
                                    + " of each link."),
                    withDefault(
                            "advert_interval",
                            duration("10ms", "40s"),
                            Duration.ofSeconds(1),
                            "\"1s\"",
                            "How often the master advertises (VRRPv3: a multiple of 10ms). The backup takes over"
                                    + " after about three missed adverts, so \"200ms\" switches in well under a"
                                    + " second."),
                    withDefault(
                            "preempt",
                            flag(),
                            true,
                            "true",
                            "Whether the node with the higher priority takes the addresses back when it returns."
                                    + " false: the current master keeps them (keepalived's nopreempt)."),
                    withDefault(
                            "preempt_delay",
                            duration("0s", "1000s"),
                            Duration.ZERO,
                            "\"0s\"",
                            "How long a returning preferred node waits before it takes the addresses back; only"
                                    + " with preempt = true.")),
            List.of(VIRTUAL_ADDRESS.required()));

    static final BlockSpec MAINTENANCE = block(
            "maintenance",
            label("NAME", NAME),
            true,
            "A maintenance window: while it lasts, its uplinks are taken out of use for new connections"
                    + " exactly as if the operator had drained them (groups and policy routes fall back,"
                    + " established connections keep flowing, probing goes on) and their wan_down and"
                    + " wan_up alerts are recorded but not sent. Either weekly (days, start and duration) or"
                    + " once (from and until), in local time of time_zone: a start in a daylight-saving gap"
                    + " moves forward by the gap (02:30 on the spring-forward night is 03:30), an ambiguous"
                    + " one (the fall-back hour) is the first of the two. See \"Maintenance windows\" in"
                    + " docs/language.md.",
            List.of(
                    required(
                            "uplinks",
                            list(INTERFACE_NAME),
                            "The WAN interfaces (uplinks) the window takes out of use, each once."),
                    required(
                            "time_zone",
                            text(),
                            "The IANA time zone the times are read in, as \"Europe/Berlin\", or \"UTC\"; there"
                                    + " is no default, so that a window never silently runs in UTC."),
                    optional(
                            "days",
                            list(new Type.Word(MaintenanceBlocks.DAYS, Code.E0308)),
                            "Weekly: the days the window starts on, as [\"sat\", \"sun\"] (mon tue wed thu"
                                    + " fri sat sun)."),
                    optional(
                            "start", text(), "Weekly: the local time the window starts, as \"02:00\" (24-hour HH:MM)."),
                    optional(
                            "duration",
                            duration("1m", "7d"),
                            "Weekly: how long the window lasts, less than 7d (a window of 7d never ends: E0331;"
                                    + " elapsed time, so a change of offset inside it"
                                    + " does not stretch it); a window may run past midnight and the end of the"
                                    + " week. Occurrences that overlap or touch are one window."),
                    optional(
                            "from",
                            text(),
                            "Once: the local date and time the window starts, as \"2026-12-10 22:00\"."),
                    optional(
                            "until",
                            text(),
                            "Once: the local date and time the window ends (after from), as \"2026-12-11"
                                    + " 04:00\". A window already over when flywall lint runs is a warning.")),
            List.of());

    /** The top level of a configuration. */
    public static final BlockSpec ROOT = block(
            "",
            List.of(),
            false,
            "A flywall configuration.",
            List.of(),
            List.of(INTERFACE, UPLINK_GROUP, POLICY_ROUTE, IPSET, NOTIFICATIONS, API, RUNTIME, HA, MAINTENANCE));
}
