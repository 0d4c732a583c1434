package dev.flywall.decode;

import java.util.Objects;

/**
 * One argument of a block in the schema: its name, type, whether it is required, its default
 * (as a decoded value, and as the text the reference documentation shows) and its documentation.
 */
public record AttributeSpec(
        String name, Type type, boolean required, Object defaultValue, String defaultText, String doc) {

    public AttributeSpec {
        Objects.requireNonNull(name);
        Objects.requireNonNull(type);
        Objects.requireNonNull(doc);
        if (required && defaultValue != null) {
            throw new IllegalArgumentException(name + ": a required argument has no default");
        }
    }

    static AttributeSpec required(String name, Type type, String doc) {
        return new AttributeSpec(name, type, true, null, null, doc);
    }

    static AttributeSpec optional(String name, Type type, String doc) {
        return new AttributeSpec(name, type, false, null, null, doc);
    }

    /** An optional argument whose default is given as the text a user would write. */
    static AttributeSpec withDefault(String name, Type type, Object value, String text, String doc) {
        return new AttributeSpec(name, type, false, value, text, doc);
    }
}
