package dev.flywall.lsp;

import dev.flywall.grammar.HclLexer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;

/**
 * Where the cursor stands, for completion, read from the compiler's own lexer over the text
 * before it: a half-typed line does not parse, so the syntax tree has nothing to say about it,
 * but its tokens still tell the blocks it is in and whether it is at an argument's name, its
 * value, inside a string, or at a block's label.
 *
 * @param blocks the types of the blocks around the cursor, outermost first
 * @param where what the cursor is at
 * @param name the argument (VALUE, STRING) or block type (LABEL) the cursor belongs to
 * @param prefix what is typed of the word under completion, before the cursor
 */
record CompletionContext(List<String> blocks, Where where, String name, String prefix) {

    /** What the cursor is at. */
    enum Where {
        /** the start of a line in a block: an argument or block name */
        KEY,
        /** an argument's value, outside any string */
        VALUE,
        /** inside a string that is (part of) an argument's value */
        STRING,
        /** inside a block's first label string */
        LABEL,
        /** nowhere completion can help (a comment, an expression, an object) */
        NONE
    }

    private static final CompletionContext NONE = new CompletionContext(List.of(), Where.NONE, "", "");

    /** The context at the end of {@code before}, the document's text up to the cursor. */
    static CompletionContext at(String before) {
        HclLexer lexer = new HclLexer(CharStreams.fromString(before));
        lexer.removeErrorListeners();
        Deque<Level> levels = new ArrayDeque<>();
        List<Token> statement = new ArrayList<>();
        for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
            if (t.getChannel() != Token.DEFAULT_CHANNEL && t.getType() != HclLexer.NEWLINE) {
                boolean comment = t.getType() == HclLexer.LINE_COMMENT || t.getType() == HclLexer.BLOCK_COMMENT;
                if (comment && t.getStopIndex() == before.length() - 1) {
                    return NONE; // a comment reaching the cursor
                }
                continue;
            }
            switch (t.getType()) {
                case HclLexer.NEWLINE -> statement.clear();
                case HclLexer.LBRACE, HclLexer.TEMPLATE_INTERP, HclLexer.TEMPLATE_DIRECTIVE -> {
                    String type = t.getType() == HclLexer.LBRACE ? header(statement) : null;
                    levels.push(new Level(type, List.copyOf(statement)));
                    statement.clear();
                }
                case HclLexer.RBRACE -> {
                    Level level = levels.isEmpty() ? null : levels.pop();
                    statement.clear();
                    if (level != null && level.type() == null) {
                        statement.addAll(level.statement()); // after an object or interpolation
                    }
                }
                default -> statement.add(t);
            }
        }
        List<String> blocks = new ArrayList<>();
        for (Level level : levels) {
            if (level.type() == null) {
                return NONE;
            }
            blocks.add(0, level.type());
        }
        return of(blocks, statement, before.length());
    }

    private static CompletionContext of(List<String> blocks, List<Token> statement, int end) {
        if (statement.isEmpty()) {
            return new CompletionContext(blocks, Where.KEY, "", "");
        }
        Token first = statement.get(0);
        Token last = statement.get(statement.size() - 1);
        boolean touching = last.getStopIndex() == end - 1;
        if (first.getType() != HclLexer.IDENT) {
            return NONE;
        }
        if (statement.size() == 1) {
            return touching ? new CompletionContext(blocks, Where.KEY, "", first.getText()) : NONE;
        }
        boolean openString = openString(statement);
        String typed = last.getType() == HclLexer.TEMPLATE_LITERAL ? last.getText() : "";
        if (statement.get(1).getType() == HclLexer.EQ) {
            if (openString) {
                return new CompletionContext(blocks, Where.STRING, first.getText(), typed);
            }
            String prefix = touching && isWord(last) ? last.getText() : "";
            return new CompletionContext(blocks, Where.VALUE, first.getText(), prefix);
        }
        if (statement.get(1).getType() == HclLexer.OQUOTE && openString && statement.size() <= 3) {
            return new CompletionContext(blocks, Where.LABEL, first.getText(), typed);
        }
        return NONE;
    }

    /** Whether the statement ends inside a string: an opening quote after the last closing one. */
    private static boolean openString(List<Token> statement) {
        for (int i = statement.size() - 1; i >= 0; i--) {
            int type = statement.get(i).getType();
            if (type == HclLexer.CQUOTE) {
                return false;
            }
            if (type == HclLexer.OQUOTE) {
                return true;
            }
            if (type != HclLexer.TEMPLATE_LITERAL) {
                return false;
            }
        }
        return false;
    }

    private static boolean isWord(Token t) {
        return t.getType() == HclLexer.IDENT || t.getType() == HclLexer.TRUE || t.getType() == HclLexer.FALSE;
    }

    /** The block type a brace opens: {@code TYPE "label"… {}; null for an object's brace. */
    private static String header(List<Token> statement) {
        if (statement.isEmpty() || statement.get(0).getType() != HclLexer.IDENT) {
            return null;
        }
        for (Token t : statement.subList(1, statement.size())) {
            int type = t.getType();
            if (type != HclLexer.OQUOTE
                    && type != HclLexer.CQUOTE
                    && type != HclLexer.TEMPLATE_LITERAL
                    && type != HclLexer.IDENT) {
                return null;
            }
        }
        return statement.get(0).getText();
    }

    /** One open brace: the block type it opened, or null for an object or interpolation. */
    private record Level(String type, List<Token> statement) {}
}
