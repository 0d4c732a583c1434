package dev.flywall.plan;

import dev.flywall.model.Config;
import dev.flywall.source.SourceSpan;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a rule's provenance comment ({@code "policy_route work-vpn"}, {@code "uplink eth0"},
 * {@code "uplink_group default"}, {@code "ipset streaming"}) back to the configuration block it
 * came from, so that an error nft reports while applying points at the configuration, not at the
 * generated text.
 */
public final class Provenance {

    private static final Pattern COMMENT =
            Pattern.compile("(policy_route|uplink_group|uplink|ipset) ([A-Za-z0-9_.-]+).*");

    private Provenance() {}

    public static Optional<SourceSpan> resolve(String comment, Config config) {
        Matcher m = COMMENT.matcher(comment);
        if (!m.matches()) {
            return Optional.empty();
        }
        String name = m.group(2);
        return switch (m.group(1)) {
            case "policy_route" ->
                config.policyRoutes().stream()
                        .filter(r -> r.name().equals(name))
                        .findFirst()
                        .map(r -> r.span());
            case "uplink_group" -> config.group(name).map(g -> g.span());
            case "uplink" ->
                config.iface(name).map(i -> i.wan().map(w -> w.span()).orElse(i.span()));
            default -> config.ipset(name).map(s -> s.span());
        };
    }

    /** The provenance comment of an nft error message line such as {@code ... comment "policy_route x"}. */
    public static Optional<String> commentIn(String nftLine) {
        Matcher m = Pattern.compile("comment \"([^\"]*)\"").matcher(nftLine);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
