package dev.flywall.diag;

import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * "Did you mean …?" suggestions for misspelt names, in the manner of hashicorp/hcl's
 * {@code didyoumean.go}: a candidate is close enough when its Levenshtein distance to the given
 * name is less than 3.
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>a candidate equal to the given name ignoring case wins outright (the first such one),
 *       so {@code ETH0} suggests {@code eth0} although three edits apart;</li>
 *   <li>otherwise the candidate with the smallest distance below 3 wins; among equally close
 *       candidates the first in the collection's iteration order wins.</li>
 * </ol>
 * Distances count Unicode code points, not UTF-16 units. An empty given name suggests nothing
 * (every short candidate would be "close" to it); null candidates are skipped.
 */
public final class DidYouMean {

    /** Distances from this value up are too far apart to be a typo. */
    private static final int MAX_DISTANCE = 3;

    /** How every "did you mean" hint starts and ends: {@code did you mean "eth0"?}. */
    private static final String HINT_START = "did you mean \"";

    private static final String HINT_END = "\"?";

    private DidYouMean() {}

    /** The candidate the user most likely meant by {@code given}, if any is close enough. */
    public static Optional<String> suggest(String given, Collection<String> candidates) {
        Objects.requireNonNull(given, "given");
        Objects.requireNonNull(candidates, "candidates");
        if (given.isEmpty()) {
            return Optional.empty();
        }
        for (String candidate : candidates) {
            if (candidate != null && candidate.equalsIgnoreCase(given)) {
                return Optional.of(candidate);
            }
        }
        String best = null;
        int bestDistance = MAX_DISTANCE;
        for (String candidate : candidates) {
            if (candidate == null) {
                continue;
            }
            int distance = distance(given, candidate);
            // strictly less: an equally close later candidate never displaces an earlier one
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The name a diagnostic's "did you mean" hint suggests ({@code did you mean "eth0"?}, the one
     * shape every such hint has), for tools that offer it as a fix: the language server's quick fix.
     */
    public static Optional<String> suggestion(Diagnostic diagnostic) {
        for (String hint : diagnostic.hints()) {
            if (hint.startsWith(HINT_START) && hint.endsWith(HINT_END) && hint.length() > HINT_START.length() + 1) {
                return Optional.of(hint.substring(HINT_START.length(), hint.length() - HINT_END.length()));
            }
        }
        return Optional.empty();
    }

    /** The Levenshtein distance between two strings, counted in code points. */
    static int distance(String a, String b) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        int[] previous = new int[y.length + 1];
        int[] current = new int[y.length + 1];
        for (int j = 0; j <= y.length; j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= x.length; i++) {
            current[0] = i;
            for (int j = 1; j <= y.length; j++) {
                int substitution = previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[y.length];
    }
}
