package dev.flywall.decode;

import dev.flywall.diag.Code;
import dev.flywall.diag.DiagnosticSink;
import dev.flywall.model.PolicyRoute;
import dev.flywall.model.Secret;
import dev.flywall.syntax.Value;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Decoding of {@link Type.Special} kinds. */
final class SpecialTypes {

    private static final Pattern EMAIL =
            Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");
    /** The same rule as block names (Kind.NAME), so every ipset can be referenced. */
    private static final Pattern SET_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}");

    /** Protocols by name as nft knows them (/etc/protocols names) and their numbers. */
    static final Map<String, Integer> PROTOCOLS = new java.util.TreeMap<>(Map.ofEntries(
            Map.entry("icmp", 1),
            Map.entry("igmp", 2),
            Map.entry("tcp", 6),
            Map.entry("udp", 17),
            Map.entry("gre", 47),
            Map.entry("esp", 50),
            Map.entry("ah", 51),
            Map.entry("icmpv6", 58),
            Map.entry("ipv6-icmp", 58),
            Map.entry("ospf", 89),
            Map.entry("sctp", 132),
            Map.entry("udplite", 136),
            Map.entry("dccp", 33),
            Map.entry("l2tp", 115),
            Map.entry("vrrp", 112),
            Map.entry("pim", 103)));

    private SpecialTypes() {}

    static Optional<Object> decode(Type.Special.Kind kind, Value value, Located where, DiagnosticSink problems) {
        if (kind == Type.Special.Kind.SECRET) {
            return secret(value, where, problems);
        }
        if (kind == Type.Special.Kind.PROTOCOL && value instanceof Value.NumberValue n) {
            return protocol(n.text(), where, problems);
        }
        Optional<String> text = Types.string(value, where, problems, "a " + kind.words);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String s = text.get();
        return switch (kind) {
            case INTERFACE_NAME -> Type.interfaceName(s, where, problems).map(x -> x);
            case URL -> url(s, where, problems);
            case EMAIL -> email(s, where, problems);
            case HOST_PORT -> Type.hostPort(s, where, problems).map(x -> x);
            case ADDRESS_MATCH -> addressMatch(s, value, where, problems);
            case PROTOCOL -> protocol(s, where, problems);
            case ABSOLUTE_PATH -> absolutePath(s, where, problems);
            case NAME -> name(s, where, problems);
            case SECRET -> throw new IllegalStateException("handled above");
        };
    }

    private static Optional<Object> secret(Value value, Located where, DiagnosticSink problems) {
        if (value instanceof Value.Deferred d) {
            return Optional.of(
                    d.function().equals("env") ? new Secret.Env(d.argument()) : new Secret.File(d.argument()));
        }
        return Types.string(value, where, problems, "a secret: a string, env(\"NAME\") or file(\"/path\")")
                .map(s -> new Secret.Plain(s, where.span()));
    }

    private static Optional<Object> url(String s, Located where, DiagnosticSink problems) {
        try {
            URI uri = new URI(s);
            String scheme = uri.getScheme();
            if (("http".equals(scheme) || "https".equals(scheme))
                    && uri.getHost() != null
                    && !s.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
                return Optional.of(s);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        problems.error(
                Code.E0315,
                "Invalid URL",
                "\"" + s + "\" is not an absolute http:// or https:// URL with a"
                        + " host name, as in \"https://hooks.example.com/flywall\".",
                where.span());
        return Optional.empty();
    }

    private static Optional<Object> email(String s, Located where, DiagnosticSink problems) {
        if (EMAIL.matcher(s).matches()) {
            return Optional.of(s);
        }
        problems.error(
                Code.E0316,
                "Invalid email address",
                "\"" + s + "\" is not an email address like" + " admin@example.com.",
                where.span());
        return Optional.empty();
    }

    private static Optional<Object> addressMatch(String s, Value value, Located where, DiagnosticSink problems) {
        if (s.startsWith("@")) {
            String name = s.substring(1);
            if (!SET_NAME.matcher(name).matches()) {
                problems.error(
                        Code.E0309,
                        "Invalid address",
                        "\"" + s + "\" is not a set reference: after \"@\"" + " comes the name of an ipset block.",
                        where.span());
                return Optional.empty();
            }
            return Optional.of(new PolicyRoute.SetRef(name, where.span()));
        }
        return Types.address(value, where, problems, Type.AddressKind.PREFIX)
                .map(c -> new PolicyRoute.Prefix(c, where.span()));
    }

    private static Optional<Object> protocol(String s, Located where, DiagnosticSink problems) {
        String name = s.toLowerCase(java.util.Locale.ROOT);
        if (PROTOCOLS.containsKey(name)) {
            return Optional.of(new PolicyRoute.Protocol(
                    name.equals("ipv6-icmp") ? "icmpv6" : name, PROTOCOLS.get(name), where.span()));
        }
        if (name.matches("0|[1-9][0-9]{0,2}") && Integer.parseInt(name) <= 255) {
            int number = Integer.parseInt(name);
            String known = PROTOCOLS.entrySet().stream()
                    .filter(e -> e.getValue() == number)
                    .map(Map.Entry::getKey)
                    .sorted()
                    .findFirst()
                    .orElse(null);
            return Optional.of(new PolicyRoute.Protocol(known == null ? name : known, number, where.span()));
        }
        problems.error(
                Code.E0311,
                "Invalid protocol",
                "\"" + s + "\" is not an IP protocol. Use a name (tcp,"
                        + " udp, icmp, icmpv6, gre, esp, ah, sctp, ...) or a number 0–255.",
                where.span(),
                DiagnosticSink.didYouMean(name, PROTOCOLS.keySet()));
        return Optional.empty();
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}");

    private static Optional<Object> name(String s, Located where, DiagnosticSink problems) {
        if (NAME.matcher(s).matches()) {
            return Optional.of(s);
        }
        problems.error(
                Code.E0308,
                "Invalid name",
                "\"" + s + "\" is not a valid name: use letters, digits, \"_\","
                        + " \".\" and \"-\" (not first), at most 63 characters.",
                where.span());
        return Optional.empty();
    }

    private static Optional<Object> absolutePath(String s, Located where, DiagnosticSink problems) {
        if (s.startsWith("/") && !s.contains("\0") && !s.contains("\n")) {
            return Optional.of(s);
        }
        problems.error(
                Code.E0303,
                "Incorrect value type",
                "Expected an absolute path starting with \"/\", but got \"" + s + "\".",
                where.span());
        return Optional.empty();
    }
}
