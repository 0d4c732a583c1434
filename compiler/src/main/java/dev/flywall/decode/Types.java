package dev.flywall.decode;

import dev.flywall.diag.Code;
import dev.flywall.diag.DiagnosticSink;
import dev.flywall.model.Cidr;
import dev.flywall.model.PortRange;
import dev.flywall.syntax.Conversions;
import dev.flywall.syntax.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The decoding steps the {@link Type}s share. */
final class Types {

    private Types() {}

    static Optional<String> string(Value value, Located where, DiagnosticSink problems, String wanted) {
        Value v = Conversions.toStringValue(value);
        if (v instanceof Value.StringValue s) {
            return Optional.of(s.value());
        }
        mismatch(value, where, problems, wanted);
        return Optional.empty();
    }

    static <T> Optional<T> mismatch(Value value, Located where, DiagnosticSink problems, String wanted) {
        switch (value) {
            case Value.Unknown u -> {}
            case Value.Deferred d ->
                problems.error(
                        Code.E0318,
                        "Reference not allowed here",
                        d.display()
                                + " is read when flywall runs and is only accepted for secrets (passwords, tokens, header"
                                + " values). Write the value itself here.",
                        where.span());
            default ->
                problems.error(
                        Code.E0303,
                        "Incorrect value type",
                        "Expected " + wanted + ", but this is " + value.described() + ".",
                        where.span());
        }
        return Optional.empty();
    }

    static Optional<Cidr> address(Value value, Located where, DiagnosticSink problems, Type.AddressKind kind) {
        Optional<String> text = string(value, where, problems, "an " + kind.words);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<Cidr> cidr = Cidr.parse(text.get());
        int slash = text.get().indexOf('/');
        if (cidr.isEmpty()
                && slash > 0
                && Cidr.parse(text.get().substring(0, slash)).isPresent()) {
            int max = text.get().contains(":") ? 128 : 32;
            problems.error(
                    Code.E0309,
                    "Invalid address",
                    "\"" + text.get() + "\" has an invalid prefix length; " + (max == 32 ? "IPv4" : "IPv6")
                            + " prefix lengths go from 0 to " + max + ".",
                    where.span());
            return Optional.empty();
        }
        if (cidr.isEmpty()) {
            problems.error(
                    Code.E0309,
                    "Invalid address",
                    "\"" + text.get() + "\" is not an " + kind.words
                            + ". Write IPv4 as 192.0.2.1 and IPv6 as 2001:db8::1"
                            + (kind == Type.AddressKind.HOST ? "" : ", with /LENGTH for a prefix") + ".",
                    where.span());
            return Optional.empty();
        }
        boolean hasLength = text.get().contains("/");
        if (kind == Type.AddressKind.HOST && hasLength) {
            problems.error(
                    Code.E0309,
                    "Invalid address",
                    "Expected a single IP address here, not the prefix \"" + text.get() + "\".",
                    where.span());
            return Optional.empty();
        }
        if (kind == Type.AddressKind.INTERFACE && !hasLength) {
            problems.error(
                    Code.E0309,
                    "Invalid address",
                    "An interface address needs its prefix length, as in \"" + text.get() + "/24\".",
                    where.span());
            return Optional.empty();
        }
        return cidr;
    }

    static Optional<PortRange> ports(Value value, Located where, DiagnosticSink problems, boolean ranges) {
        Optional<String> text = string(value, where, problems, ranges ? "a port or a range \"8000-8100\"" : "a port");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<PortRange> range = PortRange.parse(text.get().strip());
        String[] ends = text.get().strip().split("-", -1);
        if (range.isEmpty()
                && ranges
                && ends.length == 2
                && PortRange.parse(ends[0]).isPresent()
                && PortRange.parse(ends[1]).isPresent()) {
            problems.error(
                    Code.E0310,
                    "Invalid port",
                    "\"" + text.get() + "\" runs backwards: the first port is" + " above the last. Write \"" + ends[1]
                            + "-" + ends[0] + "\".",
                    where.span());
            return Optional.empty();
        }
        if (range.isEmpty()
                || !ranges && !range.get().isSingle()
                || !ranges && range.get().first() == 0) {
            problems.error(
                    Code.E0310,
                    "Invalid port",
                    "\"" + text.get() + "\" is not a "
                            + (ranges
                                    ? "port (0–65535) or a range of ports like \"8000-8100\" (first ≤ last)."
                                    : "port (1–65535)."),
                    where.span());
            return Optional.empty();
        }
        return range;
    }

    static Optional<Object> list(Type.ListOf type, Value value, Located where, DiagnosticSink problems) {
        List<Value> items;
        if (value instanceof Value.TupleValue t) {
            items = t.items();
        } else if (type.promote() && !(value instanceof Value.Unknown) && !(value instanceof Value.NullValue)) {
            items = List.of(value);
        } else {
            return mismatch(
                    value, where, problems, "a list of " + type.element().describe() + " in [ ]");
        }
        if (items.isEmpty() && type.nonEmpty()) {
            problems.error(Code.E0305, "Value out of range", "The list must not be empty.", where.span());
            return Optional.empty();
        }
        List<Object> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < items.size(); i++) {
            Located at = value instanceof Value.TupleValue ? where.element(i) : where;
            Optional<Object> item = type.element().decode(items.get(i), at, problems);
            item.ifPresent(out::add);
            ok &= item.isPresent();
        }
        return ok ? Optional.of(List.copyOf(out)) : Optional.empty();
    }

    static Optional<Object> map(Type.MapOf type, Value value, Located where, DiagnosticSink problems) {
        if (!(value instanceof Value.ObjectValue o)) {
            return mismatch(value, where, problems, "an object { name = value }");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        boolean ok = true;
        for (Map.Entry<String, Value> e : o.fields().entrySet()) {
            Optional<Object> item = type.element().decode(e.getValue(), where.field(e.getKey()), problems);
            item.ifPresent(v -> out.put(e.getKey(), v));
            ok &= item.isPresent();
        }
        return ok ? Optional.of(out) : Optional.empty();
    }
}
