package dev.flywall.plan;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * nft identifiers for configuration names. Names are validated by the front end
 * ({@code [A-Za-z0-9_][A-Za-z0-9_.-]*}); nft identifiers are safest as {@code [a-z0-9_]}, so
 * other characters become {@code _} and a collision gets a numeric suffix. Deterministic: the
 * same names in the same order give the same identifiers.
 */
final class NftNames {

    private final Set<String> used = new HashSet<>();
    private final Map<String, String> assigned = new HashMap<>();

    /** The identifier for {@code name} with {@code prefix} ("grp_", "set_", ...). */
    String of(String prefix, String name) {
        return assigned.computeIfAbsent(prefix + "\0" + name, k -> fresh(prefix, name));
    }

    private String fresh(String prefix, String name) {
        StringBuilder base = new StringBuilder(prefix);
        for (char c : name.toCharArray()) {
            base.append(c < 128 && (Character.isLetterOrDigit(c) || c == '_') ? Character.toLowerCase(c) : '_');
        }
        String candidate = base.toString();
        for (int n = 2; !used.add(candidate); n++) {
            candidate = base + "_" + n;
        }
        return candidate;
    }
}
