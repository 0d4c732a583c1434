package dev.flywall.imports;

import dev.flywall.model.Cidr;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The interfaces of OpenWrt's {@code /etc/config/network} that an import needs: each logical
 * interface's Linux device, protocol, static addresses, gateway, MTU and PPPoE login.
 */
final class NetworkConfig {

    /** One {@code config interface} section, with its device resolved. */
    record Interface(
            String name,
            Optional<String> device,
            String proto,
            List<String> addresses,
            Optional<String> gateway,
            Optional<String> mtu,
            Optional<String> username,
            Optional<String> password) {}

    private final Map<String, Interface> interfaces = new LinkedHashMap<>();

    private NetworkConfig() {}

    static NetworkConfig empty() {
        return new NetworkConfig();
    }

    static NetworkConfig of(Uci network) {
        NetworkConfig config = new NetworkConfig();
        Map<String, Uci.Section> sections = new LinkedHashMap<>();
        for (Uci.Section s : network.sections("interface")) {
            sections.put(s.name(), s);
        }
        for (Uci.Section s : sections.values()) {
            config.interfaces.put(s.name(), read(s, sections));
        }
        return config;
    }

    Optional<Interface> get(String name) {
        return Optional.ofNullable(interfaces.get(name));
    }

    List<Interface> all() {
        return List.copyOf(interfaces.values());
    }

    private static Interface read(Uci.Section s, Map<String, Uci.Section> all) {
        return new Interface(
                s.name(),
                device(s, all, 0),
                s.value("proto").orElse("none"),
                addresses(s),
                s.value("gateway"),
                s.value("mtu"),
                s.value("username"),
                s.value("password"));
    }

    /**
     * {@code device} (OpenWrt 21.02 and later) or {@code ifname} (before), {@code br-NAME} for an
     * old-style bridge, and {@code @other} followed to the other interface's device.
     */
    private static Optional<String> device(Uci.Section s, Map<String, Uci.Section> all, int depth) {
        if (s.value("type").filter("bridge"::equals).isPresent()) {
            return Optional.of("br-" + s.name());
        }
        Optional<String> named = s.value("device").or(() -> s.value("ifname")).map(String::strip);
        if (named.isEmpty() || named.get().isEmpty()) {
            return Optional.empty();
        }
        String first = named.get().split("\\s+")[0];
        if (first.startsWith("@")) {
            Uci.Section other = all.get(first.substring(1));
            return other == null || depth > 4 ? Optional.empty() : device(other, all, depth + 1);
        }
        return Optional.of(first);
    }

    /** Static addresses with their prefix length: {@code ipaddr} with {@code netmask}, or CIDR text. */
    private static List<String> addresses(Uci.Section s) {
        List<String> out = new ArrayList<>();
        int maskLength = s.value("netmask").flatMap(NetworkConfig::maskLength).orElse(32);
        for (Uci.Option o : s.all("ipaddr")) {
            for (String word : o.value().strip().split("\\s+")) {
                if (word.isEmpty()) {
                    continue;
                }
                String cidr = word.contains("/") ? word : word + "/" + maskLength;
                if (Cidr.parse(cidr).isPresent()) {
                    out.add(cidr);
                }
            }
        }
        return out;
    }

    /** The prefix length of a dotted netmask ("255.255.255.0" is 24), or empty when it is not one. */
    static Optional<Integer> maskLength(String mask) {
        Optional<Cidr> parsed = Cidr.parse(mask.strip());
        if (parsed.isEmpty() || parsed.get().address().length != 4 || mask.contains("/")) {
            return Optional.empty();
        }
        long bits = 0;
        for (byte b : parsed.get().address()) {
            bits = bits << 8 | (b & 0xff);
        }
        int ones = Long.bitCount(bits);
        long expected = ones == 0 ? 0 : (0xffffffffL << (32 - ones)) & 0xffffffffL;
        return bits == expected ? Optional.of(ones) : Optional.empty();
    }
}
