package dev.flywall.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compiled bundle cut into the objects a plan talks about: nft sets and chains (as the renderer
 * lays them out), ip rules and routes (one per batch line), the shaping of each device, each PPPoE
 * session's pppd options, and the watchdog's uplinks, groups, policy routes and interfaces. Each object has a kind, a name and its lines; two bundles compare object by
 * object.
 */
public final class BundleObjects {

    /** One object of a bundle. */
    public record Item(String kind, String name, List<String> lines) {
        public String key() {
            return kind + " " + name;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private BundleObjects() {}

    /** The objects of a bundle given as file name → content; missing files contribute nothing. */
    public static Map<String, Item> of(Map<String, String> files) {
        Map<String, Item> items = new LinkedHashMap<>();
        nft(files.getOrDefault("ruleset.nft", ""), items);
        batch("ip", files.getOrDefault("routes.ip", ""), items);
        batch("ip -6", files.getOrDefault("routes6.ip", ""), items);
        shaping(files.getOrDefault("shaping.tc", ""), items);
        files.forEach((file, text) -> {
            if (file.startsWith("pppoe-") && file.endsWith(".peers")) {
                Item item = new Item(
                        "pppd peers",
                        file,
                        text.lines()
                                .map(String::strip)
                                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                                .toList());
                items.put(item.key(), item);
            }
        });
        watchdog(files.get("watchdog.json"), items);
        return items;
    }

    /** One item per shaped device: its lines of {@code tc -batch} ({@code qdisc|class VERB dev DEVICE ...}). */
    private static void shaping(String text, Map<String, Item> items) {
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            String[] words = line.split("\\s+");
            if (line.isEmpty() || line.startsWith("#") || words.length < 4 || !words[2].equals("dev")) {
                continue;
            }
            Item item = new Item("tc shaping", words[3], List.of(line));
            items.merge(item.key(), item, (a, b) -> new Item(a.kind(), a.name(), concat(a.lines(), b.lines())));
        }
    }

    private static void nft(String text, Map<String, Item> items) {
        String kind = null;
        String name = null;
        List<String> lines = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (kind == null && (line.startsWith("set ") || line.startsWith("chain ")) && line.endsWith("{")) {
                String[] words = line.split("\\s+");
                kind = words[0];
                name = words[1];
                lines = new ArrayList<>();
            } else if (kind != null && line.equals("}")) {
                Item item = new Item("nft " + kind, name, lines);
                items.put(item.key(), item);
                kind = null;
            } else if (kind != null && !line.isEmpty()) {
                lines.add(line);
            }
        }
    }

    /** Kernel route types a batch line may name before the destination ({@code route replace blackhole ...}). */
    private static final Set<String> ROUTE_TYPES = Set.of(
            "unicast",
            "blackhole",
            "unreachable",
            "prohibit",
            "throw",
            "local",
            "broadcast",
            "multicast",
            "anycast",
            "nat");

    /**
     * One item per rule priority and per route (destination, table, metric: what the kernel tells
     * routes apart by), so that a route whose next hop changed is one change, not an add and a destroy.
     * Lines sharing a name (several rules at one priority) form one item.
     */
    private static void batch(String tool, String text, Map<String, Item> items) {
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split("\\s+");
            String name = words[0].equals("rule") && words.length > 3
                    ? "priority " + words[3]
                    : words[0].equals("route") && words.length > 2 ? routeName(words) : line;
            Item item = new Item(tool + " " + words[0], name, List.of(line));
            items.merge(item.key(), item, (a, b) -> new Item(a.kind(), a.name(), concat(a.lines(), b.lines())));
        }
    }

    /** "default table 101", "10.0.0.0/8 table main metric 100": words are "route VERB [TYPE] DST ...". */
    static String routeName(String[] words) {
        int dst = ROUTE_TYPES.contains(words[2]) && words.length > 3 ? 3 : 2;
        String table = "main";
        String metric = null;
        for (int i = dst + 1; i + 1 < words.length; i++) {
            switch (words[i]) {
                case "table" -> table = words[i + 1];
                case "metric", "priority", "preference" -> metric = words[i + 1];
                default -> {}
            }
        }
        return words[dst] + " table " + table + (metric == null ? "" : " metric " + metric);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static void watchdog(String text, Map<String, Item> items) {
        if (text == null || text.isBlank()) {
            return;
        }
        try {
            JsonNode root = JSON.readTree(text);
            named(root.path("uplinks"), "watchdog uplink", items);
            named(root.path("groups"), "watchdog group", items);
            named(root.path("policy_routes"), "watchdog policy_route", items);
            named(root.path("interfaces"), "watchdog interface", items);
            for (String section : List.of("notifications", "api", "runtime")) {
                if (root.has(section)) {
                    Item item = new Item("watchdog", section, flatten(root.get(section)));
                    items.put(item.key(), item);
                }
            }
        } catch (IOException e) {
            Item item = new Item("watchdog", "(unreadable)", List.of(e.getMessage()));
            items.put(item.key(), item);
        }
    }

    private static void named(JsonNode array, String kind, Map<String, Item> items) {
        for (JsonNode n : array) {
            Item item = new Item(kind, n.path("name").asText(), flatten(n));
            items.put(item.key(), item);
        }
    }

    /** A JSON value as "path = value" lines, so a change shows as the one line that changed. */
    static List<String> flatten(JsonNode node) {
        List<String> out = new ArrayList<>();
        flatten("", node, out);
        return out;
    }

    private static void flatten(String path, JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.fields()
                    .forEachRemaining(
                            e -> flatten(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue(), out));
        } else if (node.isArray() && !node.isEmpty()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(path + "[" + i + "]", node.get(i), out);
            }
        } else {
            out.add(path + " = " + node);
        }
    }
}
