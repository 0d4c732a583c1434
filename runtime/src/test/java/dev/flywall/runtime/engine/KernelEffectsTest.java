package dev.flywall.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.Compiler;
import dev.flywall.runtime.apply.ConntrackFlush;
import dev.flywall.runtime.apply.Kernel;
import dev.flywall.runtime.apply.NftSession;
import dev.flywall.runtime.watchdog.WatchdogConfig;
import dev.flywall.source.SourceFile;
import dev.flywall.testing.NeedsRoot;
import dev.flywall.testing.NeedsTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The daemon's kernel effects in a scratch network namespace holding the compiled policy-routing
 * example: switches rewrite only the group and route chains, in one transaction; conntrack
 * flushes remove exactly the failed uplink's entries; DHCP uplinks follow their address and
 * gateway. Needs root, nft, ip and conntrack; skipped with the reason printed otherwise.
 */
@NeedsRoot
@NeedsTools({"nft", "ip", "conntrack"})
class KernelEffectsTest {

    private String ns;
    private Kernel kernel;
    private WatchdogConfig config;
    private KernelEffects effects;

    @BeforeEach
    void namespace() throws Exception {
        load("policy-routing.hcl");
    }

    private void load(String exampleName) throws Exception {
        Kernel host = new Kernel(Optional.empty());
        ns = "fweff-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100000;
        host.run("", "ip", "netns", "add", ns);
        kernel = new Kernel(Optional.of(ns));
        kernel.run("", "ip", "link", "set", "lo", "up");
        Path example = Path.of("..", "examples", exampleName);
        Compiler.Result r =
                Compiler.compile(List.of(new SourceFile(example.toString(), Files.readString(example))), Map.of());
        Compiler.Artifacts a = r.artifacts().orElseThrow();
        assertThat(kernel.run(a.rulesetNft(), "nft", "-f", "-").ok()).isTrue();
        config = WatchdogConfig.parse(a.watchdogJson());
        effects = new KernelEffects(kernel, config);
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (ns != null) {
            new Kernel(Optional.empty()).run("", "ip", "netns", "del", ns);
        }
    }

    private String chain(String name) throws Exception {
        return kernel.run("", "nft", "list", "chain", "inet", "flywall", name).out();
    }

