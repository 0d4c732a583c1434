package dev.flywall.syntax;

import dev.flywall.diag.Code;
import dev.flywall.diag.Diagnostic;
import dev.flywall.diag.DidYouMean;
import dev.flywall.source.SourceSpan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything expressions of a configuration can refer to: input variables ({@code variable}
 * blocks and {@code --var}), locals ({@code locals} blocks, evaluated lazily, cycles reported)
 * and functions. Diagnostics go to the list given at construction.
 */
public final class EvalContext {

    /** Block types that belong to the language, not to the configuration schema. */
    public static final Set<String> LANGUAGE_BLOCKS = Set.of("locals", "variable");

    private final List<Diagnostic> diagnostics;
    private final Functions functions = new Functions();
    private final Map<String, Value> variables;
    private final Map<String, Attribute> localDefinitions;
    private final Map<String, Value> localValues = new HashMap<>();
    private final Set<String> resolving = new LinkedHashSet<>();
    private final EvaluationBudget budget = new EvaluationBudget();

    private EvalContext(
            List<Diagnostic> diagnostics, Map<String, Value> variables, Map<String, Attribute> localDefinitions) {
        this.diagnostics = diagnostics;
        this.variables = variables;
        this.localDefinitions = localDefinitions;
    }

    /** A context with no variables or locals (for single expressions). */
    public static EvalContext empty(List<Diagnostic> diagnostics) {
        return new EvalContext(diagnostics, Map.of(), Map.of());
    }

    /**
     * Collects the {@code variable} and {@code locals} blocks of the files; {@code cliVars} are the
     * {@code --var name=value} pairs, which override defaults.
     */
    public static EvalContext of(List<ConfigFile> files, Map<String, String> cliVars, List<Diagnostic> diagnostics) {
        Map<String, Attribute> locals = new LinkedHashMap<>();
        for (ConfigFile file : files) {
            for (Block block : file.body().blocks("locals")) {
                collectLocals(block, locals, diagnostics);
            }
        }
        EvalContext bootstrap = new EvalContext(diagnostics, Map.of(), Map.of());
        Map<String, Value> vars = Variables.collect(files, cliVars, bootstrap, diagnostics);
        return new EvalContext(diagnostics, vars, locals);
    }

    private static void collectLocals(Block block, Map<String, Attribute> locals, List<Diagnostic> diagnostics) {
        if (!block.labels().isEmpty()) {
            diagnostics.add(Diagnostic.error(
                    Code.E0208,
                    "Invalid locals block",
                    "A locals block has no labels: write locals { name = value }.",
                    block.labels().get(0).span()));
        }
        for (BodyItem item : block.body().items()) {
            if (item instanceof Block nested) {
                diagnostics.add(Diagnostic.error(
                        Code.E0208,
                        "Invalid locals block",
                        "A locals block holds only arguments (name = value), not blocks.",
                        nested.nameSpan()));
            } else if (item instanceof Attribute a) {
                Attribute first = locals.putIfAbsent(a.name(), a);
                if (first != null) {
                    diagnostics.add(Diagnostic.error(
                            Code.E0116,
                            "Duplicate local \"" + a.name() + "\"",
                            "local." + a.name() + " is already defined at " + first.nameSpan()
                                    + ". Each local may be defined once.",
                            a.nameSpan()));
                }
            }
        }
    }

    /**
     * Evaluates an expression in this context. Once the context's {@link EvaluationBudget} is
     * spent (reported once, E0212), every expression evaluates to {@link Value#UNKNOWN}.
     */
    public Value evaluate(Expression expression) {
        return guarded(() -> withEvaluator(evaluator -> evaluator.evaluate(expression)), expression.span());
    }

    /**
     * Evaluates every local nothing has referred to yet (a used one is cached and not evaluated
     * again), so that an error or a cycle in an unused local is reported as in a used one.
     */
    public void evaluateAllLocals() {
        guarded(() -> allLocals(null), null);
    }

    /** Runs an evaluation within the budget and the stack, either reported as a diagnostic when exceeded. */
    private Value guarded(java.util.function.Supplier<Value> evaluation, SourceSpan where) {
        if (budget.exhausted()) {
            return Value.UNKNOWN;
        }
        return DeepStack.call(() -> {
            try {
                return evaluation.get();
            } catch (EvaluationBudget.Exhausted e) {
                diagnostics.add(Diagnostic.error(
                        Code.E0212,
                        "Evaluation too large",
                        "Evaluating the expressions"
                                + " of this configuration takes more than "
                                + String.format("%,d", EvaluationBudget.LIMIT)
                                + " steps (each expression evaluated, each element of the values built and every "
                                + EvaluationBudget.CHARS_PER_UNIT + " characters of their strings count), so it stopped"
                                + " here. Build smaller lists and strings: fewer or smaller nested for expressions,"
                                + " range() calls or locals that double the one before.",
                        e.where()));
                return Value.UNKNOWN;
            } catch (StackOverflowError e) {
                diagnostics.add(Diagnostic.error(
                        Code.E0117,
                        "Nesting too deep",
                        "This expression is nested too deep to"
                                + " evaluate (long chains of operators, attributes or locals). Split it, for example with"
                                + " locals.",
                        where));
                return Value.UNKNOWN;
            }
        });
    }

