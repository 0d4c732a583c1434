package dev.flywall.syntax;

import static dev.flywall.grammar.HclLexer.*;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

/** How tokens are named in messages: the words a person uses, never ANTLR's token names. */
final class Tokens {

    private Tokens() {}

    static String describe(Token t) {
        return switch (t.getType()) {
            case EOF -> "end of file";
            case NEWLINE -> "newline";
            case OQUOTE -> "a quoted string";
            case CQUOTE -> "end of string";
            case HEREDOC_START -> "a heredoc";
            case IDENT -> "name \"" + t.getText() + "\"";
            case NUMBER -> "number " + t.getText();
            case TEMPLATE_LITERAL -> "text";
            case TEMPLATE_INTERP -> "\"${\"";
            case TEMPLATE_DIRECTIVE -> "\"%{\"";
            default -> "\"" + t.getText() + "\"";
        };
    }

    /** A short list such as {@code "=", "{" or a newline}; long sets collapse to a description. */
    static String describeExpected(IntervalSet expected) {
        if (expected.contains(NUMBER) && expected.contains(OQUOTE)) {
            return "an expression";
        }
        List<String> words = new ArrayList<>();
        for (int type : expected.toArray()) {
            String w = word(type);
            if (w != null && !words.contains(w)) {
                words.add(w);
            }
        }
        if (words.isEmpty()) {
            return "something else";
        }
        if (words.size() == 1) {
            return words.get(0);
        }
        return String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
    }

    private static String word(int type) {
        return switch (type) {
            case EOF -> "end of file";
            case NEWLINE -> "a newline";
            case IDENT -> "a name";
            case OQUOTE -> "a quoted string";
            case NUMBER -> "a number";
            case TRUE, FALSE, NULL, FOR, IN, IF, ELSE, ENDIF, ENDFOR -> null;
            default -> {
                String literal = VOCABULARY.getLiteralName(type);
                yield literal == null ? null : "\"" + literal.substring(1, literal.length() - 1) + "\"";
            }
        };
    }

    static String bracketName(int type) {
        return switch (type) {
            case LBRACE, RBRACE -> "brace";
            case LBRACK, RBRACK -> "bracket";
            default -> "parenthesis";
        };
    }

    static String closerOf(int open) {
        return switch (open) {
            case LBRACE -> "}";
            case LBRACK -> "]";
            default -> ")";
        };
    }

    static boolean isOperator(int type) {
        return switch (type) {
            case PLUS, MINUS, STAR, SLASH, PERCENT, EQEQ, NEQ, LT, GT, LE, GE, AND, OR, NOT -> true;
            default -> false;
        };
    }

    /** After these an expression must follow. */
    static boolean isOperandPosition(int type) {
        return isOperator(type)
                || switch (type) {
                    case EQ, COLON, QUESTION, ARROW, IN, IF, TEMPLATE_INTERP, LPAREN, DOT -> true;
                    default -> false;
                };
    }
}
