package dev.flywall.imports;

import dev.flywall.model.Cidr;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * mwan3's {@code config interface} sections, with their devices and addressing from the network
 * file, as flywall {@code interface} blocks with a {@code wan} block and a {@code health_check};
 * and the network file's other static interfaces as LAN-side interfaces.
 */
final class WanImport {

    private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9_.-]{1,15}");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,9}");

    /** An imported uplink: the mwan3 interface's name and the flywall interface (its device). */
    record Wan(String name, String device) {}

    private final ImportNotes notes;
    private final NetworkConfig network;
    private final boolean hasNetwork;
    private final Map<String, Wan> wans = new LinkedHashMap<>();
    /** Why an mwan3 interface was not imported, for the members that use it. */
    private final Map<String, String> skipped = new LinkedHashMap<>();

    private final List<HclWriter.Item> items = new ArrayList<>();
    /** The devices written as interfaces so far: flywall's interface names are unique. */
    private final java.util.Set<String> devices = new java.util.HashSet<>();

    WanImport(ImportNotes notes, NetworkConfig network, boolean hasNetwork) {
        this.notes = notes;
        this.network = network;
        this.hasNetwork = hasNetwork;
    }

    Optional<Wan> wan(String name) {
        return Optional.ofNullable(wans.get(name));
    }

    /** Why the mwan3 interface was left out; empty when it was imported or is not defined. */
    Optional<String> whySkipped(String name) {
        return Optional.ofNullable(skipped.get(name));
    }

    /** The device of a network interface, for a rule's src_iface. */
    Optional<String> device(String networkName) {
        Wan wan = wans.get(networkName);
        if (wan != null) {
            return Optional.of(wan.device());
        }
        return network.get(networkName).flatMap(NetworkConfig.Interface::device);
    }

    List<HclWriter.Item> items() {
        return items;
    }

    void read(Uci mwan3) {
        for (Uci.Section s : mwan3.sections("interface")) {
            interfaceSection(s);
        }
        for (NetworkConfig.Interface n : network.all()) {
            if (!wans.containsKey(n.name()) && !skipped.containsKey(n.name())) {
                lan(n);
            }
        }
    }

    private void interfaceSection(Uci.Section s) {
        String name = s.name();
        String family = s.value("family").orElse("ipv4");
        if (!s.value("enabled").filter("1"::equals).isPresent()) {
            skip(
                    name,
                    "mwan3 interface \"" + name + "\" is not enabled (enabled "
                            + s.value("enabled").map(ImportNotes::quote).orElse("not set, which mwan3 reads as '0'")
                            + "): mwan3 does not use it; not imported");
            return;
        }
        if (family.equals("ipv6")) {
            String where = network.get(name)
                    .flatMap(NetworkConfig.Interface::device)
                    .map(d -> " in interface \"" + d + "\"")
                    .orElse("");
            skip(
                    name,
                    "mwan3 interface \"" + name + "\" is IPv6 (family 'ipv6'): flywall carries an uplink's IPv6 on"
                            + " the same interface as its IPv4, with an ipv6 block" + where + " (docs/ipv6.md), not"
                            + " as an uplink of its own; not imported");
            return;
        }
        if (!family.equals("ipv4")) {
            skip(
                    name,
                    "mwan3 interface \"" + name + "\" has family " + ImportNotes.quote(family)
                            + ", which is neither 'ipv4' nor 'ipv6'; not imported");
            return;
        }
        Optional<NetworkConfig.Interface> net = network.get(name);
        String device = net.flatMap(NetworkConfig.Interface::device).orElse(name);
        if (!DEVICE.matcher(device).matches()) {
            skip(
                    name,
                    "mwan3 interface \"" + name + "\": its device \"" + device
                            + "\" is not a Linux interface name (at most 15 of A-Z a-z 0-9 _ . -); not imported");
            return;
        }
        for (Wan other : wans.values()) {
            if (other.device().equals(device)) {
                skip(
                        name,
                        "mwan3 interface \"" + name + "\" uses device \"" + device + "\" like mwan3 interface \""
                                + other.name() + "\": flywall has one uplink per device; not imported");
                return;
            }
        }
        HclWriter.Block iface = new HclWriter.Block("interface", device);
        iface.comment("mwan3 interface \"" + name + "\""
                + net.map(n -> ", network interface \"" + n.name() + "\" (proto " + n.proto() + ")")
                        .orElse(""));
        if (!addressing(name, net, iface)) {
            return;
        }
        iface.block(new HclWriter.Block("wan"));
        ImportNotes.Used used = new ImportNotes.Used().add("enabled", "family");
        HclWriter.Block check = new HealthCheckImport(notes).read(s, used, iface);
        if (!check.isEmpty()) {
            iface.block(check);
        }
        notes.leftovers(s, used).forEach(iface::add);
        wans.put(name, new Wan(name, device));
        devices.add(device);
        items.add(iface);
    }

    /** zone and the addressing from the network file; false (after a comment) when it cannot be written. */
    private boolean addressing(String name, Optional<NetworkConfig.Interface> net, HclWriter.Block iface) {
        if (net.isEmpty()) {
            iface.comment((hasNetwork ? "not in the network file" : "no network file read")
                    + ": the device is taken to be named like the interface, and to get its address by DHCP");
            iface.argument("zone", HclWriter.string("WAN"));
            iface.argument("dhcp", "true");
            return true;
        }
        iface.argument("zone", HclWriter.string("WAN"));
        NetworkConfig.Interface n = net.get();
        switch (n.proto()) {
            case "dhcp" -> iface.argument("dhcp", "true");
            case "static" -> {
                if (n.addresses().isEmpty()
                        || n.gateway().map(g -> Cidr.parse(g).isEmpty()).orElse(true)) {
                    skip(
                            name,
                            "mwan3 interface \"" + name + "\": its static network interface lacks a valid ipaddr"
                                    + " or gateway; not imported");
                    return false;
                }
                addresses(n, iface);
                iface.argument("gateway", HclWriter.string(n.gateway().get()));
            }
            case "pppoe" -> {
                if (n.username().isEmpty() || n.password().isEmpty()) {
                    skip(
                            name,
                            "mwan3 interface \"" + name + "\": its PPPoE network interface has no username or"
                                    + " password; not imported");
                    return false;
                }
                HclWriter.Block pppoe = new HclWriter.Block("pppoe")
                        .argument("username", HclWriter.string(n.username().get()))
                        .argument("password", HclWriter.string(n.password().get()));
                iface.block(pppoe);
            }
            default -> {
                skip(
                        name,
                        "mwan3 interface \"" + name + "\": its network interface's proto "
                                + ImportNotes.quote(n.proto())
                                + " is not one flywall brings up (dhcp, static or pppoe);"
                                + " not imported");
                return false;
            }
        }
        mtu(n, iface);
        return true;
    }

    private void lan(NetworkConfig.Interface n) {
        Optional<String> device = n.device();
        if (n.name().equals("loopback") || device.filter("lo"::equals).isPresent()) {
            return;
        }
        if (!n.proto().equals("static")
                || n.addresses().isEmpty()
                || device.isEmpty()
                || !DEVICE.matcher(device.get()).matches()) {
            items.add(notes.skip("network interface \"" + n.name() + "\" (proto " + n.proto() + ") is not an mwan3"
                    + " interface nor a static one with an address and a device: not imported"));
            return;
        }
        if (devices.contains(device.get())) {
            items.add(notes.skip("network interface \"" + n.name() + "\": its device \"" + device.get()
                    + "\" is already an interface above; not imported"));
            return;
        }
        devices.add(device.get());
        HclWriter.Block iface = new HclWriter.Block("interface", device.get());
        iface.comment("network interface \"" + n.name() + "\", not used by mwan3: the LAN side");
        iface.argument("zone", HclWriter.string("LAN"));
        addresses(n, iface);
        mtu(n, iface);
        items.add(iface);
    }

    private static void addresses(NetworkConfig.Interface n, HclWriter.Block iface) {
        if (n.addresses().size() == 1) {
            iface.argument("address", HclWriter.string(n.addresses().get(0)));
        } else {
            iface.argument("addresses", HclWriter.strings(n.addresses()));
        }
    }

    private static void mtu(NetworkConfig.Interface n, HclWriter.Block iface) {
        n.mtu()
                .filter(m -> NUMBER.matcher(m).matches())
                .filter(m -> Integer.parseInt(m) >= 68 && Integer.parseInt(m) <= 65535)
                .ifPresent(m -> iface.argument("mtu", m));
    }

    private void skip(String name, String why) {
        skipped.put(name, why);
        items.add(notes.skip(why));
    }
}
