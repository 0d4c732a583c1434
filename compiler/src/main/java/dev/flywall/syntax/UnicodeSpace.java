package dev.flywall.syntax;

/**
 * Whitespace as HCL means it for strip markers and {@code <<-} heredoc indentation: Unicode's
 * White_Space property (Go's {@code unicode.IsSpace}), which includes the no-break and
 * ideographic spaces that {@link Character#isWhitespace} leaves out.
 */
final class UnicodeSpace {

    private UnicodeSpace() {}

    static boolean isSpace(int codePoint) {
        return Character.isSpaceChar(codePoint) || codePoint >= '\t' && codePoint <= '\r' || codePoint == 0x85;
    }

    /** The length of the leading run of spaces, in chars. */
    static int leading(String text) {
        int n = 0;
        while (n < text.length() && isSpace(text.charAt(n))) {
            n++;
        }
        return n;
    }

    static String stripLeading(String text) {
        return text.substring(leading(text));
    }

    static String stripTrailing(String text) {
        int end = text.length();
        while (end > 0 && isSpace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }
}
