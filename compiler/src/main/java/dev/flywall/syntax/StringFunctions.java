package dev.flywall.syntax;

import dev.flywall.syntax.Value.NumberValue;
import dev.flywall.syntax.Value.StringValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** String functions: format, join, split, lower, upper, trimspace, replace, substr. */
final class StringFunctions {

    private StringFunctions() {}

    static void register(Functions f) {
        f.add(
                "format",
                "format(spec, values...)",
                "Formats values by a spec: %s (string), %d (whole number),"
                        + " %v (any primitive), %q (quoted string), %% (a percent sign).",
                StringFunctions::format);
        f.add("join", "join(separator, list)", "The strings of a list joined with a separator.", c -> {
            c.arity(2, 2);
            String sep = c.str(0);
            List<String> parts = new ArrayList<>();
            for (Value v : c.list(1)) {
                Value s = Conversions.toStringValue(v);
                if (!(s instanceof StringValue str)) {
                    throw c.fail(
                            1,
                            "Invalid function argument",
                            "join() needs a list of strings, but it holds " + v.described() + ".");
                }
                parts.add(str.value());
            }
            long length = (long) sep.length() * Math.max(0, parts.size() - 1)
                    + parts.stream().mapToLong(String::length).sum();
            c.charge(length / EvaluationBudget.CHARS_PER_UNIT);
            return Value.of(String.join(sep, parts));
        });
        f.add("split", "split(separator, string)", "A string cut at each separator into a list.", c -> {
            c.arity(2, 2);
            String sep = c.str(0);
            String s = c.str(1);
            if (sep.isEmpty()) {
                throw c.fail(0, "Invalid function argument", "The separator of split() must not be empty.");
            }
            c.charge(s.length() / sep.length() + 1);
            List<Value> out = new ArrayList<>();
            int from = 0;
            for (int at = s.indexOf(sep); at >= 0; at = s.indexOf(sep, from)) {
                out.add(Value.of(s.substring(from, at)));
                from = at + sep.length();
            }
            out.add(Value.of(s.substring(from)));
            return Functions.tuple(out);
        });
        f.add("lower", "lower(string)", "The string in lower case.", c -> {
            c.arity(1, 1);
            return Value.of(c.str(0).toLowerCase(Locale.ROOT));
        });
        f.add("upper", "upper(string)", "The string in upper case.", c -> {
            c.arity(1, 1);
            return Value.of(c.str(0).toUpperCase(Locale.ROOT));
        });
        f.add(
                "trimspace",
                "trimspace(string)",
                "The string without leading and trailing white space (every Unicode white space character,"
                        + " no-break spaces and U+0085 included), as HCL's trimspace.",
                c -> {
                    c.arity(1, 1);
                    return Value.of(trimSpace(c.str(0)));
                });
        f.add("replace", "replace(string, search, replacement)", "Every occurrence of search replaced.", c -> {
            c.arity(3, 3);
            if (c.str(1).isEmpty()) {
                throw c.fail(1, "Invalid function argument", "The search string of replace() must not be empty.");
            }
            String text = c.str(0);
            String search = c.str(1);
            String replacement = c.str(2);
            long occurrences = (text.length() - text.replace(search, "").length()) / search.length();
            c.charge((text.length() + occurrences * (replacement.length() - search.length()))
                    / EvaluationBudget.CHARS_PER_UNIT);
            return Value.of(text.replace(search, replacement));
        });
        f.add(
                "substr",
                "substr(string, offset, length)",
                "Part of a string, counted in characters;" + " length -1 means to the end.",
                StringFunctions::substr);
    }

    private static Value substr(Functions.Call c) {
        c.arity(3, 3);
        int[] cps = c.str(0).codePoints().toArray();
        int offset = c.integer(1);
        int length = c.integer(2);
        if (offset < 0) {
            offset = Math.max(0, cps.length + offset);
        }
        offset = Math.min(offset, cps.length);
        int end = length < 0 ? cps.length : (int) Math.min((long) offset + length, cps.length);
        return Value.of(new String(cps, offset, end - offset));
    }

    private static Value format(Functions.Call c) {
        c.arity(1, Integer.MAX_VALUE);
        String spec = c.str(0);
        StringBuilder out = new StringBuilder();
        int next = 1;
        for (int i = 0; i < spec.length(); i++) {
            char ch = spec.charAt(i);
            if (ch != '%') {
                out.append(ch);
                continue;
            }
            if (++i >= spec.length()) {
                throw c.fail(
                        0, "Invalid format spec", "The spec ends with a lone \"%\"; write \"%%\" for a percent sign.");
            }
            char verb = spec.charAt(i);
            if (verb == '%') {
                out.append('%');
                continue;
            }
            if (next >= c.count()) {
                throw c.fail(0, "Invalid format spec", "The spec has more %-verbs than there are values.");
            }
            out.append(verb(c, verb, next++));
        }
        if (next < c.count()) {
            throw c.fail(next, "Invalid format spec", "There are more values than %-verbs in the spec.");
        }
        return Value.of(out.toString());
    }

    private static String verb(Functions.Call c, char verb, int arg) {
        return switch (verb) {
            case 's', 'v' -> c.str(arg);
            case 'q' -> "\"" + c.str(arg).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            case 'd' -> {
                Value n = c.number(arg);
                if (!((NumberValue) n).number().isWhole()) {
                    throw c.fail(arg, "Invalid function argument", "%d needs a whole number.");
                }
                yield ((NumberValue) n).text();
            }
            default ->
                throw c.fail(0, "Invalid format spec", "Unknown verb \"%" + verb + "\"; use %s, %d, %v, %q or %%.");
        };
    }

    /**
     * {@code s} without leading and trailing white space as HCL's trimspace (Go's
     * {@code unicode.IsSpace}) has it: the Unicode White_Space characters, which include the
     * no-break spaces U+00A0 and U+202F and NEL (U+0085) that {@link String#strip()} keeps.
     */
    static String trimSpace(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.codePointAt(start))) {
            start += Character.charCount(s.codePointAt(start));
        }
        while (end > start && isSpace(s.codePointBefore(end))) {
            end -= Character.charCount(s.codePointBefore(end));
        }
        return s.substring(start, end);
    }

    /** Unicode's White_Space property (PropList.txt), which Go's unicode.IsSpace tests. */
    static boolean isSpace(int c) {
        return (c >= 0x09 && c <= 0x0d)
                || c == 0x20
                || c == 0x85
                || c == 0xa0
                || c == 0x1680
                || (c >= 0x2000 && c <= 0x200a)
                || c == 0x2028
                || c == 0x2029
                || c == 0x202f
                || c == 0x205f
                || c == 0x3000;
    }
}
