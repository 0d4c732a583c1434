package dev.flywall.syntax;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ways to damage a configuration text, each driven by a {@link Random} so that a seed reproduces
 * the damage exactly. Token-level kinds cut the text into rough HCL tokens (names, numbers,
 * strings, whitespace runs, single characters); character-level kinds work on UTF-16 units, so
 * they may split a surrogate pair on purpose.
 */
enum SourceMutation {
    DELETE_CHAR,
    DELETE_TOKEN,
    DUPLICATE_CHAR,
    DUPLICATE_TOKEN,
    SWAP_TOKENS,
    TRUNCATE,
    INSERT_RAW_CHARS,
    INSERT_FRAGMENT,
    STACKED;

    private static final Pattern TOKEN =
            Pattern.compile("[\\p{L}_][\\w-]*|\\d+(?:\\.\\d+)?|\"(?:\\\\.|[^\"\\\\\\n])*\"|\\s+|.", Pattern.DOTALL);

    /** Characters that tend to break lexers: controls, NUL, lone surrogates, BOM, separators. */
    private static final char[] RAW = {
        '\0', '\u0001', '\u0007', '\b', '\t', '\n', '\u000b', '\f', '\r', '\u001b', '\u007f', '\u0085', '\u00a0',
        '\u2028', '\u2029', '\ufeff', '\ufffd', '\uffff', '\ud800', '\udbff', '\udc00', '\udfff', '"', '\\', '{', '}',
        '$', '%'
    };

    /** Fragments that open or close constructs: quotes, brackets, interpolations, heredocs. */
    private static final String[] FRAGMENTS = {
        "\"",
        "{",
        "}",
        "[",
        "]",
        "(",
        ")",
        "${",
        "%{",
        "$${",
        "<<EOT\n",
        "<<-EOT\n",
        "\nEOT\n",
        "<<",
        "\\",
        "/*",
        "*/",
        "#",
        "//",
        "\n",
        "\r",
        "\r\n",
        "=",
        ",",
        "...",
        "=>",
        "?",
        ":",
        "::",
        "for x in ",
        "[for x in ",
        "%{ if true }",
        "%{ endif }",
        "%{ for x in y }",
        "${x",
        "\"${",
        "}\"",
        "'",
        ";",
        "1e",
        "1.",
        "0x1F",
        "99999999999999999999999999",
        ".*",
        "[*]",
        "-",
        "!",
        "\\u",
        "\\U0011FFFF",
        "\\ud800",
        "~}",
        "${~",
        "a = ",
        "b {",
        "\"\\",
        "null",
        "true.false",
        "e9999999999",
        "e2147483647",
        "e-2147483648",
        "f::",
        "[*].",
        ".0.1",
        "<<\uD835\uDC00\n"
    };

    /** The text with this kind of damage, chosen by random. */
    String apply(String text, Random random) {
        return switch (this) {
            case DELETE_CHAR -> text.isEmpty() ? text : splice(text, random.nextInt(text.length()), 1, "");
            case DELETE_TOKEN -> tokens(text, random, (tokens, i) -> tokens.remove(i));
            case DUPLICATE_CHAR -> duplicateChar(text, random);
            case DUPLICATE_TOKEN -> tokens(text, random, (tokens, i) -> tokens.add(i, tokens.get(i)));
            case SWAP_TOKENS -> tokens(text, random, (tokens, i) -> swap(tokens, i, random));
            case TRUNCATE -> text.substring(0, random.nextInt(text.length() + 1));
            case INSERT_RAW_CHARS -> insertRaw(text, random);
            case INSERT_FRAGMENT ->
                splice(text, random.nextInt(text.length() + 1), 0, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
            case STACKED -> stacked(text, random);
        };
    }

    private static String duplicateChar(String text, Random random) {
        if (text.isEmpty()) {
            return text;
        }
        int at = random.nextInt(text.length());
        return splice(text, at, 0, text.substring(at, at + 1));
    }

    private static String insertRaw(String text, Random random) {
        StringBuilder inserted = new StringBuilder();
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            inserted.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x10000) : RAW[random.nextInt(RAW.length)]);
        }
        return splice(text, random.nextInt(text.length() + 1), 0, inserted.toString());
    }

    private static String stacked(String text, Random random) {
        String out = text;
        int steps = 2 + random.nextInt(3);
        for (int i = 0; i < steps; i++) {
            out = values()[random.nextInt(STACKED.ordinal())].apply(out, random);
        }
        return out;
    }

    private static void swap(List<String> tokens, int i, Random random) {
        int j = random.nextBoolean() ? Math.min(i + 1, tokens.size() - 1) : random.nextInt(tokens.size());
        String t = tokens.get(i);
        tokens.set(i, tokens.get(j));
        tokens.set(j, t);
    }

    /** An edit of one token in the list of tokens, picked at random. */
    private interface TokenEdit {
        void edit(List<String> tokens, int index);
    }

    private static String tokens(String text, Random random, TokenEdit edit) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            tokens.add(m.group());
        }
        if (tokens.isEmpty()) {
            return text;
        }
        edit.edit(tokens, random.nextInt(tokens.size()));
        return String.join("", tokens);
    }

    private static String splice(String text, int at, int remove, String insert) {
        return text.substring(0, at) + insert + text.substring(at + remove);
    }
}
