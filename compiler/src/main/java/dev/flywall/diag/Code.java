package dev.flywall.diag;

/**
 * The stable diagnostic codes. A code never changes meaning once released; retired codes are
 * not reused. {@code docs/diagnostics.md} lists them (a test keeps it in step).
 */
public enum Code {
    // E00xx: reading input
    E0001("E0001", "Cannot read file", "A configuration file could not be read."),
    E0002("E0002", "Invalid UTF-8", "A configuration file is not valid UTF-8 text."),
    E0003(
            "E0003",
            "Input too large",
            "A configuration file or standard input is larger than flywall reads" + " (8 MiB)."),

    // E01xx: syntax
    E0101("E0101", "Invalid character", "A character that HCL does not allow outside strings and comments."),
    E0102("E0102", "Unterminated string", "A quoted string is not closed on its line."),
    E0103("E0103", "Unterminated heredoc", "A heredoc has no closing marker line."),
    E0104("E0104", "Unclosed bracket", "A brace, bracket or parenthesis is not closed."),
    E0105("E0105", "Unexpected closing bracket", "A closing brace, bracket or parenthesis that closes nothing."),
    E0106("E0106", "Missing equals sign", "An argument name is not followed by '='."),
    E0107("E0107", "Missing expression", "An expression was expected but something else was found."),
    E0108("E0108", "Missing newline", "An argument or block must end with a newline."),
    E0109("E0109", "Invalid block definition", "A block header or single-line block is malformed."),
    E0110("E0110", "Invalid block label", "Block labels must be quoted strings or identifiers without interpolation."),
    E0111("E0111", "Invalid escape sequence", "A backslash escape in a quoted string is not one HCL knows."),
    E0112("E0112", "Unexpected token", "A token that cannot appear at this place."),
    E0113("E0113", "Missing separator", "Items of a tuple, object or argument list are not separated."),
    E0114("E0114", "Invalid template directive", "A %{...} directive is malformed or not closed."),
    E0115("E0115", "Invalid for expression", "A for expression is malformed."),
    E0116("E0116", "Duplicate argument", "An argument is set twice in the same block."),
    E0117("E0117", "Nesting too deep", "Brackets are nested deeper than flywall accepts."),
    E0118("E0118", "Invalid number", "A number literal is malformed."),
    E0119("E0119", "Unterminated comment", "A /* comment is not closed."),
    E0120(
            "E0120",
            "Conflicting definitions",
            "One name is used for an argument and a block, or for blocks with"
                    + " different numbers of labels, in one body."),
    E0121(
            "E0121",
            "Invalid traversal",
            "Legacy indexes chained as a.0.1, or a splat nested in an attribute-only" + " splat (a.*.*)."),

    // E02xx: evaluation
    E0201("E0201", "Unknown variable", "A reference names no variable, local or iteration symbol."),
    E0202("E0202", "Unknown function", "A call names a function flywall does not provide."),
    E0203("E0203", "Invalid function argument", "A function was called with wrong arguments."),
    E0204("E0204", "Type mismatch", "An operator or construct got a value of the wrong type."),
    E0205("E0205", "Invalid index", "An index or attribute does not exist in the value."),
    E0206("E0206", "Division by zero", "A division or remainder by zero."),
    E0207("E0207", "Cyclic reference", "Locals refer to each other in a cycle."),
    E0208("E0208", "Invalid variable", "A variable block or --var value is malformed, duplicated or missing."),
    E0209("E0209", "Duplicate key", "An object constructor or for expression produced the same key twice."),
    E0210(
            "E0210",
            "Ambiguous attribute key",
            "An object key written as a reference such as var.x: parenthesise"
                    + " it to use its value, or quote it for a literal key."),
    E0211(
            "E0211",
            "Inconsistent conditional result types",
            "The two results of a conditional have types HCL" + " cannot unify."),
    E0212(
            "E0212",
            "Evaluation too large",
            "Expressions would build more values or do more work than flywall"
                    + " allows (a typo or an evaluation bomb)."),