    /**
     * Reports a problem found while evaluating: discarded while an unchosen conditional branch is
     * evaluated, and reported once however often the expression is evaluated (a bad reference
     * inside a for expression of a million iterations is one diagnostic, not a million).
     */
    void report(Diagnostic diagnostic) {
        if (muted > 0) {
            dropped.add(diagnostic);
        } else if (reported.add(diagnostic)) {
            diagnostics.add(diagnostic);
        }
    }

    /**
     * An evaluator with no scope open, kept for the next expression: one per document instead of
     * one per attribute. A local evaluated in the middle of another expression gets its own.
     */
    private Evaluator idle;

    /** Runs {@code work} with an evaluator that has no symbols or splat items in scope. */
    private Value withEvaluator(java.util.function.Function<Evaluator, Value> work) {
        Evaluator evaluator = idle != null ? idle : new Evaluator(this);
        idle = null;
        try {
            return work.apply(evaluator);
        } finally {
            evaluator.clearScopes(); // after an exception, a scope may still be open
            idle = evaluator;
        }
    }

    /** References to unknown names already reported at their place (not while muted, as report drops those). */
    private final Set<UnknownReference> unknownReported = new HashSet<>();

    private record UnknownReference(String reference, SourceSpan span) {}

    /**
     * Whether the unknown {@code reference} at {@code span} has been reported already: a loop that
     * evaluates it a million times builds its diagnostic (and its "did you mean") once, not a
     * million times for {@link #report} to drop.
     */
    private boolean alreadyReported(String reference, SourceSpan span) {
        return muted == 0 && !unknownReported.add(new UnknownReference(reference, span));
    }

    private int muted;
    private final List<Diagnostic> dropped = new ArrayList<>();
    private final Set<Diagnostic> reported = new HashSet<>();

    /**
     * Evaluates {@code e} for its value only, dropping its diagnostics (as hclsyntax does for the
     * branch of a conditional that is not taken). Locals that fail meanwhile are not cached, so
     * a later use still reports them.
     */
    Value evaluateQuietly(Evaluator evaluator, Expression e) {
        muted++;
        try {
            return evaluator.evaluate(e);
        } finally {
            if (--muted == 0) {
                dropped.clear();
            }
        }
    }

    EvaluationBudget budget() {
        return budget;
    }

    Functions functions() {
        return functions;
    }

    Value variablesObject() {
        return new Value.ObjectValue(variables);
    }

    Value variable(String name, SourceSpan span) {
        Value v = variables.get(name);
        if (v != null) {
            return v;
        }
        if (alreadyReported("var." + name, span)) {
            return Value.UNKNOWN;
        }
        return withEvaluator(evaluator -> evaluator.error(
                Code.E0201,
                "Unknown variable \"var." + name + "\"",
                "No variable block declares \"" + name + "\". Declare it with variable \"" + name
                        + "\" { default = ... }.",
                span,
                DidYouMean.suggest(name, variables.keySet()).orElse(null)));
    }

    Value local(String name, SourceSpan span) {
        Value cached = localValues.get(name);
        if (cached != null) {
            return cached;
        }
        Attribute definition = localDefinitions.get(name);
        if (definition == null) {
            if (alreadyReported("local." + name, span)) {
                return Value.UNKNOWN;
            }
            return withEvaluator(evaluator -> evaluator.error(
                    Code.E0201,
                    "Unknown local \"local." + name + "\"",
                    "No locals block defines \"" + name + "\".",
                    span,
                    DidYouMean.suggest(name, localDefinitions.keySet()).orElse(null)));
        }
        if (!resolving.add(name)) {
            List<String> cycle = new ArrayList<>(resolving);
            cycle = cycle.subList(cycle.indexOf(name), cycle.size());
            report(Diagnostic.error(
                    Code.E0207,
                    "Cyclic reference in locals",
                    "local." + String.join(" → local.", cycle) + " → local." + name
                            + " refer to each other in a cycle, so none of them has a value.",
                    definition.nameSpan()));
            if (muted == 0) {
                localValues.put(name, Value.UNKNOWN);
            }
            return Value.UNKNOWN;
        }
        try {
            int droppedBefore = dropped.size();
            Value value = withEvaluator(evaluator -> evaluator.evaluate(definition.value()));
            if (dropped.size() > droppedBefore) {
                return value; // its diagnostics were dropped: evaluate it again where they count
            }
            localValues.putIfAbsent(name, value);
            return localValues.get(name);
        } finally {
            resolving.remove(name);
        }
    }

    Value allLocals(SourceSpan span) {
        Map<String, Value> all = new LinkedHashMap<>();
        for (String name : localDefinitions.keySet()) {
            all.put(name, local(name, span));
        }
        return new Value.ObjectValue(all);
    }

    String suggestRoot(String name) {
        return DidYouMean.suggest(name, List.of("var", "local")).orElse(null);
    }
}
