package dev.flywall.syntax;

import dev.flywall.source.SourceSpan;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The value of an evaluated expression: HCL's types string, number, bool, null, tuple, object. */
public sealed interface Value {

    /** The type as HCL names it in messages: "string", "number", "bool", "null", "list", "object". */
    String typeName();

    /** The type with an article, for messages: "a string", "an object", "null". */
    default String described() {
        String t = typeName();
        if (this instanceof NullValue) {
            return "null";
        }
        return ("aeiou".indexOf(t.charAt(0)) >= 0 ? "an " : "a ") + t;
    }

    /** {@code text} with its first letter in upper case. */
    static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** A string, always in Unicode NFC (as cty's strings are), so equal text compares equal. */
    record StringValue(String value) implements Value {
        public StringValue {
            value = isAscii(Objects.requireNonNull(value))
                    ? value // ASCII is NFC
                    : java.text.Normalizer.normalize(value, java.text.Normalizer.Form.NFC);
        }

        private static boolean isAscii(String text) {
            for (int i = 0, n = text.length(); i < n; i++) {
                if (text.charAt(i) >= 0x80) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String typeName() {
            return "string";
        }
    }

    record NumberValue(HclNumber number) implements Value {
        public NumberValue {
            Objects.requireNonNull(number);
        }

        public NumberValue(BigDecimal value) {
            this(HclNumber.of(value));
        }

        /** The value as a {@link BigDecimal}, for arithmetic (see {@link HclNumber} on why it is made on demand). */
        public BigDecimal value() {
            return number.decimal();
        }

        @Override
        public String typeName() {
            return "number";
        }

        /** The canonical text: no trailing zeros, plain notation unless the exponent is huge. */
        public String text() {
            return number.text();
        }

        /** The value as an int when it is a whole number in int range. */
        public java.util.OptionalInt intValue() {
            return number.intValue();
        }
    }

    record BoolValue(boolean value) implements Value {
        @Override
        public String typeName() {
            return "bool";
        }
    }

    record NullValue() implements Value {
        @Override
        public String typeName() {
            return "null";
        }
    }

    record TupleValue(List<Value> items) implements Value {
        public TupleValue {
            items = List.copyOf(items);
        }

        @Override
        public String typeName() {
            return "list";
        }
    }

    /** An object; keys keep their insertion order. */
    record ObjectValue(Map<String, Value> fields) implements Value {
        public ObjectValue {
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        @Override
        public String typeName() {
            return "object";
        }
    }

    /**
     * A value read from the host when flywall runs, never while compiling: {@code env("NAME")} or
     * {@code file("/path")}. Only secret attributes accept it, and it is printed as a reference.
     */
    record Deferred(String function, String argument, SourceSpan span) implements Value {
        @Override
        public String typeName() {
            return function + "() reference";
        }

        public String display() {
            return function + "(\"" + argument + "\")";
        }
    }

    /** The result of an expression that already failed (and was reported); absorbs everything. */
    record Unknown() implements Value {
        @Override
        public String typeName() {
            return "unknown";
        }
    }

    Value NULL = new NullValue();
    Value UNKNOWN = new Unknown();
    Value TRUE = new BoolValue(true);
    Value FALSE = new BoolValue(false);

    static Value of(String s) {
        return new StringValue(s);
    }

    static Value of(long n) {
        return new NumberValue(HclNumber.of(n));
    }

    static Value of(BigDecimal n) {
        return new NumberValue(n);
    }

    static Value of(boolean b) {
        return b ? TRUE : FALSE;
    }
}
