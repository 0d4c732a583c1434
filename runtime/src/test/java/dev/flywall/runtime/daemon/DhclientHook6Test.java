package dev.flywall.runtime.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.runtime.apply.Kernel;
import dev.flywall.testing.NeedsRoot;
import dev.flywall.testing.NeedsTools;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dhclient hook's DHCPv6 reasons, run as dhclient -6 runs it, in a scratch namespace: the
 * address with its lifetimes, the delegated prefix as an unreachable route in the uplink's table,
 * a moved prefix, the end of the lease, and values that are not what they claim to be.
 */
@NeedsRoot
@NeedsTools({"ip"})
class DhclientHook6Test {

    @TempDir
    Path run;

    private String ns;
    private Kernel kernel;
    private Path hook;

    @BeforeEach
    void namespace() throws Exception {
        ns = "fwhook6-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100000;
        new Kernel(Optional.empty()).run("", "ip", "netns", "add", ns);
        kernel = new Kernel(Optional.of(ns));
        kernel.run("", "ip", "link", "add", "eth0", "type", "veth", "peer", "name", "peth0");
        kernel.run("", "ip", "link", "set", "peth0", "up");
        kernel.run("", "ip", "link", "set", "eth0", "up");
        hook = run.resolve(Clients.HOOK);
        Clients.writeHook(hook);
    }

    @AfterEach
    void cleanUp() throws Exception {
        new Kernel(Optional.empty()).run("", "ip", "netns", "del", ns);
    }

    private Kernel.Result hook(String reason, String... lease) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "env",
                "-i",
                "PATH=/usr/sbin:/usr/bin:/sbin:/bin",
                "reason=" + reason,
                "interface=eth0",
                "flywall_route_metric=100",
                "flywall_table=101"));
        command.addAll(List.of(lease));
        command.addAll(List.of("/bin/sh", hook.toString()));
        return kernel.run("", command.toArray(String[]::new));
    }

    private String addresses() throws Exception {
        return kernel.run("", "ip", "-6", "addr", "show", "dev", "eth0", "scope", "global")
                .out();
    }

    private String prefixes() throws Exception {
        return kernel.run("", "ip", "-6", "route", "show", "table", "101", "proto", "dhcp")
                .out();
    }

    @Test
    void addressAndPrefixFollowTheLease() throws Exception {
        assertThat(hook("PREINIT6").ok()).isTrue();
        assertThat(hook(
                                "BOUND6",
                                "new_ip6_address=2001:db8:100::1000",
                                "new_ip6_prefixlen=128",
                                "new_max_life=120",
                                "new_preferred_life=90")
                        .ok())
                .isTrue();
        assertThat(addresses()).contains("inet6 2001:db8:100::1000/128").contains("valid_lft 1");
        assertThat(hook("BOUND6", "new_ip6_prefix=2001:db8:1100::/60", "new_max_life=120")
                        .ok())
                .isTrue();
        assertThat(prefixes()).contains("unreachable 2001:db8:1100::/60");

        // a renewal that moves the prefix: the old one goes
        assertThat(hook(
                                "RENEW6",
                                "old_ip6_prefix=2001:db8:1100::/60",
                                "new_ip6_prefix=2001:db8:1110::/60",
                                "new_max_life=120")
                        .ok())
                .isTrue();
        assertThat(prefixes()).contains("2001:db8:1110::/60").doesNotContain("2001:db8:1100::/60");
        // a lifetime of 0 removes (a server withdrawing the prefix)
        assertThat(hook("REBIND6", "new_ip6_prefix=2001:db8:1110::/60", "new_max_life=0")
                        .ok())
                .isTrue();
        assertThat(prefixes()).isEmpty();

        // a new binding forgets what an earlier one delegated
        hook("BOUND6", "new_ip6_prefix=2001:db8:1120::/60", "new_max_life=120");
        hook("BOUND6", "new_ip6_prefix=2001:db8:1130::/60", "new_max_life=120");
        assertThat(prefixes()).contains("2001:db8:1130::/60").doesNotContain("2001:db8:1120::/60");

        assertThat(hook("EXPIRE6", "old_ip6_address=2001:db8:100::1000", "old_ip6_prefixlen=128")
                        .ok())
                .isTrue();
        assertThat(addresses()).doesNotContain("2001:db8:100::1000");
        assertThat(hook("RELEASE6", "old_ip6_prefix=2001:db8:1130::/60").ok()).isTrue();
        assertThat(prefixes()).isEmpty();
    }

    @Test
    void valuesThatAreNotAddressesNeverReachIp() throws Exception {
        assertThat(hook("BOUND6", "new_ip6_prefix=2001:db8::/60 table 254", "new_max_life=120")
                        .ok())
                .isTrue();
        assertThat(hook("BOUND6", "new_ip6_address=2001:db8::1;reboot", "new_max_life=120")
                        .ok())
                .isTrue();
        assertThat(hook("BOUND6", "new_ip6_prefix=2001:db8:1100::/60", "new_max_life=12x")
                        .ok())
                .isTrue();
        assertThat(prefixes()).isEmpty();
        assertThat(addresses()).doesNotContain("2001:db8");
        assertThat(kernel.run("", "ip", "-6", "route", "show", "table", "main").out())
                .doesNotContain("unreachable");
    }
}
