package dev.flywall.imports;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What an import leaves out, said as comments in its output: counts them, and makes sure no
 * option of a section is dropped without one ({@link #leftovers}).
 */
final class ImportNotes {

    private int notImported;

    int notImported() {
        return notImported;
    }

    /** A comment saying something was not imported, and why. */
    HclWriter.Comment skip(String text) {
        notImported++;
        return new HclWriter.Comment(text);
    }

    /** The options of a section that the mapping has read. */
    static final class Used {
        private final Set<String> names = new HashSet<>();

        Used add(String... more) {
            names.addAll(List.of(more));
            return this;
        }

        boolean has(String name) {
            return names.contains(name);
        }
    }

    /** A comment for each option of the section that no mapping read: none is ever dropped silently. */
    List<HclWriter.Comment> leftovers(Uci.Section section, Used used) {
        List<HclWriter.Comment> out = new java.util.ArrayList<>();
        for (Uci.Option o : section.options()) {
            if (!used.has(o.name())) {
                out.add(skip((o.list() ? "list " : "option ") + o.name() + " " + quote(o.value())
                        + ": not an option of mwan3's " + section.type()
                        + " sections that flywall knows; not imported"));
            }
        }
        return out;
    }

    /** A UCI value as UCI writes it, in single quotes. */
    static String quote(String value) {
        return "'" + value + "'";
    }
}
