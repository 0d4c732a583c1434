package dev.flywall.runtime.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywall.plan.ShapingBatch;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What flywall owns of one declared device, as a snapshot holds it so that it can be put back:
 * the MTU, whether the link is up, the addresses flywall added that are on it (never one it found
 * there: see {@link LinkLedger}) and flywall's shaping of its egress, or null.
 */
public record LinkState(
        String device, int mtu, boolean up, List<String> addresses, Shape shaping, Map<String, Integer> sysctls) {

    public LinkState {
        Objects.requireNonNull(device, "device");
        addresses = List.copyOf(addresses);
        sysctls = Map.copyOf(sysctls);
    }

    /** A device none of whose IPv6 sysctls flywall set. */
    public LinkState(String device, int mtu, boolean up, List<String> addresses, Shape shaping) {
        this(device, mtu, up, addresses, shaping, Map.of());
    }

    /**
     * flywall's shaping as the kernel holds it: HTB root {@code 1:}, class {@code 1:10} at
     * {@code rateBps} (as the kernel keeps it: whole bytes per second, as tc prints it), leaf {@code 10:}.
     */
    public record Shape(long rateBps, String leaf) {
        public Shape {
            if (!ShapingBatch.LEAVES.contains(leaf)) {
                throw new IllegalArgumentException("not a leaf flywall installs: " + leaf);
            }
        }

        /** A declared rate as the kernel will hold and tc list it, so that a re-apply compares equal. */
        static Shape of(long declaredBps, String leaf) {
            return new Shape(parseRate(tcRate(declaredBps)), leaf);
        }

        /** "20 Mbit/s", "1.5 Gbit/s", "640 kbit/s". */
        String rate() {
            String[] units = {"bit/s", "kbit/s", "Mbit/s", "Gbit/s", "Tbit/s"};
            BigDecimal value = BigDecimal.valueOf(rateBps);
            int unit = 0;
            while (unit < units.length - 1 && value.compareTo(BigDecimal.valueOf(1000)) >= 0) {
                value = value.movePointLeft(3);
                unit++;
            }
            return value.stripTrailingZeros().toPlainString() + " " + units[unit];
        }
    }

    /**
     * A rate in bits per second as {@code tc class show} prints it (iproute2's print_rate): the
     * kernel keeps whole bytes per second; divided by 1000 while it is a multiple of 1000 or still
     * at least a million of the unit.
     */
    static String tcRate(long bitsPerSecond) {
        long rate = bitsPerSecond / 8 * 8;
        String[] units = {"", "K", "M", "G", "T"};
        int i = 0;
        for (; i < units.length - 1; i++) {
            if (rate < 1000 || (rate % 1000 != 0 && rate < 1_000_000)) {
                break;
            }
            rate /= 1000;
        }
        return rate + units[i] + "bit";
    }

    /** A rate tc printed ("20Mbit", "20500Kbit", "8bit") in bits per second; -1 when it is not one. */
    static long parseRate(String text) {
        var m = java.util.regex.Pattern.compile("([0-9]+)([KMGT]?)bit").matcher(text);
        if (!m.matches()) {
            return -1;
        }
        long rate = Long.parseLong(m.group(1));
        int power = m.group(2).isEmpty() ? 0 : "KMGT".indexOf(m.group(2)) + 1;
        for (int i = 0; i < power; i++) {
            rate *= 1000;
        }
        return rate;
    }

    ObjectNode toJson(com.fasterxml.jackson.databind.ObjectMapper json) {
        ObjectNode o = json.createObjectNode();
        o.put("device", device);
        o.put("mtu", mtu);
        o.put("up", up);
        var a = o.putArray("addresses");
        addresses.forEach(a::add);
        if (shaping != null) {
            o.putObject("shaping").put("rate_bps", shaping.rateBps()).put("leaf", shaping.leaf());
        }
        if (!sysctls.isEmpty()) {
            var sc = o.putObject("sysctls");
            new java.util.TreeMap<>(sysctls).forEach(sc::put);
        }
        return o;
    }

    static LinkState fromJson(JsonNode o) {
        List<String> addresses = new ArrayList<>();
        o.path("addresses").forEach(n -> addresses.add(n.asText()));
        JsonNode s = o.path("shaping");
        Map<String, Integer> sysctls = new java.util.TreeMap<>();
        o.path("sysctls").fields().forEachRemaining(e -> {
            if (e.getValue().canConvertToInt() && LiveLinks.SYSCTLS.contains(e.getKey())) {
                sysctls.put(e.getKey(), e.getValue().asInt());
            }
        });
        return new LinkState(
                o.path("device").asText(),
                o.path("mtu").asInt(),
                o.path("up").asBoolean(),
                addresses,
                s.isObject()
                        ? new Shape(s.path("rate_bps").asLong(), s.path("leaf").asText())
                        : null,
                sysctls);
    }
}