    @Test
    void switchesRewriteOnlyTheGroupAndRouteChains() throws Exception {
        String before = kernel.run("", "nft", "list", "ruleset").out();
        assertThat(chain("grp_default")).contains("numgen random mod 3 vmap { 0-1 : goto up_eth0, 2 : goto up_eth1 }");

        effects.switchChains(
                Map.of("default", List.of("eth1")),
                Map.of("work_vpn_never", StateMachine.RouteTarget.UPLINK).entrySet().stream()
                        .filter(e -> false)
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        assertThat(chain("grp_default"))
                .contains("goto up_eth1 comment \"uplink_group default\"")
                .doesNotContain("numgen");

        effects.switchChains(
                Map.of(),
                Map.of("work-vpn", StateMachine.RouteTarget.BLOCK, "gaming", StateMachine.RouteTarget.DEFAULT));
        assertThat(chain("route_work_vpn"))
                .contains("meta mark set meta mark | 0x0000ff00") // nft folds "and 0xffff00ff or 0xff00"
                .contains("strict, eth0 is down");
        // classify went to the route chain with goto, so falling back means jumping to the default group
        assertThat(chain("route_gaming"))
                .contains("jump grp_default comment \"policy_route gaming: eth0 is down, the default group decides\"");

        // back to the compiled state: the whole ruleset is as it was
        effects.switchChains(
                Map.of("default", List.of("eth0", "eth1")),
                Map.of("work-vpn", StateMachine.RouteTarget.UPLINK, "gaming", StateMachine.RouteTarget.UPLINK));
        assertThat(kernel.run("", "nft", "list", "ruleset").out()).isEqualTo(before);
    }

    @Test
    void aStickyMemberThatLeavesForgetsItsSourcesAndOnlyLiveMembersAreLookedUp() throws Exception {
        cleanUp();
        load("balance-sticky.hcl");
        String before = kernel.run("", "nft", "list", "ruleset").out();
        assertThat(kernel.run("", "nft", "add", "element", "inet", "flywall", "stk4_balanced_eth0", "{ 10.10.0.5 }")
                        .ok())
                .isTrue();
        assertThat(kernel.run("", "nft", "add", "element", "inet", "flywall", "stk4_balanced_eth2", "{ 10.10.0.7 }")
                        .ok())
                .isTrue();

        effects.switchChains(Map.of("balanced", List.of("eth0", "eth1")), Map.of());
        assertThat(chain("grp_balanced"))
                .contains("ip saddr @stk4_balanced_eth0 goto stk_balanced_eth0")
                .contains("ip saddr @stk4_balanced_eth1 goto stk_balanced_eth1")
                .doesNotContain("stk4_balanced_eth2")
                .contains(
                        "jhash ip saddr mod 8 seed 0xc27461c8 vmap { 0-4 : goto stk_balanced_eth0, 5-7 : goto stk_balanced_eth1 }");
        assertThat(set("stk4_balanced_eth0")).contains("10.10.0.5");
        assertThat(set("stk4_balanced_eth2")).doesNotContain("10.10.0.7");

        // eth2 returns: its sets are empty, so nobody moves back; the chains are as compiled
        effects.switchChains(Map.of("balanced", List.of("eth0", "eth1", "eth2")), Map.of());
        assertThat(set("stk4_balanced_eth0")).contains("10.10.0.5");
        kernel.run("", "nft", "flush", "set", "inet", "flywall", "stk4_balanced_eth0");
        assertThat(kernel.run("", "nft", "list", "ruleset").out()).isEqualTo(before);
    }

    private String set(String name) throws Exception {
        return kernel.run("", "nft", "list", "set", "inet", "flywall", name).out();
    }

    @Test
    void aRefusedSwitchChangesNothing() throws Exception {
        String before = kernel.run("", "nft", "list", "ruleset").out();
        // a bundle whose route chain is not in the kernel: the group part of the switch must not land either
        List<WatchdogConfig.Route> routes = config.routes().stream()
                .map(r -> r.name().equals("gaming")
                        ? new WatchdogConfig.Route(r.name(), r.uplink(), r.viaGroup(), r.strict(), "route_missing")
                        : r)
                .toList();
        WatchdogConfig broken = new WatchdogConfig(
                config.configHash(),
                config.nft(),
                config.uplinks(),
                config.groups(),
                routes,
                config.notifications(),
                config.api(),
                config.runtime(),
                config.interfaces(),
                config.ha());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new KernelEffects(kernel, broken)
                        .switchChains(
                                Map.of("default", List.of("eth1")), Map.of("gaming", StateMachine.RouteTarget.DEFAULT)))
                .hasMessageContaining("nft refused");
        assertThat(kernel.run("", "nft", "list", "ruleset").out()).isEqualTo(before);
    }

    @Test
    void flushDeletesOnlyTheFailedUplinksConnections() throws Exception {
        for (int i = 1; i <= 3; i++) {
            addConntrack("192.0.2.10", 40000 + i, 0x100);
        }
        addConntrack("192.0.2.10", 41000, 0x200);
        addConntrack("192.0.2.10", 42000, 0x10100); // another tool's bits beside ours: still eth0's
        assertThat(effects.flush("eth0")).isEqualTo(4);
        String left = kernel.run("", "conntrack", "-L").out();
        assertThat(left).contains("sport=41000").doesNotContain("sport=40001").doesNotContain("sport=42000");
        assertThat(effects.flush("eth0")).isZero();
    }

    @Test
    void flushThroughASpareConntrackDeletesAndCountsTheSame() throws Exception {
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (NftSession nft = NftSession.open(kernel, java.time.Duration.ofSeconds(10), log::add);
                ConntrackFlush conntrack =
                        ConntrackFlush.withSpare(kernel, java.time.Duration.ofSeconds(10), log::add)) {
            KernelEffects kept = new KernelEffects(kernel, config, nft, conntrack);
            kept.prepare();
            for (int i = 1; i <= 3; i++) {
                addConntrack("192.0.2.10", 40000 + i, 0x100);
            }
            addConntrack("192.0.2.10", 41000, 0x200);
            addConntrack("192.0.2.10", 42000, 0x10100);
            addConntrack6(43000, 0x100);
            assertThat(spares()).hasSize(1);

            assertThat(kept.flush("eth0")).isEqualTo(5);

            String left = kernel.run("", "conntrack", "-L").out();
            assertThat(left)
                    .contains("sport=41000")
                    .doesNotContain("sport=40001")
                    .doesNotContain("sport=42000");
            assertThat(kernel.run("", "conntrack", "-L", "-f", "ipv6").out()).doesNotContain("sport=43000");
            kept.prepare();
            assertThat(kept.flush("eth0")).isZero();
            assertThat(kept.flush("eth1")).as("no spare: the one-shot path").isEqualTo(1);
            assertThat(log).isEmpty();
        }
        assertThat(spares()).as("closing ends the spare").isEmpty();
    }

