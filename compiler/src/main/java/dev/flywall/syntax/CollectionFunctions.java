package dev.flywall.syntax;

import dev.flywall.syntax.Value.ObjectValue;
import dev.flywall.syntax.Value.StringValue;
import dev.flywall.syntax.Value.TupleValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Functions on lists and objects. */
final class CollectionFunctions {

    private CollectionFunctions() {}

    static void register(Functions f) {
        f.add("concat", "concat(lists...)", "The lists joined into one.", c -> {
            List<Value> out = new ArrayList<>();
            for (int i = 0; i < c.count(); i++) {
                out.addAll(c.list(i));
            }
            return Functions.tuple(out);
        });
        f.add(
                "length",
                "length(value)",
                "The number of elements of a list or object, or characters of a string.",
                c -> {
                    c.arity(1, 1);
                    return switch (c.args().get(0)) {
                        case TupleValue t -> Value.of(t.items().size());
                        case ObjectValue o -> Value.of(o.fields().size());
                        default -> Value.of(c.str(0).codePointCount(0, c.str(0).length()));
                    };
                });
        f.add("contains", "contains(list, value)", "Whether the list holds the value.", c -> {
            c.arity(2, 2);
            return Value.of(c.list(0).stream()
                    .anyMatch(v -> Conversions.equal(v, c.args().get(1))));
        });
        f.add("distinct", "distinct(list)", "The list without repeated elements (first one kept).", c -> {
            c.arity(1, 1);
            List<Value> out = new ArrayList<>();
            for (Value v : c.list(0)) {
                if (out.stream().noneMatch(o -> Conversions.equal(o, v))) {
                    out.add(v);
                }
            }
            return Functions.tuple(out);
        });
        f.add("flatten", "flatten(list)", "Nested lists replaced by their elements, recursively.", c -> {
            c.arity(1, 1);
            List<Value> out = new ArrayList<>();
            flatten(c.list(0), out);
            return Functions.tuple(out);
        });
        f.add("keys", "keys(object)", "The keys of an object, sorted.", c -> {
            c.arity(1, 1);
            return Functions.tuple(
                    new TreeMap<>(c.object(0)).keySet().stream().map(Value::of).toList());
        });
        f.add("values", "values(object)", "The values of an object, in the order of its sorted keys.", c -> {
            c.arity(1, 1);
            return Functions.tuple(List.copyOf(new TreeMap<>(c.object(0)).values()));
        });
        f.add("merge", "merge(objects...)", "The objects merged; later keys win.", c -> {
            Map<String, Value> out = new LinkedHashMap<>();
            for (int i = 0; i < c.count(); i++) {
                out.putAll(c.object(i));
            }
            return Functions.object(out);
        });
        f.add("lookup", "lookup(object, key, default)", "The object's element for key, or default.", c -> {
            c.arity(3, 3);
            Value v = c.object(0).get(c.str(1));
            return v != null ? v : c.args().get(2);
        });
        f.add("element", "element(list, index)", "The element at index, wrapping around the list.", c -> {
            c.arity(2, 2);
            List<Value> list = c.list(0);
            if (list.isEmpty()) {
                throw c.fail(0, "Invalid function argument", "element() cannot take an element of an empty list.");
            }
            int i = c.integer(1);
            if (i < 0) {
                throw c.fail(1, "Invalid function argument", "The index of element() must not be negative.");
            }
            return list.get(i % list.size());
        });
        f.add(
                "range",
                "range(limit) | range(start, limit) | range(start, limit, step)",
                "A list of numbers from start (default 0) up to but not including limit.",
                CollectionFunctions::range);
        f.add("coalesce", "coalesce(values...)", "The first value that is neither null nor an empty string.", c -> {
            for (Value v : c.args()) {
                if (!(v instanceof Value.NullValue)
                        && !(v instanceof StringValue s && s.value().isEmpty())) {
                    return v;
                }
            }
            throw c.fail(null, "Invalid function argument", "coalesce() got no value that is set.");
        });
    }

    private static void flatten(List<Value> in, List<Value> out) {
        for (Value v : in) {
            if (v instanceof TupleValue t) {
                flatten(t.items(), out);
            } else {
                out.add(v);
            }
        }
    }

    /** At most this many elements, so a typo cannot exhaust memory. */
    private static final int RANGE_LIMIT = 1_000_000;

    private static Value range(Functions.Call c) {
        c.arity(1, 3);
        int start = c.count() == 1 ? 0 : c.integer(0);
        int limit = c.count() == 1 ? c.integer(0) : c.integer(1);
        int step = c.count() == 3 ? c.integer(2) : (start <= limit ? 1 : -1);
        if (step == 0) {
            throw c.fail(2, "Invalid function argument", "The step of range() must not be zero.");
        }
        long size = Math.max(0, ((long) limit - start + step + (step > 0 ? -1 : 1)) / step);
        if (size > RANGE_LIMIT) {
            throw c.fail(
                    null,
                    "Invalid function argument",
                    "range() would make " + size + " numbers; the limit is " + RANGE_LIMIT + ".");
        }
        c.charge(size);
        List<Value> out = new ArrayList<>();
        for (long i = start; step > 0 ? i < limit : i > limit; i += step) {
            out.add(Value.of(i));
        }
        return Functions.tuple(out);
    }
}
