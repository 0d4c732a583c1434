package dev.flywall.syntax;

import dev.flywall.diag.Code;
import dev.flywall.diag.Diagnostic;
import dev.flywall.diag.DidYouMean;
import dev.flywall.source.SourceFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Input variables: {@code variable "NAME" { type, default, description, sensitive }} blocks and
 * the {@code --var NAME=VALUE} values that override their defaults.
 */
final class Variables {

    private static final Set<String> ATTRIBUTES = Set.of("type", "default", "description", "sensitive");
    private static final Set<String> PRIMITIVES = Set.of("string", "number", "bool", "any");
    private static final Set<String> COLLECTIONS = Set.of("list", "set", "map", "tuple", "object");

    private Variables() {}

    static Map<String, Value> collect(
            List<ConfigFile> files, Map<String, String> cliVars, EvalContext constants, List<Diagnostic> diagnostics) {
        Map<String, Block> blocks = new LinkedHashMap<>();
        for (ConfigFile file : files) {
            for (Block block : file.body().blocks("variable")) {
                declare(block, blocks, diagnostics);
            }
        }
        for (String name : cliVars.keySet()) {
            if (!blocks.containsKey(name)) {
                Diagnostic d = Diagnostic.error(
                        Code.E0208,
                        "Undeclared variable \"" + name + "\"",
                        "--var " + name + "=... sets a variable that no variable block declares. Declare it with"
                                + " variable \"" + name + "\" { default = ... } or remove the option.",
                        null);
                String hint = DidYouMean.suggest(name, blocks.keySet())
                        .map(s -> "did you mean \"" + s + "\"?")
                        .orElse(null);
                diagnostics.add(d.withHint(hint));
            }
        }
        Map<String, Value> values = new LinkedHashMap<>();
        blocks.forEach(
                (name, block) -> values.put(name, value(name, block, cliVars.get(name), constants, diagnostics)));
        return values;
    }

    private static void declare(Block block, Map<String, Block> blocks, List<Diagnostic> diagnostics) {
        if (block.labels().size() != 1) {
            diagnostics.add(Diagnostic.error(
                    Code.E0208,
                    "Invalid variable block",
                    "A variable block has exactly one label, its name: variable \"wan_priority\" { ... }.",
                    block.headerSpan()));
            return;
        }
        String name = block.labels().get(0).value();
        Block first = blocks.putIfAbsent(name, block);
        if (first != null) {
            diagnostics.add(Diagnostic.error(
                    Code.E0208,
                    "Duplicate variable \"" + name + "\"",
                    "The variable \"" + name + "\" is already declared at " + first.nameSpan() + ".",
                    block.labels().get(0).span()));
        }
        for (BodyItem item : block.body().items()) {
            if (item instanceof Block || !ATTRIBUTES.contains(item.name())) {
                diagnostics.add(Diagnostic.error(
                                Code.E0208,
                                "Unsupported argument in variable block",
                                "A variable block accepts type, default, description and sensitive.",
                                item.nameSpan())
                        .withHint(DidYouMean.suggest(item.name(), ATTRIBUTES)
                                .map(s -> "did you mean \"" + s + "\"?")
                                .orElse(null)));
            }
        }
    }

    private static Value value(
            String name, Block block, String given, EvalContext constants, List<Diagnostic> diagnostics) {
        String type = type(block, diagnostics);
        if (given != null) {
            return fromCli(name, given, type, diagnostics);
        }
        var dflt = block.body().attribute("default");
        if (dflt.isEmpty()) {
            diagnostics.add(Diagnostic.error(
                    Code.E0208,
                    "No value for variable \"" + name + "\"",
                    "The variable has no default, so it must be set with --var " + name + "=VALUE.",
                    block.headerSpan()));
            return Value.UNKNOWN;
        }
        return constants.evaluate(dflt.get().value());
    }

    /** The type constraint's kind: a primitive name, "collection", or "any" when absent. */
    private static String type(Block block, List<Diagnostic> diagnostics) {
        var attr = block.body().attribute("type");
        if (attr.isEmpty()) {
            return "any";
        }
        Expression e = attr.get().value();
        if (e instanceof Expression.Variable v && PRIMITIVES.contains(v.name())) {
            return v.name();
        }
        if (e instanceof Expression.FunctionCall f && COLLECTIONS.contains(f.name())) {
            return "collection";
        }
        diagnostics.add(Diagnostic.error(
                Code.E0208,
                "Invalid type constraint",
                "A variable type is string, number, bool, any, or a collection such as list(string) or"
                        + " map(number).",
                e.span()));
        return "any";
    }

    private static Value fromCli(String name, String given, String type, List<Diagnostic> diagnostics) {
        return switch (type) {
            case "string" -> Value.of(given);
            case "number", "bool" -> {
                Value v = "number".equals(type)
                        ? Conversions.toNumber(Value.of(given))
                        : Conversions.toBool(Value.of(given));
                if (v instanceof Value.StringValue) {
                    diagnostics.add(Diagnostic.error(
                            Code.E0208,
                            "Invalid value for variable \"" + name + "\"",
                            "--var " + name + "=" + given + " is not a " + type + ".",
                            null));
                    yield Value.UNKNOWN;
                }
                yield v;
            }
            // without a type: a list or map written in HCL is one; anything else is the text as typed
            // ("007" stays "007", and converts where a number is needed)
            case "any" -> {
                String text = given.strip();
                yield text.startsWith("[") || text.startsWith("{")
                        ? expression(name, given, false, diagnostics)
                        : Value.of(given);
            }
            default -> expression(name, given, true, diagnostics);
        };
    }

    /** A collection given as HCL text; for an untyped variable ({@code required} false) the text itself when it is not one. */
    private static Value expression(String name, String given, boolean required, List<Diagnostic> diagnostics) {
        SourceFile source = new SourceFile("--var " + name, "value = " + given + "\n");
        ParseResult parsed = Parser.parse(source);
        var attr = parsed.file().body().attribute("value");
        if (parsed.hasErrors() || attr.isEmpty() || parsed.file().body().items().size() != 1) {
            if (!required) {
                return Value.of(given);
            }
            diagnostics.add(Diagnostic.error(
                    Code.E0208,
                    "Invalid value for variable \"" + name + "\"",
                    "--var " + name + "=" + given + " is not a valid HCL value; write lists as [\"a\", \"b\"]"
                            + " and maps as {key = \"value\"}.",
                    null));
            return Value.UNKNOWN;
        }
        List<Diagnostic> problems = new ArrayList<>();
        Value v = EvalContext.empty(problems).evaluate(attr.get().value());
        if (!problems.isEmpty()) {
            if (!required) {
                return Value.of(given);
            }
            diagnostics.addAll(problems);
            return Value.UNKNOWN;
        }
        return v;
    }
}
