package dev.flywall.syntax;

import dev.flywall.syntax.Value.NumberValue;
import dev.flywall.syntax.Value.ObjectValue;
import dev.flywall.syntax.Value.StringValue;
import dev.flywall.syntax.Value.TupleValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The type of a value as HCL's type system (cty) sees it, for unifying the two results of a
 * conditional the way hclsyntax does: a number or bool meeting a string becomes a string, tuples
 * and objects unify element by element, and when their lengths or attribute names differ they
 * unify as a list or map of one element type. What cannot unify has no common type.
 */
sealed interface ResultType {

    /** null, or a value that already failed: converts to anything. */
    record Dynamic() implements ResultType {}

    record Primitive(String name) implements ResultType {}

    record Tuple(List<ResultType> elements) implements ResultType {}

    record ListOf(ResultType element) implements ResultType {}

    record ObjectOf(Map<String, ResultType> attributes) implements ResultType {}

    record MapOf(ResultType element) implements ResultType {}

    ResultType DYNAMIC = new Dynamic();
    Primitive STRING = new Primitive("string");

    static ResultType of(Value value) {
        return switch (value) {
            case Value.NullValue n -> DYNAMIC;
            case Value.Unknown u -> DYNAMIC;
            case Value.Deferred d -> STRING; // a string when flywall runs
            case TupleValue t ->
                new Tuple(t.items().stream().map(ResultType::of).toList());
            case ObjectValue o -> {
                Map<String, ResultType> attributes = new TreeMap<>();
                o.fields().forEach((k, v) -> attributes.put(k, of(v)));
                yield new ObjectOf(attributes);
            }
            default -> new Primitive(value.typeName());
        };
    }

    /** The common type of a and b, or null when there is none. */
    static ResultType unify(ResultType a, ResultType b) {
        if (a instanceof Dynamic || a.equals(b)) {
            return b;
        }
        if (b instanceof Dynamic) {
            return a;
        }
        return switch (a) {
            case Primitive p when b instanceof Primitive q -> p.equals(STRING) || q.equals(STRING) ? STRING : null;
            case Tuple t
            when b instanceof Tuple u && t.elements().size() == u.elements().size() -> {
                List<ResultType> elements = new ArrayList<>();
                for (int i = 0; i < t.elements().size(); i++) {
                    elements.add(unify(t.elements().get(i), u.elements().get(i)));
                }
                yield elements.contains(null) ? null : new Tuple(elements);
            }
            case ObjectOf o
            when b instanceof ObjectOf p
                    && o.attributes().keySet().equals(p.attributes().keySet()) -> {
                Map<String, ResultType> attributes = new TreeMap<>();
                o.attributes()
                        .forEach((k, t) ->
                                attributes.put(k, unify(t, p.attributes().get(k))));
                yield attributes.containsValue(null) ? unifyAsCollection(a, b) : new ObjectOf(attributes);
            }
            default -> unifyAsCollection(a, b);
        };
    }

    /** Tuples and lists as a list, objects and maps as a map, of one element type. */
    private static ResultType unifyAsCollection(ResultType a, ResultType b) {
        List<ResultType> elements = new ArrayList<>();
        boolean lists = addElements(a, elements, true) && addElements(b, elements, true);
        boolean maps = !lists && addElements(a, elements, false) && addElements(b, elements, false);
        if (!lists && !maps) {
            return null;
        }
        ResultType element = DYNAMIC;
        for (ResultType e : elements) {
            element = unify(element, e);
            if (element == null) {
                return null;
            }
        }
        return lists ? new ListOf(element) : new MapOf(element);
    }

    private static boolean addElements(ResultType t, List<ResultType> into, boolean sequence) {
        switch (t) {
            case Tuple tuple when sequence -> into.addAll(tuple.elements());
            case ListOf list when sequence -> into.add(list.element());
            case ObjectOf object
            when !sequence -> into.addAll(object.attributes().values());
            case MapOf map when !sequence -> into.add(map.element());
            default -> {
                into.clear();
                return false;
            }
        }
        return true;
    }

    /** Why two types that do not unify differ, in one sentence (as hclsyntax words it). */
    static String mismatch(ResultType whenTrue, ResultType whenFalse) {
        if (whenTrue instanceof Tuple t
                && whenFalse instanceof Tuple f
                && t.elements().size() != f.elements().size()) {
            return "The 'true' list has length " + t.elements().size() + ", but the 'false' list has length "
                    + f.elements().size() + ".";
        }
        if (whenTrue instanceof ObjectOf t && whenFalse instanceof ObjectOf f) {
            String absent = absentAttribute(t, f, "'true'", "'false'");
            return absent != null
                    ? absent
                    : absentAttribute(f, t, "'false'", "'true'") != null
                            ? absentAttribute(f, t, "'false'", "'true'")
                            : DEEP_MISMATCH;
        }
        if (whenTrue.getClass() != whenFalse.getClass() || whenTrue instanceof Primitive) {
            return "The 'true' value is " + name(whenTrue) + ", but the 'false' value is " + name(whenFalse) + ".";
        }
        return DEEP_MISMATCH;
    }

    String DEEP_MISMATCH = "At least one nested attribute or element is not compatible across both the 'true' and"
            + " the 'false' value.";

    private static String absentAttribute(ObjectOf in, ObjectOf other, String inName, String otherName) {
        for (String name : in.attributes().keySet()) {
            if (!other.attributes().containsKey(name)) {
                return "The " + inName + " value includes object attribute \"" + name + "\", which is absent in the "
                        + otherName + " value.";
            }
        }
        return null;
    }

    private static String name(ResultType type) {
        return switch (type) {
            case Primitive p -> p.name();
            case Tuple t -> "list";
            case ListOf l -> "list";
            case ObjectOf o -> "object";
            case MapOf m -> "map";
            case Dynamic d -> "null";
        };
    }

    /** The value converted to this type (which unification chose, so the conversion exists). */
    default Value convert(Value value) {
        return switch (this) {
            case Primitive p
            when p.equals(STRING) && !(value instanceof StringValue) ->
                value instanceof NumberValue || value instanceof Value.BoolValue
                        ? Conversions.toStringValue(value)
                        : value;
            case Tuple t
            when value instanceof TupleValue v -> {
                List<Value> items = new ArrayList<>();
                for (int i = 0; i < v.items().size(); i++) {
                    items.add(t.elements().get(i).convert(v.items().get(i)));
                }
                yield new TupleValue(items);
            }
            case ListOf l
            when value instanceof TupleValue v ->
                new TupleValue(v.items().stream().map(l.element()::convert).toList());
            case ObjectOf o when value instanceof ObjectValue v -> convertFields(v, o.attributes(), null);
            case MapOf m when value instanceof ObjectValue v -> convertFields(v, Map.of(), m.element());
            default -> value;
        };
    }

    private static Value convertFields(ObjectValue value, Map<String, ResultType> types, ResultType each) {
        Map<String, Value> fields = new LinkedHashMap<>();
        value.fields().forEach((k, v) -> fields.put(k, (each != null ? each : types.get(k)).convert(v)));
        return new ObjectValue(fields);
    }
}