    // E03xx: schema (decoding values into the model)
    E0301("E0301", "Unsupported block type", "A block type flywall does not know at this place."),
    E0302("E0302", "Unsupported argument", "An argument flywall does not know in this block."),
    E0303("E0303", "Incorrect value type", "A value of the wrong type: a list where a string is expected, say."),
    E0304("E0304", "Missing required argument", "An argument the block cannot do without is absent."),
    E0305("E0305", "Value out of range", "A number or duration outside the range the argument accepts."),
    E0306("E0306", "Duplicate block", "A block that may appear once appears again."),
    E0307("E0307", "Wrong block labels", "A block has more or fewer labels than its type takes."),
    E0308("E0308", "Invalid value", "A value that is not one of the words the argument accepts."),
    E0309("E0309", "Invalid address", "An IP address or CIDR prefix that does not parse."),
    E0310("E0310", "Invalid port", "A port or port range outside 0-65535 or written wrongly."),
    E0311("E0311", "Invalid protocol", "An IP protocol name or number that is not known."),
    E0312("E0312", "Invalid interface name", "A Linux interface name that is too long or has invalid characters."),
    E0313("E0313", "Invalid duration", "A duration that is not written like 500ms, 5s, 1m30s or 1h."),
    E0314("E0314", "Invalid bandwidth", "A bandwidth that is not written like 100Mbps or 1Gbps."),
    E0315("E0315", "Invalid URL", "A URL that is not an absolute http or https URL."),
    E0316("E0316", "Invalid email address", "An email address that is not name@domain."),
    E0317("E0317", "Invalid host and port", "An address that is not host:port."),
    E0318("E0318", "Reference not allowed here", "env() or file() used for an argument that is not a secret."),
    E0319("E0319", "Unknown event", "An event name that is not in the list of notification events."),
    E0320("E0320", "Conflicting arguments", "Arguments of one block that cannot be used together."),
    E0321(
            "E0321",
            "Not supported yet",
            "An argument of the schema that flywall does not implement yet; it is"
                    + " rejected rather than accepted and ignored."),
    E0322(
            "E0322",
            "PPP device name too long",
            "A PPPoE interface whose default PPP device name (\"ppp-\" and its name) is longer than"
                    + " Linux's 15 characters; name one with pppoe { device }."),
    E0323(
            "E0323",
            "Invalid PPPoE username",
            "An empty PPPoE username, or one with a control character, which pppd's options file cannot" + " hold."),
    E0324(
            "E0324",
            "Invalid IPv6 prefix",
            "An ipv6 prefix or lan_prefix that is not an IPv6 prefix, or whose host bits are not zero."),
    E0325(
            "E0325",
            "NPT without an outside prefix",
            "ipv6 { nat = \"npt\" } with neither a prefix nor prefix_delegation: there is nothing to translate"
                    + " the LAN prefix to."),
    E0326(
            "E0326",
            "NPT prefix without NPT",
            "ipv6 { prefix } or { lan_prefix } while nat is not \"npt\", where nothing would use it."),
    E0327(
            "E0327",
            "Invalid VRRP advert interval",
            "ha { advert_interval } that is not a multiple of 10 ms: VRRPv3 counts adverts in centiseconds."),
    E0328(
            "E0328",
            "preempt_delay without preempt",
            "ha { preempt_delay } while preempt = false, where nothing would wait for it."),
    E0329(
            "E0329",
            "Unknown time zone",
            "A maintenance window's time_zone is not an IANA time zone id (such as \"Europe/Berlin\") or"
                    + " \"UTC\"."),
    E0330(
            "E0330",
            "Invalid time",
            "A maintenance window's start is not a 24-hour HH:MM time, or its from or until is not a"
                    + " YYYY-MM-DD HH:MM date and time."),
    E0331(
            "E0331",
            "Invalid maintenance schedule",
            "A maintenance window mixes the weekly form (days, start, duration) with the one-off form (from,"
                    + " until), lacks part of either, or never ends (a weekly window at least as long as the"
                    + " longest stretch between its days)."),
    E0332("E0332", "Empty maintenance window", "A one-off maintenance window whose until is not after its from."),

