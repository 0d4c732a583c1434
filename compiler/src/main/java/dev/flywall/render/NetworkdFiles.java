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
 * addresses here, the session itself runs under pppd with flywall's peers file.
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
            out.put(fileName(i.name()), file(i, compiled.get(i.name())));
        }
        return out;
    }

    private static String file(Interface i, WatchdogFile.Interface compiled) {
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
        lines.add("DHCP=" + (i.dhcp() ? "ipv4" : "no"));
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
        return String.join("\n", lines) + "\n";
    }
}
