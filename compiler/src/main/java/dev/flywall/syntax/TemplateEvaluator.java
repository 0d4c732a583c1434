package dev.flywall.syntax;

import dev.flywall.diag.Code;
import dev.flywall.syntax.Value.BoolValue;
import dev.flywall.syntax.Value.StringValue;
import dev.flywall.syntax.Value.Unknown;
import java.util.List;
import java.util.Map;

/** Renders template parts to a string value. */
final class TemplateEvaluator {

    private final Evaluator evaluator;
    private boolean unknown;

    TemplateEvaluator(Evaluator evaluator) {
        this.evaluator = evaluator;
    }

    Value evaluate(List<TemplatePart> parts) {
        // "${x}" alone is x itself, with its type (as in HCL)
        if (parts.size() == 1 && parts.get(0) instanceof TemplatePart.Interpolation only) {
            return evaluator.evaluate(only.expression());
        }
        if (parts.size() == 1 && parts.get(0) instanceof TemplatePart.Literal l) {
            // one literal (most strings): its text as it is, without a copy through a StringBuilder
            evaluator.budget().chargeChars(l.text().length(), l.span());
            return Value.of(l.text());
        }
        StringBuilder out = new StringBuilder();
        render(parts, out);
        return unknown ? Value.UNKNOWN : Value.of(out.toString());
    }

    private void render(List<TemplatePart> parts, StringBuilder out) {
        for (TemplatePart part : parts) {
            switch (part) {
                case TemplatePart.Literal l -> {
                    evaluator.budget().chargeChars(l.text().length(), l.span());
                    out.append(l.text());
                }
                case TemplatePart.Interpolation i -> append(evaluator.evaluate(i.expression()), i, out);
                case TemplatePart.If f -> renderIf(f, out);
                case TemplatePart.For f -> renderFor(f, out);
            }
        }
    }

    private void append(Value v, TemplatePart.Interpolation where, StringBuilder out) {
        Value s = Conversions.toStringValue(v);
        switch (s) {
            case StringValue str -> {
                evaluator.budget().chargeChars(str.value().length(), where.span());
                out.append(str.value());
            }
            case Unknown u -> unknown = true;
            case Value.Deferred d -> {
                unknown = true;
                evaluator.error(
                        Code.E0204,
                        "Invalid template interpolation",
                        d.display()
                                + " is read when flywall runs, so it can only be the whole value of a secret argument,"
                                + " not part of a string.",
                        where.span(),
                        null);
            }
            default -> {
                unknown = true;
                evaluator.error(
                        Code.E0204,
                        "Invalid template interpolation",
                        "Cannot include " + s.described()
                                + " in a string: only strings, numbers and bools can be interpolated.",
                        where.expression().span(),
                        null);
            }
        }
    }

    private void renderIf(TemplatePart.If f, StringBuilder out) {
        Value cond = Conversions.toBool(evaluator.evaluate(f.condition()));
        if (cond instanceof BoolValue b) {
            render(b.value() ? f.then() : f.otherwise(), out);
        } else if (cond instanceof Unknown) {
            unknown = true;
        } else {
            unknown = true;
            evaluator.error(
                    Code.E0204,
                    "Invalid condition",
                    "The condition of %{if} must be true or false, not " + cond.described() + ".",
                    f.condition().span(),
                    null);
        }
    }

    private void renderFor(TemplatePart.For f, StringBuilder out) {
        Value coll = evaluator.evaluate(f.collection());
        ForEvaluator.Iteration iteration =
                ForEvaluator.iterate(evaluator, coll, f.collection().span());
        if (iteration == null) {
            unknown = true;
            return;
        }
        for (int i = 0; i < iteration.keys().size(); i++) {
            Map<String, Value> frame = ForEvaluator.frame(
                    f.keyVar(),
                    f.valueVar(),
                    iteration.keys().get(i),
                    iteration.values().get(i));
            evaluator.withSymbols(frame, () -> {
                render(f.body(), out);
                return Value.NULL;
            });
        }
    }
}
