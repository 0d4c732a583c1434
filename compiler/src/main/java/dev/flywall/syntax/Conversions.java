package dev.flywall.syntax;

import dev.flywall.syntax.Value.BoolValue;
import dev.flywall.syntax.Value.NumberValue;
import dev.flywall.syntax.Value.ObjectValue;
import dev.flywall.syntax.Value.StringValue;
import dev.flywall.syntax.Value.TupleValue;
import java.util.Map;

/**
 * HCL's safe automatic conversions between primitive types: a string that spells a number or
 * a bool converts to it, numbers and bools convert to strings. A value that cannot convert is
 * returned unchanged, and the caller reports the mismatch.
 */
public final class Conversions {

    private Conversions() {}

    public static Value toNumber(Value v) {
        if (v instanceof StringValue s) {
            try {
                return new NumberValue(HclNumber.parse(s.value().strip()));
            } catch (NumberFormatException e) {
                return v;
            }
        }
        return v;
    }

    public static Value toBool(Value v) {
        if (v instanceof StringValue s) {
            return switch (s.value()) {
                case "true" -> Value.TRUE;
                case "false" -> Value.FALSE;
                default -> v;
            };
        }
        return v;
    }

    public static Value toStringValue(Value v) {
        return switch (v) {
            case NumberValue n -> Value.of(n.text());
            case BoolValue b -> Value.of(String.valueOf(b.value()));
            default -> v;
        };
    }

    /** HCL equality: numbers by value, collections element by element, no conversion between types. */
    public static boolean equal(Value a, Value b) {
        if (a instanceof NumberValue x && b instanceof NumberValue y) {
            return x.number().compareTo(y.number()) == 0;
        }
        if (a instanceof TupleValue x && b instanceof TupleValue y) {
            if (x.items().size() != y.items().size()) {
                return false;
            }
            for (int i = 0; i < x.items().size(); i++) {
                if (!equal(x.items().get(i), y.items().get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof ObjectValue x && b instanceof ObjectValue y) {
            if (!x.fields().keySet().equals(y.fields().keySet())) {
                return false;
            }
            for (Map.Entry<String, Value> e : x.fields().entrySet()) {
                if (!equal(e.getValue(), y.fields().get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }
}
