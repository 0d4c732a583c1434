package dev.flywall.imports;

import dev.flywall.format.Formatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes flywall configuration text: blocks with labels, arguments whose values are literals
 * (strings, numbers, bools, lists of strings) and {@code #} comments. {@link #render} lays the
 * blocks out and passes the text through {@link Formatter}, so the output is what {@code flywall
 * fmt} would make of it.
 */
final class HclWriter {

    /** One line or nested block of a body. */
    sealed interface Item permits Argument, Comment, Block {}

    /** {@code name = value}, the value already written as HCL. */
    record Argument(String name, String value) implements Item {}

    /** A {@code #} comment line. */
    record Comment(String text) implements Item {}

    /** {@code type "label" { ... }}. */
    static final class Block implements Item {
        private final String type;
        private final List<String> labels;
        private final List<Item> items = new ArrayList<>();

        Block(String type, String... labels) {
            this.type = type;
            this.labels = List.of(labels);
        }

        Block argument(String name, String value) {
            items.add(new Argument(name, value));
            return this;
        }

        Block comment(String text) {
            items.add(new Comment(text));
            return this;
        }

        Block block(Block child) {
            items.add(child);
            return this;
        }

        Block add(Item item) {
            items.add(item);
            return this;
        }

        boolean isEmpty() {
            return items.isEmpty();
        }

        /** Moves the comments after the arguments (keeping each kind's order): notes read after what was set. */
        Block commentsLast() {
            List<Item> arguments = new ArrayList<>();
            List<Item> comments = new ArrayList<>();
            for (Item item : items) {
                (item instanceof Comment ? comments : arguments).add(item);
            }
            items.clear();
            items.addAll(arguments);
            items.addAll(comments);
            return this;
        }
    }

    private final List<String> header = new ArrayList<>();
    private final List<Item> top = new ArrayList<>();

    /** A comment at the top of the file. */
    HclWriter header(String text) {
        header.add(text);
        return this;
    }

    HclWriter add(Item item) {
        top.add(item);
        return this;
    }

    String render() {
        StringBuilder out = new StringBuilder();
        for (String line : header) {
            comment(out, "", line);
        }
        Item previous = null;
        for (Item item : top) {
            // top-level comments say something of their own: apart from the blocks, together with each other
            if (out.length() > 0 && !(previous instanceof Comment && item instanceof Comment)) {
                out.append('\n');
            }
            write(out, "", item);
            previous = item;
        }
        return Formatter.format(out.toString());
    }

    private static void write(StringBuilder out, String indent, Item item) {
        switch (item) {
            case Argument a ->
                out.append(indent)
                        .append(a.name())
                        .append(" = ")
                        .append(a.value())
                        .append('\n');
            case Comment c -> comment(out, indent, c.text());
            case Block b -> block(out, indent, b);
        }
    }

    private static void block(StringBuilder out, String indent, Block b) {
        out.append(indent).append(b.type);
        for (String label : b.labels) {
            out.append(' ').append(string(label));
        }
        if (b.items.isEmpty()) {
            out.append(" {}\n");
            return;
        }
        out.append(" {\n");
        String inner = indent + "  ";
        for (int i = 0; i < b.items.size(); i++) {
            Item item = b.items.get(i);
            Item previous = i == 0 ? null : b.items.get(i - 1);
            if (previous != null && !(previous instanceof Comment) && startsGroup(b.items, i)) {
                out.append('\n');
            }
            write(out, inner, item);
        }
        out.append(indent).append("}\n");
    }

    /**
     * A nested block, with the comments right above it, stands apart by a blank line from what
     * comes before it, and so does whatever follows a nested block.
     */
    private static boolean startsGroup(List<Item> items, int index) {
        if (items.get(index - 1) instanceof Block) {
            return true;
        }
        for (int i = index; i < items.size(); i++) {
            if (!(items.get(i) instanceof Comment)) {
                return items.get(i) instanceof Block;
            }
        }
        return false;
    }

    private static void comment(StringBuilder out, String indent, String text) {
        for (String line : text.split("\n", -1)) {
            out.append(indent).append('#');
            if (!line.isEmpty()) {
                out.append(' ').append(line.strip());
            }
            out.append('\n');
        }
    }

    /** An HCL string literal: quotes, backslashes, control characters and template openers escaped. */
    static String string(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '$', '%' -> {
                    out.append(c);
                    if (i + 1 < value.length() && value.charAt(i + 1) == '{') {
                        out.append(c); // $${ and %%{ are the literal text ${ and %{
                    }
                }
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** A list of strings, {@code ["a", "b"]}. */
    static String strings(List<String> values) {
        return values.stream().map(HclWriter::string).collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }
}