    private static List<ProcessHandle> spares() {
        return ProcessHandle.current()
                .descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("conntrack -R"))
                .toList();
    }

    private void addConntrack6(int sport, int mark) throws Exception {
        Kernel.Result r = kernel.run(
                "",
                "conntrack",
                "-I",
                "-p",
                "udp",
                "-s",
                "2001:db8::10",
                "-d",
                "2001:db8::1",
                "--sport",
                Integer.toString(sport),
                "--dport",
                "53",
                "-t",
                "600",
                "--mark",
                Integer.toString(mark));
        assertThat(r.ok()).as(r.err()).isTrue();
    }

    private void addConntrack(String src, int sport, int mark) throws Exception {
        Kernel.Result r = kernel.run(
                "",
                "conntrack",
                "-I",
                "-p",
                "tcp",
                "-s",
                src,
                "-d",
                "203.0.113.1",
                "--sport",
                Integer.toString(sport),
                "--dport",
                "443",
                "--state",
                "ESTABLISHED",
                "-t",
                "600",
                "-u",
                "ASSURED",
                "--mark",
                Integer.toString(mark));
        assertThat(r.ok()).as(r.err()).isTrue();
    }

    @Test
    void dhcpUplinksFollowTheirAddressAndGateway() throws Exception {
        kernel.run("", "ip", "link", "add", "eth0", "type", "veth", "peer", "name", "peth0");
        kernel.run("", "ip", "link", "set", "peth0", "up");
        kernel.run("", "ip", "link", "set", "eth0", "up");
        kernel.run("", "ip", "addr", "add", "198.51.100.7/24", "dev", "eth0");
        kernel.run("", "ip", "route", "add", "default", "via", "198.51.100.1", "dev", "eth0");
        WatchdogConfig.Uplink eth0 = config.uplink("eth0").orElseThrow();

        KernelEffects.LinkInfo info = effects.read("eth0");
        assertThat(info.up()).isTrue();
        assertThat(info.address().orElseThrow().getHostAddress()).isEqualTo("198.51.100.7");
        assertThat(info.gateway().orElseThrow().getHostAddress()).isEqualTo("198.51.100.1");
        effects.syncRoutes(eth0, info);
        assertThat(kernel.run("", "ip", "route", "show", "table", Integer.toString(eth0.table()))
                        .out())
                .contains("default via 198.51.100.1 dev eth0 proto 241 onlink");
        assertThat(kernel.run("", "ip", "rule", "show").out())
                .contains("9201:\tfrom 198.51.100.7 lookup 101 proto 241");

        // a new lease: the rule and the route follow, the old ones go
        kernel.run("", "ip", "addr", "flush", "dev", "eth0");
        kernel.run("", "ip", "addr", "add", "203.0.113.50/24", "dev", "eth0");
        kernel.run("", "ip", "route", "replace", "default", "via", "203.0.113.1", "dev", "eth0");
        effects.syncRoutes(eth0, effects.read("eth0"));
        effects.syncRoutes(eth0, effects.read("eth0"));
        String rules = kernel.run("", "ip", "rule", "show").out();
        assertThat(rules).contains("from 203.0.113.50 lookup 101").doesNotContain("198.51.100.7");
        assertThat(rules.lines().filter(l -> l.startsWith("9201:")).count()).isEqualTo(1);
        assertThat(kernel.run("", "ip", "route", "show", "table", "101").out())
                .contains("default via 203.0.113.1 dev eth0 proto 241 onlink");

        kernel.run("", "ip", "link", "set", "peth0", "down");
        assertThat(effects.read("eth0").up()).isFalse();
        assertThat(effects.read("nosuch0").exists()).isFalse();
    }
}
