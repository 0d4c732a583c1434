package dev.flywall.syntax;

import dev.flywall.diag.Code;
import dev.flywall.source.SourceSpan;
import dev.flywall.syntax.Value.BoolValue;
import dev.flywall.syntax.Value.ObjectValue;
import dev.flywall.syntax.Value.StringValue;
import dev.flywall.syntax.Value.TupleValue;
import dev.flywall.syntax.Value.Unknown;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code for} expressions: tuples are iterated by index, objects by key in lexical order (as HCL). */
final class ForEvaluator {

    /** The keys and values a for expression or directive iterates over. */
    record Iteration(List<Value> keys, List<Value> values) {}

    private final Evaluator evaluator;

    ForEvaluator(Evaluator evaluator) {
        this.evaluator = evaluator;
    }

    static Iteration iterate(Evaluator evaluator, Value coll, SourceSpan span) {
        List<Value> keys = new ArrayList<>();
        List<Value> values = new ArrayList<>();
        switch (coll) {
            case TupleValue t -> {
                for (int i = 0; i < t.items().size(); i++) {
                    keys.add(Value.of(i));
                    values.add(t.items().get(i));
                }
            }
            case ObjectValue o ->
                new TreeMap<>(o.fields()).forEach((k, v) -> {
                    keys.add(Value.of(k));
                    values.add(v);
                });
            case Unknown u -> {
                return null;
            }
            default -> {
                evaluator.error(
                        Code.E0204,
                        "Invalid for expression",
                        "A for expression iterates over a list or" + " an object, not " + coll.described() + ".",
                        span,
                        null);
                return null;
            }
        }
        return new Iteration(keys, values);
    }

    static Map<String, Value> frame(String keyVar, String valueVar, Value key, Value value) {
        Map<String, Value> frame = new HashMap<>();
        if (keyVar != null) {
            frame.put(keyVar, key);
        }
        frame.put(valueVar, value);
        return frame;
    }

    Value evaluate(Expression.For f) {
        Iteration it = iterate(
                evaluator, evaluator.evaluate(f.collection()), f.collection().span());
        if (it == null) {
            return Value.UNKNOWN;
        }
        List<Value> tuple = new ArrayList<>();
        Map<String, Value> object = new LinkedHashMap<>();
        Map<String, List<Value>> groups = new LinkedHashMap<>();
        for (int i = 0; i < it.keys().size(); i++) {
            Map<String, Value> frame = frame(
                    f.keyVar(), f.valueVar(), it.keys().get(i), it.values().get(i));
            Value result = evaluator.withSymbols(frame, () -> element(f, tuple, object, groups));
            if (result instanceof Unknown) {
                return result;
            }
        }
        if (!f.objectResult()) {
            return new TupleValue(tuple);
        }
        if (f.grouping()) {
            groups.forEach((k, v) -> object.put(k, new TupleValue(v)));
        }
        return new ObjectValue(object);
    }

    /** One iteration; returns UNKNOWN when the whole expression failed. */
    private Value element(
            Expression.For f, List<Value> tuple, Map<String, Value> object, Map<String, List<Value>> groups) {
        if (f.condition() != null) {
            Value cond = Conversions.toBool(evaluator.evaluate(f.condition()));
            if (cond instanceof Unknown) {
                return cond;
            }
            if (!(cond instanceof BoolValue b)) {
                return evaluator.error(
                        Code.E0204,
                        "Invalid for condition",
                        "The if condition must be true or false," + " not " + cond.described() + ".",
                        f.condition().span(),
                        null);
            }
            if (!b.value()) {
                return Value.NULL;
            }
        }
        Value value = evaluator.evaluate(f.valueExpr());
        if (!f.objectResult()) {
            tuple.add(value);
            return value instanceof Unknown ? value : Value.NULL;
        }
        Value key = Conversions.toStringValue(evaluator.evaluate(f.keyExpr()));
        if (key instanceof Unknown || value instanceof Unknown) {
            return Value.UNKNOWN;
        }
        if (!(key instanceof StringValue s)) {
            return evaluator.error(
                    Code.E0204,
                    "Invalid object key",
                    "An object key must be a string, not " + key.described() + ".",
                    f.keyExpr().span(),
                    null);
        }
        if (f.grouping()) {
            groups.computeIfAbsent(s.value(), k -> new ArrayList<>()).add(value);
        } else if (object.putIfAbsent(s.value(), value) != null) {
            return evaluator.error(
                    Code.E0209,
                    "Duplicate key \"" + s.value() + "\"",
                    "Two elements produced the key \"" + s.value()
                            + "\". Add \"...\" after the value to group them into lists.",
                    f.keyExpr().span(),
                    null);
        }
        return Value.NULL;
    }
}
