package dev.flywall.imports;

import dev.flywall.source.SourceSpan;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An OpenWrt UCI file as {@link UciParser} reads it: its sections in file order, each with its
 * options and lists in file order. Every name and value keeps the span it was read from.
 */
public record Uci(String file, List<Section> sections) {

    public Uci {
        Objects.requireNonNull(file, "file");
        sections = List.copyOf(sections);
    }

    /** The sections of one type, in file order. */
    public List<Section> sections(String type) {
        return sections.stream().filter(s -> s.type().equals(type)).toList();
    }

    /**
     * One {@code config TYPE 'NAME'} section. An anonymous section ({@code config rule} without a
     * name) is named {@code @TYPE[i]}, as {@code uci show} names it.
     */
    public record Section(String type, String name, boolean anonymous, SourceSpan span, List<Option> options) {

        public Section {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(name, "name");
            options = List.copyOf(options);
        }

        /** The last value of an {@code option} (UCI keeps the last one), or of a list's last item. */
        public Optional<Option> option(String key) {
            Option found = null;
            for (Option o : options) {
                if (o.name().equals(key)) {
                    found = o;
                }
            }
            return Optional.ofNullable(found);
        }

        public Optional<String> value(String key) {
            return option(key).map(Option::value);
        }

        /** Every value given to a name, by {@code list} lines or (once) by an {@code option}. */
        public List<Option> all(String key) {
            return options.stream().filter(o -> o.name().equals(key)).toList();
        }
    }

    /** One {@code option NAME 'VALUE'} or {@code list NAME 'VALUE'} line. */
    public record Option(boolean list, String name, String value, SourceSpan span) {

        public Option {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }
}
