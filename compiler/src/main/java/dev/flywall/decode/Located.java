package dev.flywall.decode;

import dev.flywall.source.SourceSpan;
import dev.flywall.syntax.Expression;

/**
 * Where a value was written: the expression (when there is one) and its span, so that an error
 * in the third element of a list points at that element, not at the whole argument.
 */
record Located(Expression expression, SourceSpan span) {

    static Located of(Expression expression) {
        return new Located(expression, expression.span());
    }

    /** The i-th element of a list written literally, or this whole value otherwise. */
    Located element(int i) {
        if (expression instanceof Expression.Tuple t && i < t.items().size()) {
            return of(t.items().get(i));
        }
        return this;
    }

    /** The value of the object element with this key, if written literally. */
    Located field(String key) {
        if (expression instanceof Expression.ObjectCons o) {
            for (Expression.ObjectItem item : o.items()) {
                if (item.key() instanceof Expression.Variable v && v.name().equals(key)
                        || item.key() instanceof Expression.Template t
                                && t.literal().filter(key::equals).isPresent()) {
                    return of(item.value());
                }
            }
        }
        return this;
    }
}
