package dev.flywall.runtime.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.Compiler;
import dev.flywall.bundle.BundleJson;
import dev.flywall.bundle.WatchdogFile;
import dev.flywall.runtime.apply.Applier;
import dev.flywall.runtime.apply.Kernel;
import dev.flywall.runtime.apply.StateDir;
import dev.flywall.runtime.engine.StateMachine;
import dev.flywall.runtime.history.History;
import dev.flywall.runtime.lab.LabDhcp;
import dev.flywall.runtime.watchdog.WatchdogConfig;
import dev.flywall.source.SourceFile;
import dev.flywall.testing.NeedsRoot;
import dev.flywall.testing.NeedsTools;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dynamic IPv6 uplink with real packets: an ISP namespace advertises its /64 (dnsmasq) and hands
 * out an address and a delegated /60 (ISC dhcpd -6, {@link LabDhcp}); the gateway's daemon runs
 * Debian's dhclient -6. The uplink gets its SLAAC and DHCPv6 addresses, its table the router
 * advertisements' default route, its from rules the addresses; the delegated prefix fills the NPT
 * chains and the LAN host's pings reach the ISP from the delegated prefix (counted there); a new
 * delegation moves the translation (the time it takes is printed). The watchdog.json is the
 * compiler's with the ipv6 block and nat6 written in (the compiler's ipv6 block lands apart), and
 * the ruleset gains the NPT chains and hooks as the compiler writes them; apply installs it (and
 * sets wan0's router-advertisement sysctls), the IPv6 fwmark rule is added as routes6.ip will.
 */
@NeedsRoot
@NeedsTools({"nft", "ip", "ping", "dnsmasq", "dhcpd", "dhclient"})
class DaemonIpv6Test {

    static final String CONFIG = """
            interface "wan0" {
              zone    = "WAN"
              address = "198.51.100.2/30"
              gateway = "198.51.100.1"
              wan { priority = 1 }
            }
            interface "lan0" {
              zone      = "LAN"
              addresses = ["192.168.1.1/24", "fd00:10::1/64"]
            }
            uplink_group "default" {
              member "wan0" {
                health_check {
                  targets  = ["198.51.100.1"]
                  interval = "100ms"
                  timeout  = "50ms"
                }
              }
            }
            """;

    static final String NPT_CHAINS = """
            table inet flywall {
            \tchain npt_out_wan0 {
            \t}
            \tchain npt_in_wan0 {
            \t}
            \tchain npt_postrouting {
            \t\ttype filter hook postrouting priority srcnat; policy accept;
            \t\toifname vmap { "wan0" : jump npt_out_wan0 }
            \t}
            \tchain npt_prerouting {
            \t\ttype filter hook prerouting priority raw; policy accept;
            \t\tiifname vmap { "wan0" : jump npt_in_wan0 }
            \t}
            }
            """;

    static final String COUNTERS = """
            table inet count {
            \tchain in {
            \t\ttype filter hook prerouting priority 0; policy accept;
            \t\tip6 saddr 2001:db8:1100::/60 icmpv6 type echo-request counter
            \t\tip6 saddr 2001:db8:1110::/60 icmpv6 type echo-request counter
            \t}
            }
            """;

    @TempDir
    Path state;

    @TempDir
    Path lab;

    private String tag;
    private Kernel host;
    private Kernel gw;
    private Kernel isp;
    private Kernel lan;
    private LabDhcp.Ipv6Isp server;
    private final List<History.Event> sent = new CopyOnWriteArrayList<>();
    private final List<String> logged = new CopyOnWriteArrayList<>();

    @BeforeEach
    void namespaces() throws Exception {
        tag = "fw6-" + ProcessHandle.current().pid() % 100000;
        host = new Kernel(Optional.empty());
        for (String n : List.of("gw", "isp", "lan")) {
            host.run("", "ip", "netns", "add", tag + "-" + n);
        }
        gw = new Kernel(Optional.of(tag + "-gw"));
        isp = new Kernel(Optional.of(tag + "-isp"));
        lan = new Kernel(Optional.of(tag + "-lan"));
        run(
                host,
                "ip",
                "link",
                "add",
                "wan0",
                "netns",
                tag + "-gw",
                "type",
                "veth",
                "peer",
                "name",
                "eth0",
                "netns",
                tag + "-isp");
        run(
                host,
                "ip",
                "link",
                "add",
                "lan0",
                "netns",
                tag + "-gw",
                "type",
                "veth",
                "peer",
                "name",
                "eth0",
                "netns",
                tag + "-lan");
        for (Kernel k : List.of(gw, isp, lan)) {
            run(k, "ip", "link", "set", "lo", "up");
        }
        run(gw, "sysctl", "-qw", "net.ipv6.conf.all.forwarding=1");
        run(lan, "ip", "addr", "add", "fd00:10::2/64", "dev", "eth0", "nodad");
        for (Kernel k : List.of(gw, isp, lan)) {
            for (String dev : List.of("wan0", "lan0", "eth0")) {
                k.run("", "ip", "link", "set", dev, "up");
            }
        }
        run(lan, "ip", "-6", "route", "add", "default", "via", "fd00:10::1");
        run(isp, "ip", "addr", "add", "2001:db8:ff::1/128", "dev", "lo");
        assertThat(isp.run(COUNTERS, "nft", "-f", "-").ok()).isTrue();
        server = LabDhcp.Ipv6Isp.numbered(1, "wan0", tag + "-isp", "eth0", tag + "-gw", "wan0");
        LabDhcp.serve6(lab, server);

        Map<String, String> bundle = bundle();
        // apply: the ruleset, the routes, lan0's addresses and wan0's router-advertisement sysctls
        StateDir dir = StateDir.open(state);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try (StateDir.Lock lock = dir.lock()) {
            Applier.Outcome applied = new Applier(dir, gw, new PrintWriter(out, true), new PrintWriter(err, true))
                    .apply(bundle, List.of("wan0", "lan0"), Applier.Options.plain());
            assertThat(applied).as(err.toString()).isEqualTo(Applier.Outcome.APPLIED);
        }
        assertThat(out.toString())
                .contains("  ~ sysctl wan0 accept_ra: 1 -> 2\n", "  ~ sysctl wan0 ra_defrtr_metric: 1024 -> 100\n");
        WatchdogConfig config = WatchdogConfig.parse(bundle.get("watchdog.json"));
        WatchdogConfig.Uplink wan0 = config.uplink("wan0").orElseThrow();
        // the IPv6 rules routes6.ip holds for an uplink with IPv6
        String mark = "0x" + Long.toHexString(wan0.mark()) + "/0x"
                + Long.toHexString(config.nft().markMask());
        run(gw, "ip", "-6", "rule", "add", "priority", "9000", "lookup", "main", "suppress_prefixlength", "0");
        run(
                gw,
                "ip",
                "-6",
                "rule",
                "add",
                "priority",
                "9101",
                "fwmark",
                mark,
                "lookup",
                Integer.toString(wan0.table()));
    }

    /** The compiler's bundle with wan0's ipv6 block and NPT to the delegated prefix written in. */
    private static Map<String, String> bundle() throws Exception {
        Compiler.Artifacts a = Compiler.compile(List.of(new SourceFile("test.hcl", CONFIG)), Map.of())
                .artifacts()
                .orElseThrow();
        Map<String, String> files = new HashMap<>(a.files());
        WatchdogFile w = BundleJson.watchdog(a.watchdogJson());
        List<WatchdogFile.Uplink> uplinks = w.uplinks().stream()
                .map(u -> new WatchdogFile.Uplink(
                        u.name(),
                        u.device(),
                        u.mark(),
                        u.table(),
                        u.addressing(),
                        u.gateways(),
                        u.addresses(),
                        u.nftChain(),
                        new WatchdogFile.Nat6(
                                WatchdogFile.Nat6Mode.NPT, "fd00:10::/64", null, "npt_out_wan0", "npt_in_wan0")))
                .toList();
        List<WatchdogFile.Interface> interfaces = w.interfaces().stream()
                .map(i -> i.name().equals("wan0")
                        ? new WatchdogFile.Interface(
                                i.name(),
                                i.managed(),
                                i.mtu(),
                                i.addresses(),
                                i.dhcp(),
                                i.pppoe(),
                                i.shaping(),
                                new WatchdogFile.Ipv6(true, true, true, 100))
                        : i)
                .toList();
        files.put(
                "watchdog.json",
                BundleJson.write(new WatchdogFile(
                        w.schemaVersion(),
                        w.configHash(),
                        w.nft(),
                        uplinks,
                        w.groups(),
                        w.policyRoutes(),
                        w.notifications(),
                        w.api(),
                        w.runtime(),
                        interfaces,
                        null)));
        files.put("ruleset.nft", a.rulesetNft() + NPT_CHAINS);
        return files;
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (server != null) {
            LabDhcp.stop6(lab, server);
        }
        for (String n : List.of("gw", "isp", "lan")) {
            host.run("", "ip", "netns", "del", tag + "-" + n);
        }
    }

    private Daemon daemon() throws Exception {
        Daemon d = new Daemon(
                state,
                gw,
                (uplink, source, check) -> {
                    Thread.sleep(5);
                    return check.probeTargets().stream()
                            .map(t -> StateMachine.Sample.ok(t, Duration.ofMillis(3)))
                            .toList();
                },
                (config, secrets) -> new Daemon.EventSink() {
                    @Override
                    public void accept(History.Event e) {
                        sent.add(e);
                    }

                    @Override
                    public void close() {}
                },
                Clock.systemUTC(),
                logged::add,
                Clients.Programs.DEBIAN);
        d.start();
        return d;
    }

    @Test
    void addressesRoutesAndTheDelegatedPrefixFollowTheIsp() throws Exception {
        long start = System.nanoTime();
        try (Daemon d = daemon()) {
            await(
                    "the SLAAC address",
                    () -> show(gw, "ip", "-6", "addr", "show", "dev", "wan0").contains("inet6 2001:db8:100:0:"));
            long slaac = System.nanoTime();
            await(
                    "the DHCPv6 address",
                    () -> show(gw, "ip", "-6", "addr", "show", "dev", "wan0").contains("inet6 2001:db8:100::1000/128"));
            long dhcp = System.nanoTime();
            await(
                    "table 101's default route",
                    () -> show(gw, "ip", "-6", "route", "show", "table", "101")
                            .matches("(?s).*default via fe80::\\S+ dev wan0 proto 241 metric 100.*"));
            long route = System.nanoTime();
            await("the from rules", () -> {
                String rules = show(gw, "ip", "-6", "rule", "show");
                return rules.contains("from 2001:db8:100::1000 lookup 101") && rules.contains("from 2001:db8:100:0:");
            });
            await("the NPT chains", () -> chain("npt_out_wan0").contains("ip6 saddr fd00:10::/64"));
            long npt = System.nanoTime();
            System.out.printf(
                    "DaemonIpv6Test: from the daemon's start: SLAAC address %d ms, DHCPv6 address %d ms, table's RA"
                            + " default route %d ms, NPT chains filled %d ms%n",
                    ms(start, slaac), ms(start, dhcp), ms(start, route), ms(start, npt));
            await(
                    "the status",
                    () -> d.status()
                            .uplink("wan0")
                            .map(u -> u.delegatedPrefix().equals(Optional.of("2001:db8:1100::/60"))
                                    && u.ipv6Address().isPresent())
                            .orElse(false));
            // nft lists "& M | N" as "& (M|N) | N", the same function
            assertThat(chain("npt_out_wan0"))
                    .containsPattern("ip6 saddr fd00:10::/64 ip6 saddr set ip6 saddr & \\S+ \\| 2001:db8:1100:: ");
            assertThat(chain("npt_in_wan0"))
                    .containsPattern("ip6 daddr 2001:db8:1100::/64 ip6 daddr set ip6 daddr & \\S+ \\| fd00:10:: ");
            assertThat(ping())
                    .as("pings from the LAN through the delegated prefix")
                    .isTrue();
            assertThat(counted("2001:db8:1100::/60")).isGreaterThanOrEqualTo(3);
            // the table replaced as apply replaces it (the chains come back empty): refilled
            assertThat(gw.run(bundle().get("ruleset.nft"), "nft", "-f", "-").ok())
                    .isTrue();
            long replaced = System.nanoTime();
            await("the refilled NPT chains", () -> chain("npt_out_wan0").contains("| 2001:db8:1100:: "));
            System.out.printf(
                    "DaemonIpv6Test: a replaced table's NPT chains were refilled in %d ms%n",
                    ms(replaced, System.nanoTime()));
            await(
                    "the lease event",
                    () -> leases().stream().anyMatch(e -> e.reason().contains("delegated 2001:db8:1100::/60")));

            long change = System.nanoTime();
            LabDhcp.delegate(lab, server, server.nextDelegated());
            await(
                    "the new prefix in the NPT chains",
                    Duration.ofSeconds(LabDhcp.REBIND6_S + 10),
                    () -> chain("npt_out_wan0").contains("| 2001:db8:1110::"));
            System.out.printf(
                    "DaemonIpv6Test: the ISP's new delegation reached the NPT chains in %d ms (the client renews"
                            + " after %d s)%n",
                    ms(change, System.nanoTime()), LabDhcp.RENEW6_S);
            assertThat(chain("npt_in_wan0"))
                    .contains("ip6 daddr 2001:db8:1110::/64")
                    .doesNotContain("2001:db8:1100::");
            assertThat(show(gw, "ip", "-6", "route", "show", "table", "101", "proto", "dhcp"))
                    .contains("unreachable 2001:db8:1110::/60")
                    .doesNotContain("2001:db8:1100::");
            assertThat(ping()).as("pings from the LAN through the new prefix").isTrue();
            assertThat(counted("2001:db8:1110::/60")).isGreaterThanOrEqualTo(3);
            await(
                    "the lease event of the change",
                    () -> leases().stream()
                            .anyMatch(e -> e.reason().contains("delegated 2001:db8:1110::/60")
                                    && e.details().contains("\"old_delegated\":\"2001:db8:1100::/60\"")));
        }
    }

    private List<History.Event> leases() {
        return sent.stream().filter(e -> e.kind().equals("lease")).toList();
    }

    private boolean ping() throws Exception {
        return lan.run("", "ping", "-6", "-c", "3", "-i", "0.2", "-W", "2", "2001:db8:ff::1")
                .ok();
    }

    /** Echo requests the ISP counted from {@code prefix}. */
    private long counted(String prefix) throws Exception {
        Matcher m = Pattern.compile(Pattern.quote(prefix) + " .*?counter packets (\\d+)")
                .matcher(show(isp, "nft", "list", "table", "inet", "count"));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private String chain(String name) {
        return show(gw, "nft", "list", "chain", "inet", "flywall", name);
    }

    private static String show(Kernel k, String... command) {
        try {
            return k.run("", command).out();
        } catch (Exception e) {
            return "";
        }
    }

    private static void run(Kernel k, String... command) throws Exception {
        Kernel.Result r = k.run("", command);
        assertThat(r.ok()).as(String.join(" ", command) + ": " + r.err()).isTrue();
    }

    private static long ms(long from, long to) {
        return (to - from) / 1_000_000;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(what, Duration.ofSeconds(20), condition);
    }

    private static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
