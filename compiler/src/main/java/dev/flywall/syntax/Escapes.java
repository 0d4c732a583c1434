package dev.flywall.syntax;

import dev.flywall.diag.Code;
import dev.flywall.diag.Diagnostic;
import dev.flywall.source.SourceFile;
import java.util.List;

/** Backslash escapes of quoted strings: {@code \n \r \t \" \\ \\uXXXX \\UXXXXXXXX}. */
final class Escapes {

    private Escapes() {}

    /**
     * Decodes the escapes of a raw literal that starts at code-point index {@code start}; an
     * invalid escape is reported and kept as written.
     */
    static String decode(String raw, int start, SourceFile source, List<Diagnostic> diagnostics) {
        if (raw.indexOf('\\') < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        int[] cps = raw.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            if (cps[i] != '\\') {
                out.appendCodePoint(cps[i]);
                continue;
            }
            int next = i + 1 < cps.length ? cps[i + 1] : -1;
            switch (next) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case '"' -> out.append('"');
                case '\\' -> out.append('\\');
                case 'u', 'U' -> {
                    int digits = next == 'u' ? 4 : 8;
                    int cp = hex(cps, i + 2, digits);
                    if (cp < 0 || !Character.isValidCodePoint(cp) || (cp >= 0xD800 && cp <= 0xDFFF)) {
                        int end = Math.min(cps.length, i + 2 + digits);
                        diagnostics.add(invalid(
                                source,
                                start + i,
                                start + end,
                                "\\" + (char) next + " must be followed by exactly " + digits
                                        + " hexadecimal digits naming a Unicode character, as in "
                                        + (next == 'u' ? "\\u00e9" : "\\U0001F600") + "."));
                        out.appendCodePoint('\\');
                        continue;
                    }
                    out.appendCodePoint(cp);
                    i += digits;
                }
                default -> {
                    diagnostics.add(invalid(
                            source,
                            start + i,
                            start + Math.min(cps.length, i + 2),
                            "The valid escapes are \\n, \\r, \\t, \\\", \\\\, \\uXXXX and \\UXXXXXXXX."
                                    + " To write a backslash, double it: \\\\."));
                    out.appendCodePoint('\\');
                    continue;
                }
            }
            i++;
        }
        return out.toString();
    }

    private static int hex(int[] cps, int from, int digits) {
        if (from + digits > cps.length) {
            return -1;
        }
        int value = 0;
        for (int k = from; k < from + digits; k++) {
            int d = Character.digit(cps[k], 16);
            if (d < 0) {
                return -1;
            }
            value = value * 16 + d;
            if (value < 0) {
                return -1;
            }
        }
        return value;
    }

    private static Diagnostic invalid(SourceFile source, int start, int end, String detail) {
        return Diagnostic.error(Code.E0111, "Invalid escape sequence", detail, source.span(start, end));
    }
}
