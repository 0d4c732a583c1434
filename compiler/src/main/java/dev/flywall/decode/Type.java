package dev.flywall.decode;

import dev.flywall.diag.Code;
import dev.flywall.diag.DiagnosticSink;
import dev.flywall.model.Bandwidth;
import dev.flywall.model.Cidr;
import dev.flywall.model.DurationText;
import dev.flywall.model.HostPort;
import dev.flywall.model.InterfaceName;
import dev.flywall.model.PortRange;
import dev.flywall.syntax.Conversions;
import dev.flywall.syntax.Value;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The type of a schema argument: how an evaluated HCL value becomes a Java value, what errors
 * say when it does not, and how the reference documentation names it. Values that already
 * failed to evaluate ({@link Value.Unknown}) decode to nothing, silently: they were reported.
 */
public sealed interface Type
        permits Type.Text,
                Type.Flag,
                Type.Whole,
                Type.Span,
                Type.Speed,
                Type.Address,
                Type.Ports,
                Type.Word,
                Type.ListOf,
                Type.MapOf,
                Type.Special {

    /** How the reference documentation and messages name the type. */
    String describe();

    /** The Java value, or empty after reporting why not. */
    Optional<Object> decode(Value value, Located where, DiagnosticSink problems);

    // ------------------------------------------------------------------ primitives

    /** A string. */
    record Text() implements Type {
        @Override
        public String describe() {
            return "string";
        }

        @Override
        public Optional<Object> decode(Value value, Located where, DiagnosticSink problems) {
            return Types.string(value, where, problems, describe()).map(s -> s);
        }
    }

    /** true or false. */
    record Flag() implements Type {
        @Override
        public String describe() {
            return "bool";
        }

        @Override
        public Optional<Object> decode(Value value, Located where, DiagnosticSink problems) {
            Value v = Conversions.toBool(value);
            if (v instanceof Value.BoolValue b) {
                return Optional.of(b.value());
            }
            return Types.mismatch(value, where, problems, "true or false");
        }
    }

    /** A whole number in [min, max]. */
    record Whole(long min, long max) implements Type {
        @Override
        public String describe() {
            return "number (" + min + "–" + max + ")";
        }

        @Override
        public Optional<Object> decode(Value value, Located where, DiagnosticSink problems) {
            Value v = Conversions.toNumber(value);
            if (!(v instanceof Value.NumberValue n)) {
                return Types.mismatch(value, where, problems, "a whole number");
            }
            if (!n.number().isWhole()) {
                problems.error(
                        Code.E0303,
                        "Incorrect value type",
                        "Expected a whole number, but " + n.text() + " has a fraction.",
                        where.span());
                return Optional.empty();
            }
            if (n.number().compareTo(min) < 0 || n.number().compareTo(max) > 0) {
                problems.error(
                        Code.E0305,
                        "Value out of range",
                        n.text() + " is outside the accepted range " + min + "–" + max + ".",
                        where.span());
                return Optional.empty();
            }
            return Optional.of(n.intValue().orElseThrow());
        }
    }

    /** A duration between min and max. */
    record Span(Duration min, Duration max) implements Type {
        @Override
        public String describe() {
            return "duration (" + DurationText.format(min) + "–" + DurationText.format(max) + ")";
        }

        @Override
        public Optional<Object> decode(Value value, Located where, DiagnosticSink problems) {
            if (value instanceof Value.NumberValue n) {
                problems.error(
                        Code.E0313,
                        "Invalid duration",
                        n.text() + " is a number without a unit; write a"
                                + " duration as a string with its unit, as in \"" + n.text() + "s\".",
                        where.span(),
                        "did you mean \"" + n.text() + "s\"?");
                return Optional.empty();
            }
            Optional<String> text = Types.string(value, where, problems, "a duration such as \"5s\"");
            if (text.isEmpty()) {
                return Optional.empty();
            }
            Optional<Duration> d = DurationText.parse(text.get());
            if (d.isEmpty()) {
                problems.error(
                        Code.E0313,
                        "Invalid duration",
                        "\"" + text.get() + "\" is not a duration. Write a"
                                + " number and a unit — ms, s, m, h or d — as in \"500ms\", \"5s\", \"1m30s\" or \"1h\".",
                        where.span());
                return Optional.empty();
            }
            if (d.get().compareTo(min) < 0 || d.get().compareTo(max) > 0) {
                problems.error(
                        Code.E0305,
                        "Value out of range",
                        "\"" + text.get() + "\" is outside the accepted range " + DurationText.format(min) + "–"
                                + DurationText.format(max) + ".",
                        where.span());
                return Optional.empty();
            }
            return Optional.of(d.get());
        }
    }

    /** A bandwidth such as "100Mbps". */
    record Speed() implements Type {
        @Override
        public String describe() {
            return "bandwidth (\"100Mbps\", \"1Gbps\")";
        }

        @Override
        public Optional<Object> decode(Value value, Located where, DiagnosticSink problems) {
            Optional<String> text = Types.string(value, where, problems, "a bandwidth such as \"100Mbps\"");
            if (text.isEmpty()) {
                return Optional.empty();
            }
            Optional<Bandwidth> b = Bandwidth.parse(text.get());
            if (b.isEmpty()) {
                problems.error(
                        Code.E0314,
                        "Invalid bandwidth",
                        "\"" + text.get() + "\" is not a bandwidth. Write a"
                                + " number and a unit — bps, kbps, Mbps, Gbps — as in \"100Mbps\" or \"1Gbps\".",
                        where.span());
            }
            return b.map(x -> x);
        }
    }

    /** What kind of address an {@link Address} accepts. */
    enum AddressKind {
        /** A host address, no prefix length: a gateway, a probe target. */
        HOST("IP address"),
        /** An address with its prefix length, host bits allowed: an interface address. */
        INTERFACE("address with prefix length (\"192.168.1.1/24\")"),
        /** A prefix or a host address: a match or set entry. */
        PREFIX("CIDR prefix or IP address");

        final String words;

        AddressKind(String words) {
            this.words = words;
        }
    }

    /** An IPv4/IPv6 address or prefix. */
    record Address(AddressKind kind) implements Type {
        @Override
        public String describe() {
            return kind.words;
        }

        @Override
        public Optional<Object> decode(Value value, Located where, DiagnosticSink problems) {
            return Types.address(value, where, problems, kind).map(c -> c);
        }
    }

    /** A port (number or string) or a range "8000-8100". */
    record Ports(boolean ranges) implements Type {
        @Override
        public String describe() {
            return ranges ? "port or range (\"8000-8100\")" : "port (1–65535)";
        }

        @Override
        public Optional<Object> decode(Value value, Located where, DiagnosticSink problems) {
            return Types.ports(value, where, problems, ranges).map(p -> ranges ? p : (Object) p.first());
        }
    }

    /** One of a closed list of words. */
    record Word(List<String> words, Code code) implements Type {
        @Override
        public String describe() {
            return "one of "
                    + String.join(", ", words.stream().map(w -> "\"" + w + "\"").toList());
        }

        @Override
        public Optional<Object> decode(Value value, Located where, DiagnosticSink problems) {
            Optional<String> text = Types.string(value, where, problems, describe());
            if (text.isEmpty()) {
                return Optional.empty();
            }
            if (!words.contains(text.get())) {
                problems.error(
                        code,
                        code == Code.E0319 ? "Unknown event \"" + text.get() + "\"" : "Invalid value",
                        "\"" + text.get() + "\" is not accepted here; use " + describe() + ".",
                        where.span(),
                        DiagnosticSink.didYouMean(text.get(), words));
                return Optional.empty();
            }
            return Optional.of(text.get());
        }
    }

    // ------------------------------------------------------------------ collections

    /** A list; with {@code promote}, a single value is taken as a one-element list. */
    record ListOf(Type element, boolean promote, boolean nonEmpty) implements Type {
        @Override
        public String describe() {
            return "list of " + element.describe();
        }

        @Override
        public Optional<Object> decode(Value value, Located where, DiagnosticSink problems) {
            return Types.list(this, value, where, problems);
        }
    }

    /** An object with string keys. */
    record MapOf(Type element) implements Type {
        @Override
        public String describe() {
            return "map of " + element.describe();
        }

        @Override
        public Optional<Object> decode(Value value, Located where, DiagnosticSink problems) {
            return Types.map(this, value, where, problems);
        }
    }

    /** Types with their own syntax: interface names, URLs, emails, host:port, secrets, matches. */
    record Special(Kind kind) implements Type {
        /** The special syntaxes. */
        public enum Kind {
            INTERFACE_NAME("interface name (≤ 15 characters of A-Z a-z 0-9 _ . -)"),
            URL("http or https URL"),
            EMAIL("email address"),
            HOST_PORT("host:port"),
            SECRET("secret: a string, env(\"NAME\") or file(\"/path\")"),
            ADDRESS_MATCH("CIDR prefix, IP address or \"@ipset\""),
            PROTOCOL("IP protocol name or number (\"tcp\", \"udp\", \"icmp\", 47)"),
            ABSOLUTE_PATH("absolute path"),
            NAME("name (letters, digits, _ . -; at most 63 characters)");

            final String words;

            Kind(String words) {
                this.words = words;
            }
        }

        @Override
        public String describe() {
            return kind.words;
        }

        @Override
        public Optional<Object> decode(Value value, Located where, DiagnosticSink problems) {
            return SpecialTypes.decode(kind, value, where, problems);
        }
    }

    // ------------------------------------------------------------------ factories used by the schema

    static Type text() {
        return new Text();
    }

    static Type flag() {
        return new Flag();
    }

    static Type whole(long min, long max) {
        return new Whole(min, max);
    }

    static Type duration(String min, String max) {
        return new Span(
                DurationText.parse(min).orElseThrow(), DurationText.parse(max).orElseThrow());
    }

    static Type words(String... words) {
        return new Word(List.of(words), Code.E0308);
    }

    static Type list(Type element) {
        return new ListOf(element, false, true);
    }

    static Type listOrSingle(Type element) {
        return new ListOf(element, true, true);
    }

    static Type special(Special.Kind kind) {
        return new Special(kind);
    }

    /** Interface names are checked here so messages can say what is wrong with them. */
    static Optional<String> interfaceName(String name, Located where, DiagnosticSink problems) {
        String problem = InterfaceName.problem(name);
        if (problem != null) {
            problems.error(Code.E0312, "Invalid interface name", problem, where.span());
            return Optional.empty();
        }
        return Optional.of(name);
    }

    static Optional<HostPort> hostPort(String text, Located where, DiagnosticSink problems) {
        Optional<HostPort> hp = HostPort.parse(text);
        if (hp.isEmpty()) {
            problems.error(
                    Code.E0317,
                    "Invalid host and port",
                    "\"" + text + "\" is not host:port, as in"
                            + " \"smtp.example.com:587\" or \"127.0.0.1:8080\" (IPv6 as \"[::1]:8080\").",
                    where.span());
        }
        return hp;
    }

    static Optional<Cidr> parseCidr(String text) {
        return Cidr.parse(text);
    }

    static Optional<PortRange> parsePorts(String text) {
        return PortRange.parse(text);
    }
}