    // E04xx: meaning (references between blocks, consistency)
    E0401("E0401", "Duplicate name", "Two blocks of one type share a name."),
    E0402("E0402", "Duplicate member", "An uplink group lists the same interface twice."),
    E0403("E0403", "Unknown interface", "A member, match, ha or maintenance block names no interface block."),
    E0404("E0404", "Member is not a WAN", "An uplink group member has no wan block."),
    E0405("E0405", "Unknown uplink", "A policy route's uplink names no interface or uplink group."),
    E0406("E0406", "Unknown ipset", "An @name names no ipset block."),
    E0407("E0407", "Address family mismatch", "IPv4 and IPv6 addresses mixed where one family is required."),
    E0408("E0408", "Conflicting table or mark", "Two WAN interfaces claim the same routing table or mark."),
    E0409("E0409", "Incomplete health check", "A health check lacks what its type needs (targets, url)."),
    E0410("E0410", "Empty uplink group", "An uplink group without members."),
    E0411("E0411", "Conflicting health checks", "An uplink in several groups with a different health check in each."),
    E0412(
            "E0412",
            "Only for WAN interfaces",
            "gateway, health_check, pppoe or ipv6 on an interface without a wan block, where nothing would use"
                    + " it."),
    E0413(
            "E0413",
            "API open without a token",
            "The API listens beyond loopback without a token, which the daemon"
                    + " refuses at start: anyone who reaches it could pin uplinks."),
    E0414(
            "E0414",
            "Conflicting device name",
            "A PPP device named like an interface or another PPPoE interface's PPP device."),
    E0415(
            "E0415",
            "NPT prefix lengths differ",
            "An uplink's NPT outside prefix and its inside (LAN) prefix have different lengths; 1:1"
                    + " translation needs one length."),
    E0416(
            "E0416",
            "No LAN prefix for NPT",
            "nat = \"npt\" without lan_prefix, while the LAN-side interfaces have no IPv6 prefix or several."),
    E0417(
            "E0417",
            "NPT prefix on the uplink's link",
            "An NPT outside prefix that overlaps the uplink's own on-link IPv6 subnet: the ISP would look the"
                    + " translated addresses up by neighbour discovery, which nothing answers."),
    E0418(
            "E0418",
            "IPv6 masquerade without an IPv6 address",
            "nat = \"masquerade\" on an uplink with neither a static IPv6 address nor autoconf or dhcp, so"
                    + " there is no address to masquerade to."),
    E0419(
            "E0419",
            "Invalid sync interface",
            "ha { sync_interface } that is a WAN, has no static IPv4 address, or whose subnet does not hold the"
                    + " peer (or whose address is the peer's): conntrackd's sync link needs both nodes on one subnet."),
    E0420(
            "E0420",
            "Invalid virtual address",
            "A virtual address outside the subnets of its interface's static addresses, equal to the"
                    + " interface's own address, or given twice: VRRP adds it beside the interface's own address."),
    E0421(
            "E0421",
            "No IPv4 virtual address",
            "A virtual_address block without an IPv4 address: VRRP advertises over IPv4, IPv6 addresses go"
                    + " besides one."),
    E0422(
            "E0422",
            "Virtual address on a dynamic interface",
            "A virtual_address on a DHCP or PPPoE interface, whose subnet is known only at run time; not"
                    + " supported."),
    E0423(
            "E0423",
            "State directory unusable for an HA pair",
            "runtime { state_dir } holds characters keepalived's or conntrackd's configuration cannot hold in a"
                    + " path (blanks, quotes, braces, #), and an HA node's FIFO, socket and lock live under it."),
    E0424(
            "E0424",
            "Maintenance of a non-WAN",
            "A maintenance window lists an interface without a wan block: only uplinks can be taken out of" + " use."),
    E0425("E0425", "Duplicate uplink", "A maintenance window lists the same uplink twice."),

