package dev.flywall.render;

import dev.flywall.bundle.WatchdogFile;
import dev.flywall.model.Cidr;
import dev.flywall.model.Config;
import dev.flywall.model.Interface;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * systemd-networkd {@code .network} files for the declared interfaces, for hosts where networkd
 * rather than flywall brings them up ({@code runtime { interfaces = "host" }}): one file per
 * interface, {@code 10-flywall-NAME.network}, with the link's MTU, its static addresses and, for
 * DHCP, the client with the route metric watchdog.json gives the uplink (the daemon's route sync
 * copies the lease's gateway from the main table into the uplink's table by that route). No
 * {@code Gateway=}: a static uplink's default route lives in its own table, which flywall apply
 * writes (routes.ip). PPPoE sessions are not networkd's: their Ethernet device gets its MTU and
 * addresses here, the session itself runs under pppd with flywall's peers file. An uplink with
 * dynamic IPv6 ({@code ipv6 { autoconf dhcp prefix_delegation }}) accepts router advertisements
 * with the route metric watchdog.json gives it, takes SLAAC addresses only with autoconf, and
 * runs networkd's DHCPv6 client for dhcp (IA_NA) and prefix_delegation (IA_PD).
 */
public final class NetworkdFiles {

    private NetworkdFiles() {}

    /** The file of an interface. */
    public static String fileName(String iface) {
        return "10-flywall-" + iface + ".network";
    }

    /** File name → content, in file order of the interfaces; the DHCP route metrics from the compiled watchdog.json. */
    public static Map<String, String> of(Config config, WatchdogFile watchdog) {
        Map<String, WatchdogFile.Interface> compiled = new HashMap<>();
        watchdog.interfaces().forEach(i -> compiled.putIfAbsent(i.name(), i));
        Map<String, String> out = new LinkedHashMap<>();
        for (Interface i : config.interfaces()) {
            out.put(fileName(i.name()), file(config, i, compiled.get(i.name())));
        }
        return out;
    }

    private static String file(Config config, Interface i, WatchdogFile.Interface compiled) {
        List<String> lines = new ArrayList<>();
        lines.add("# flywall: interface \"" + i.name() + "\" (zone " + i.zone() + (i.isWan() ? ", an uplink" : "")
                + "), written by flywall compile --networkd.");
        lines.add("# For runtime { interfaces = \"host\" }: networkd brings the link up, flywall routes over it.");
        lines.add("");
        lines.add("[Match]");
        lines.add("Name=" + i.name());
        if (i.mtu().isPresent()) {
            lines.add("");
            lines.add("[Link]");
            lines.add("MTUBytes=" + i.mtu().getAsInt());
        }
        lines.add("");
        lines.add("[Network]");
        if (compiled.pppoe() != null) {
            lines.add("# PPPoE is not networkd's: run pppd with flywall's "
                    + compiled.pppoe().peersFile() + " (it creates "
                    + compiled.pppoe().device() + ");");
            lines.add("# this file only brings up the Ethernet device the session runs on.");
            lines.add("LinkLocalAddressing=no");
            lines.add("IPv6AcceptRA=no");
        }
        WatchdogFile.Ipv6 v6 = compiled.ipv6();
        boolean dhcp6 = v6 != null && (v6.dhcp() || v6.prefixDelegation());
        lines.add("DHCP=" + (i.dhcp() ? (dhcp6 ? "yes" : "ipv4") : (dhcp6 ? "ipv6" : "no")));
        if (v6 != null) {
            lines.add("IPv6AcceptRA=yes");
        }
        for (Cidr a : i.addresses()) {
            lines.add("Address=" + a.addressText() + "/" + a.prefix());
        }
        if (!i.gateways().isEmpty()) {
            lines.add("# no Gateway=: the uplink's default route (via "
                    + String.join(
                            ", ", i.gateways().stream().map(Cidr::addressText).toList())
                    + ") is in its own routing table, which flywall apply writes");
        }
        if (compiled.dhcp() != null) {
            lines.add("");
            lines.add("[DHCPv4]");
            lines.add("# the metric flywall's route sync looks for (watchdog.json: route_metric)");
            lines.add("RouteMetric=" + compiled.dhcp().routeMetric());
        }
        if (v6 != null) {
            ipv6(config, i, v6, lines);
        }
        return String.join("\n", lines) + "\n";
    }

    private static void ipv6(Config config, Interface i, WatchdogFile.Ipv6 v6, List<String> lines) {
        lines.add("");
        lines.add("[IPv6AcceptRA]");
        lines.add("# the metric flywall's route sync looks for (watchdog.json: ipv6.route_metric)");
        lines.add("RouteMetric=" + v6.routeMetric());
        lines.add("UseAutonomousPrefix=" + yesNo(v6.autoconf()));
        if (!v6.dhcp() && !v6.prefixDelegation()) {
            lines.add("DHCPv6Client=no");
            return;
        }
        lines.add("");
        lines.add("[DHCPv6]");
        lines.add("# solicit whatever the router advertisements' flags say: flywall's configuration asks for it");
        lines.add("WithoutRA=solicit");
        lines.add("UseAddress=" + yesNo(v6.dhcp()));
        lines.add("UseDelegatedPrefix=" + yesNo(v6.prefixDelegation()));
        i.ipv6()
                .filter(v -> v6.prefixDelegation()
                        && v.nat() == Interface.Nat6.NPT
                        && v.prefix().isEmpty())
                .flatMap(config::nptInside)
                // ask for a prefix of the LAN prefix's length: the runtime translates to its first subnet of it
                .ifPresent(inside -> lines.add("PrefixDelegationHint=::/" + inside.prefix()));
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }
}
