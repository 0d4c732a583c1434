package dev.flywall.syntax;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * hcl4j as a differential oracle, and the canonical form both decoders' results are compared in:
 * plain Java values where every number is a {@link BigDecimal} without trailing zeros (hcl4j
 * gives {@code Double}, we give exact integers and decimals) and every block leaf is a list of
 * bodies (hcl4j and {@link DocumentJson} keep a single block as an object and turn repeated ones
 * into an array). hcl4j prints debug lines to stdout, and its SLF4J a warning to stderr; both are
 * swallowed while it runs.
 */
final class Hcl4jOracle {

    private static final Object STDOUT_LOCK = new Object();

    private Hcl4jOracle() {}

    /** hcl4j's reading of text, language blocks ({@code variable}, {@code locals}) left out. */
    static Map<String, Object> decode(String text) throws Exception {
        Map<String, Object> decoded;
        synchronized (STDOUT_LOCK) {
            PrintStream out = System.out;
            PrintStream err = System.err;
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, "UTF-8"));
            System.setErr(new PrintStream(new ByteArrayOutputStream(), true, "UTF-8"));
            try {
                decoded = new HCLParser().parse(text);
            } finally {
                System.setOut(out);
                System.setErr(err);
            }
        }
        Map<String, Object> plain = new LinkedHashMap<>();
        decoded.forEach((key, value) -> {
            if (!EvalContext.LANGUAGE_BLOCKS.contains(key)) {
                plain.put(key, fromHcl4j(value));
            }
        });
        return plain;
    }

    /** hcl4j's values as plain Java values with exact, normalised numbers. */
    static Object fromHcl4j(Object value) {
        return switch (value) {
            case null -> null;
            case Map<?, ?> map -> {
                Map<String, Object> out = new LinkedHashMap<>();
                map.forEach((k, v) -> out.put(String.valueOf(k), fromHcl4j(v)));
                yield out;
            }
            case List<?> list ->
                new ArrayList<>(list.stream().map(Hcl4jOracle::fromHcl4j).toList());
            case Double d -> new BigDecimal(Double.toString(d)).stripTrailingZeros();
            case Number n -> new BigDecimal(n.toString()).stripTrailingZeros();
            case String s -> s;
            case Boolean b -> b;
            // anything else (hcl4j's own tree types) stays as is, and will not equal ours
            default -> value;
        };
    }

    /** Our JSON as plain Java values with normalised numbers. */
    static Object fromJson(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            node.properties().forEach(e -> out.put(e.getKey(), fromJson(e.getValue())));
            return out;
        }
        if (node.isArray()) {
            List<Object> out = new ArrayList<>();
            node.forEach(item -> out.add(fromJson(item)));
            return out;
        }
        if (node.isNumber()) {
            return node.decimalValue().stripTrailingZeros();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.isNull() ? null : node.toString();
    }

    /**
     * Rewrites, in place, every block leaf of the body's blocks (the value under the block type and
     * all its labels) to a list of bodies, guided by our syntax tree, so that a single block and a
     * repeated one have the same shape on both sides. Paths missing on one side are left alone
     * for the comparison to report.
     */
    @SuppressWarnings("unchecked")
    static void blockLeavesAsLists(Object json, List<BodyItem> items) {
        if (!(json instanceof Map<?, ?>)) {
            return;
        }
        Map<List<String>, List<Block>> byPath = new LinkedHashMap<>();
        for (BodyItem item : items) {
            if (item instanceof Block b && !EvalContext.LANGUAGE_BLOCKS.contains(b.type())) {
                List<String> path = new ArrayList<>();
                path.add(b.type());
                b.labels().forEach(l -> path.add(l.value()));
                byPath.computeIfAbsent(path, k -> new ArrayList<>()).add(b);
            }
        }
        byPath.forEach((path, blocks) -> {
            Object parent = json;
            for (String key : path.subList(0, path.size() - 1)) {
                parent = parent instanceof Map<?, ?> m ? m.get(key) : null;
            }
            if (!(parent instanceof Map<?, ?> parentMap)) {
                return;
            }
            String leafKey = path.get(path.size() - 1);
            Object leaf = parentMap.get(leafKey);
            if (leaf instanceof Map<?, ?>) {
                leaf = new ArrayList<>(List.of(leaf));
                ((Map<String, Object>) parentMap).put(leafKey, leaf);
            }
            if (leaf instanceof List<?> bodies && bodies.size() == blocks.size()) {
                for (int i = 0; i < bodies.size(); i++) {
                    blockLeavesAsLists(bodies.get(i), blocks.get(i).body().items());
                }
            }
        });
    }
}
