package dev.flywall.syntax;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code <<-} heredoc rule (hclsyntax): the smallest indentation of the non-blank lines is
 * removed from every non-blank line; blank lines (only whitespace) keep their text. Indentation
 * is any Unicode whitespace ({@link UnicodeSpace}), tabs included, one character each. A line
 * that starts with an interpolation or directive has indentation zero.
 */
final class HeredocIndent {

    private HeredocIndent() {}

    static List<TemplatePart> flush(List<TemplatePart> parts) {
        int min = Integer.MAX_VALUE;
        boolean lineStart = true;
        for (TemplatePart part : parts) {
            if (part instanceof TemplatePart.Literal lit) {
                String[] lines = lit.text().split("\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    boolean startsLine = i > 0 || lineStart;
                    boolean isLast = i == lines.length - 1;
                    if (startsLine && !isBlank(lines[i])) {
                        min = Math.min(min, indent(lines[i]));
                    } else if (startsLine && isLast && !lines[i].isEmpty()) {
                        // whitespace before an interpolation on the same line counts as indentation
                        min = Math.min(min, lines[i].length());
                    }
                }
                lineStart = lit.text().endsWith("\n");
            } else {
                if (lineStart) {
                    min = 0;
                }
                lineStart = false;
            }
        }
        if (min == Integer.MAX_VALUE || min == 0) {
            return parts;
        }
        return strip(parts, min);
    }

    private static List<TemplatePart> strip(List<TemplatePart> parts, int min) {
        List<TemplatePart> out = new ArrayList<>();
        boolean lineStart = true;
        for (TemplatePart part : parts) {
            if (part instanceof TemplatePart.Literal lit) {
                String[] lines = lit.text().split("\n", -1);
                StringBuilder text = new StringBuilder();
                for (int i = 0; i < lines.length; i++) {
                    String line = lines[i];
                    boolean blank = isBlank(line) && i < lines.length - 1;
                    if ((i > 0 || lineStart) && !blank) {
                        line = line.substring(Math.min(min, indent(line)));
                    }
                    text.append(i > 0 ? "\n" : "").append(line);
                }
                lineStart = lit.text().endsWith("\n");
                if (!text.isEmpty()) {
                    out.add(new TemplatePart.Literal(text.toString(), lit.span()));
                }
            } else {
                out.add(part);
                lineStart = false;
            }
        }
        return out;
    }

    private static int indent(String line) {
        return UnicodeSpace.leading(line);
    }

    private static boolean isBlank(String line) {
        return indent(line) == line.length();
    }
}
