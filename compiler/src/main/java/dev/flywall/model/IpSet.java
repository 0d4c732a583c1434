package dev.flywall.model;

import dev.flywall.source.SourceSpan;
import java.util.List;
import java.util.Optional;

/** {@code ipset "NAME"}: a named set of prefixes that policy routes match with {@code @NAME}. */
public record IpSet(String name, Cidr.Family family, List<Entry> entries, Optional<String> file, SourceSpan span) {

    public IpSet {
        entries = List.copyOf(entries);
    }

    /** One prefix of the set, with where it is written. */
    public record Entry(Cidr cidr, SourceSpan span) {}
}
