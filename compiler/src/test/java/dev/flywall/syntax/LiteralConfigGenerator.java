package dev.flywall.syntax;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Random but reproducible HCL configurations in the literal subset that hcl4j decodes like HCL:
 * quoted strings (escapes {@code \n \t \" \\}, literal Unicode, no {@code \\u}, no {@code ${}),
 * integers and decimals that survive a trip through {@code double} (no exponents), booleans, null,
 * tuples (nested, empty, multi-line with trailing commas), objects, nested blocks with 0–3 labels
 * (quoted or bare), one-line blocks, comments of all three kinds and blank lines.
 *
 * <p>Each body keeps attribute names and block types apart and gives each block type one label
 * count, so the HCL-JSON shape is unambiguous; some blocks repeat an earlier type and labels to
 * produce arrays. The same seed always gives the same text.
 */
final class LiteralConfigGenerator {

    private static final Set<String> KEYWORDS =
            Set.of("true", "false", "null", "for", "in", "if", "else", "endif", "endfor");
    private static final String[] WORDS = {
        "eth0", "wan", "lan", "dhcp", "zone", "é", "ß", "Ω", "中文", "😀", "🚀", "a b", "x-y", "{x}", "}", "{", "$5",
        "100% x", "#", "//", "/*", "=", ",", "[", "]", "'"
    };
    private static final String[] ESCAPES = {"\\n", "\\t", "\\\"", "\\\\", "\\r"};
    private static final int MAX_DEPTH = 3;

    private final Random random;
    private final StringBuilder out = new StringBuilder();

    private LiteralConfigGenerator(long seed) {
        this.random = new Random(seed);
    }

    /** The configuration for a seed. */
    static String generate(long seed) {
        LiteralConfigGenerator generator = new LiteralConfigGenerator(seed);
        generator.body(0, 0);
        return generator.out.toString();
    }

    // ------------------------------------------------------------------ structure

    /** What one body has declared so far, so that names never collide. */
    private static final class Scope {
        final Set<String> attributes = new HashSet<>();
        final Map<String, Integer> arity = new HashMap<>();
        final Map<String, List<List<String>>> labels = new HashMap<>();

        boolean taken(String name) {
            return attributes.contains(name) || arity.containsKey(name);
        }
    }

    private void body(int indent, int depth) {
        Scope scope = new Scope();
        int items = depth == 0 ? 1 + random.nextInt(8) : random.nextInt(6);
        for (int i = 0; i < items; i++) {
            if (random.nextInt(6) == 0) {
                out.append('\n');
            }
            if (random.nextInt(5) == 0) {
                ownLineComment(indent);
            }
            if (depth < MAX_DEPTH && random.nextInt(3) == 0) {
                block(indent, depth, scope);
            } else {
                attribute(indent, scope);
            }
        }
    }

    private void attribute(int indent, Scope scope) {
        String name = freshName(scope);
        scope.attributes.add(name);
        out.append(" ".repeat(indent))
                .append(name)
                .append(" ".repeat(1 + random.nextInt(3)))
                .append("= ");
        if (random.nextInt(10) == 0) {
            out.append("/* before */ ");
        }
        value(indent, 0);
        lineEnd();
    }

    private void block(int indent, int depth, Scope scope) {
        String type;
        List<String> labels;
        List<String> reusable = scope.arity.keySet().stream().sorted().toList();
        if (!reusable.isEmpty() && random.nextInt(3) == 0) {
            type = reusable.get(random.nextInt(reusable.size()));
            List<List<String>> earlier = scope.labels.get(type);
            labels = random.nextBoolean() ? earlier.get(random.nextInt(earlier.size())) : labels(scope.arity.get(type));
        } else {
            type = freshName(scope);
            scope.arity.put(type, random.nextInt(4));
            labels = labels(scope.arity.get(type));
        }
        scope.labels.computeIfAbsent(type, k -> new ArrayList<>()).add(labels);
        out.append(" ".repeat(indent)).append(type);
        labels.forEach(label -> out.append(' ').append(label));
        if (random.nextInt(4) == 0) {
            oneLineBody();
        } else {
            out.append(" {");
            lineEnd();
            body(indent + 2, depth + 1);
            out.append(" ".repeat(indent)).append('}');
        }
        lineEnd();
    }

    private void oneLineBody() {
        if (random.nextBoolean()) {
            out.append(" {}");
            return;
        }
        out.append(" { ").append(identifier()).append(" = ");
        scalar();
        out.append(" }");
    }

    /** Labels as written: quoted strings (with escapes and Unicode) or bare identifiers. */
    private List<String> labels(int count) {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            labels.add(random.nextInt(4) == 0 ? identifier() : quoted());
        }
        return labels;
    }

    private String freshName(Scope scope) {
        String name;
        do {
            name = identifier();
        } while (scope.taken(name));
        return name;
    }

    private String identifier() {
        String name;
        do {
            StringBuilder b = new StringBuilder();
            b.append((char) ('a' + random.nextInt(26)));
            int more = random.nextInt(8);
            String tail = "abcdefghijklmnopqrstuvwxyz0123456789_-";
            for (int i = 0; i < more; i++) {
                b.append(tail.charAt(random.nextInt(tail.length())));
            }
            name = b.toString();
        } while (KEYWORDS.contains(name));
        return name;
    }

    // ------------------------------------------------------------------ values

    private void value(int indent, int depth) {
        int kind = random.nextInt(depth < 3 ? 10 : 7);
        switch (kind) {
            case 7, 8 -> tuple(indent, depth);
            case 9 -> object(indent, depth);
            default -> scalar();
        }
    }

    private void scalar() {
        switch (random.nextInt(7)) {
            case 0, 1 -> out.append(quoted());
            case 2 -> out.append(integer());
            case 3 -> out.append(decimal());
            case 4 -> out.append('-').append(random.nextBoolean() ? integer() : decimal());
            case 5 -> out.append(random.nextBoolean());
            default -> out.append(random.nextInt(3) == 0 ? "null" : quoted());
        }
    }

    private String quoted() {
        StringBuilder b = new StringBuilder("\"");
        int pieces = random.nextInt(6);
        for (int i = 0; i < pieces; i++) {
            switch (random.nextInt(4)) {
                case 0 -> b.append(ESCAPES[random.nextInt(ESCAPES.length)]);
                case 1 -> b.append(WORDS[random.nextInt(WORDS.length)]);
                case 2 -> b.append(' ');
                default -> b.append(identifier());
            }
        }
        return b.append('"').toString();
    }

    /** Integers below 2^53, so that hcl4j's double holds them exactly; sometimes with leading zeros. */
    private String integer() {
        long bound = switch (random.nextInt(4)) {
            case 0 -> 10;
            case 1 -> 1_000;
            case 2 -> 1_000_000_000_000L;
            default -> 1L << 53;
        };
        String digits = Long.toString(Math.floorMod(random.nextLong(), bound));
        return random.nextInt(12) == 0 ? "00" + digits : digits;
    }

    /** Up to 6 + 6 significant digits (well inside a double's 15), trailing zeros kept as written. */
    private String decimal() {
        StringBuilder fraction = new StringBuilder();
        int digits = 1 + random.nextInt(6);
        for (int i = 0; i < digits; i++) {
            fraction.append((char) ('0' + random.nextInt(10)));
        }
        return random.nextInt(1_000_000) + "." + fraction;
    }

    private void tuple(int indent, int depth) {
        int items = random.nextInt(5);
        boolean multiLine = items > 0 && random.nextInt(3) == 0;
        out.append('[');
        for (int i = 0; i < items; i++) {
            if (multiLine) {
                out.append('\n').append(" ".repeat(indent + 2));
            }
            value(indent + 2, depth + 1);
            if (i < items - 1 || multiLine || random.nextInt(4) == 0) {
                out.append(',');
            }
            if (multiLine && random.nextInt(4) == 0) {
                out.append(random.nextBoolean() ? " # item" : " // item");
            } else if (!multiLine && i < items - 1) {
                out.append(' ');
            }
        }
        if (multiLine) {
            out.append('\n').append(" ".repeat(indent));
        }
        out.append(']');
    }

    private void object(int indent, int depth) {
        int items = random.nextInt(4);
        boolean multiLine = items > 0 && random.nextBoolean();
        Set<String> keys = new HashSet<>();
        out.append('{');
        for (int i = 0; i < items; i++) {
            out.append(multiLine ? "\n" + " ".repeat(indent + 2) : " ");
            String key;
            do {
                key = random.nextBoolean() ? identifier() : "\"" + identifier() + " " + identifier() + "\"";
            } while (!keys.add(key.replace("\"", "")));
            out.append(key).append(random.nextBoolean() ? " = " : ": ");
            value(indent + 2, depth + 1);
            if (!multiLine && i < items - 1 || multiLine && random.nextBoolean()) {
                out.append(',');
            }
        }
        out.append(multiLine ? "\n" + " ".repeat(indent) : items > 0 ? " " : "").append('}');
    }

    // ------------------------------------------------------------------ comments and line ends

    private void ownLineComment(int indent) {
        out.append(" ".repeat(indent))
                .append(
                        switch (random.nextInt(3)) {
                            case 0 -> "# " + quoted();
                            case 1 -> "// comment é 😀";
                            default -> "/* spans\n" + " ".repeat(indent) + "   two lines */";
                        })
                .append('\n');
    }

    private void lineEnd() {
        switch (random.nextInt(8)) {
            case 0 -> out.append(" # trailing");
            case 1 -> out.append(" // trailing");
            case 2 -> out.append(" /* trailing */");
            default -> {}
        }
        out.append('\n');
    }
}