    // W05xx: warnings (the configuration works, but probably not as intended)
    W0501("W0501", "WAN in no uplink group", "A WAN interface that no uplink group uses carries no traffic."),
    W0502("W0502", "Failover group balances", "All members of a failover group share one priority, so it balances."),
    W0503("W0503", "Timeout not below interval", "A probe timeout at or above its interval makes rounds overlap."),
    W0504("W0504", "sticky_timeout without sticky", "sticky_timeout has no effect unless sticky = true."),
    W0505(
            "W0505",
            "Shadowed policy route",
            "An earlier policy route with a broader match takes all this route's traffic."),
    W0506("W0506", "Overlapping set entries", "Entries of an ipset overlap; the smaller one is redundant."),
    W0507(
            "W0507",
            "Plaintext secret",
            "A secret written in the file; env() or file() keeps it out of the configuration."),
    W0508("W0508", "Single health-check target", "One flaky target can take a healthy link down."),
    W0509("W0509", "Slow failure detection", "interval x threshold_down is over 60 seconds."),
    W0510("W0510", "WAN zone without wan block", "An interface in zone WAN without a wan block is not an uplink."),
    W0511(
            "W0511",
            "No LAN-side interface",
            "Without an interface on the LAN side, forwarded traffic is never classified or NATed."),
    W0512(
            "W0512",
            "Priority in a balance group",
            "Every live member of a balance group carries traffic; priorities do not apply."),
    W0513(
            "W0513",
            "Host-run PPPoE without a device name",
            "With runtime { interfaces = \"host\" } the host's pppd names the PPP device; flywall assumes"
                    + " \"ppp-\" and the interface name unless pppoe { device } says otherwise."),
    W0514(
            "W0514",
            "Mixed IPv6 translation in a group",
            "Members of a group carry IPv6 but translate it differently (one nat = \"none\", another npt or"
                    + " masquerade): IPv6 that fails over between them leaves with the wrong source prefix."),
    W0515(
            "W0515",
            "Uplink without a virtual address in a pair",
            "In an HA pair, an uplink without an IPv4 virtual address NATs to the node's own address, so its"
                    + " connections do not survive a switch to the other node."),
    W0516(
            "W0516",
            "Maintenance window already over",
            "A one-off maintenance window that ended before flywall lint ran: it never applies again."),
    W0517(
            "W0517",
            "Maintenance takes a whole group",
            "A maintenance window covers every member of an uplink group at once: during it the group has no"
                    + " usable member and keeps its last active set."),

    // E06xx: an HA pair's two configurations (flywall lint --peer)
    E0601(
            "E0601",
            "Only one node has ha",
            "Of the two configurations given to lint --peer, one has no ha block (or neither has)."),
    E0602(
            "E0602",
            "HA settings differ",
            "router_id, advert_interval, preempt or sync_port differ between the two nodes; VRRP and conntrackd"
                    + " need them equal."),
    E0603("E0603", "Equal HA priorities", "Both nodes have the same ha priority; one must be preferred."),
    E0604("E0604", "Peer address mismatch", "A node's ha peer is not the other node's address on its sync interface."),
    E0605(
            "E0605",
            "Virtual addresses differ",
            "The nodes' virtual_address blocks differ (interfaces or addresses): a switch would move other"
                    + " addresses than the LAN uses."),
    E0606(
            "E0606",
            "Uplinks differ",
            "The nodes' uplinks differ (names, marks or routing tables): conntrackd syncs each connection's"
                    + " mark, which must name the same uplink on both nodes."),
    E0607(
            "E0607",
            "Address on both nodes",
            "Both nodes have the same static address (a file copied without changing it): the two would"
                    + " answer for one address on the link."),

    // E07xx: importing other tools' configurations (flywall import)
    E0701(
            "E0701",
            "Invalid UCI syntax",
            "A line of an OpenWrt UCI file (flywall import mwan3) that is not a config, option, list or"
                    + " package statement with well-formed names and quoted values.");

    private final String id;
    private final String title;
    private final String description;

    Code(String id, String title, String description) {
        this.id = id;
        this.title = title;
        this.description = description;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }
}
