package dev.flywall.bundle;

import java.util.Arrays;
import java.util.function.Function;

/** Reads an enum constant by its word in the bundle, naming the allowed words when it is none. */
final class Words {

    private Words() {}

    static <E extends Enum<E>> E of(Class<E> type, String word, Function<E, String> wordOf, String what) {
        for (E e : type.getEnumConstants()) {
            if (wordOf.apply(e).equals(word)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " \"" + word + "\" (one of "
                + String.join(
                        ", ", Arrays.stream(type.getEnumConstants()).map(wordOf).toList()) + ")");
    }
}
