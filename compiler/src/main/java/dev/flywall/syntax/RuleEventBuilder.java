package dev.flywall.syntax;

import dev.flywall.diag.Diagnostic;
import dev.flywall.grammar.HclLexer;
import dev.flywall.grammar.HclParser;
import dev.flywall.source.SourceFile;
import dev.flywall.source.SourceSpan;
import dev.flywall.syntax.Expression.Operator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenSource;

/**
 * The fast pass's parser: builds the syntax records from the parser's rule events as it goes,
 * without an ANTLR parse tree (no child lists, no terminal nodes). Each finished rule turns the
 * values its sub-rules left on a stack, and its own tokens, into its record: what
 * {@link TreeBuilder} builds from the tree, record for record.
 *
 * <p>Rare constructs are left to {@link TreeBuilder}: for a heredoc, a {@code for} expression
 * or a string that is more than one literal, the parser builds the parse tree of that rule only,
 * and TreeBuilder turns it into its record. A splat, and anything that would give a diagnostic
 * (a duplicate argument, a bad escape, …), stops this builder with {@link Abandoned}: the caller
 * then parses again with the tree, so that every diagnostic comes from the one place it always
 * has. Only for input the lexer found nothing wrong with; the parser itself runs with
 * {@link org.antlr.v4.runtime.BailErrorStrategy} (SLL, no recovery).
 *
 * <p>The events are the methods the generated parser calls: {@link #enterRule} and
 * {@link #exitRule} around each rule, and, inside the left-recursive {@code expression} and
 * {@code exprTerm}, {@link #pushNewRecursionContext} (the operand so far is finished) and
 * {@link #unrollRecursionContexts} (the whole expression is). Parse listeners would see the same
 * events, but a listener makes the parser add every token to the tree.
 */
final class RuleEventBuilder extends HclParser {

    /** Thrown when the input needs {@link TreeBuilder}'s full path (see the class comment). */
    static final class Abandoned extends RuntimeException {
        Abandoned() {
            super(null, null, false, false);
        }
    }

    private final TreeBuilder tree;
    private final TemplateBuilder templates;
    private final TokenTexts texts;
    private final List<Diagnostic> found;
    /** Every token of the file, by {@link Token#getTokenIndex()} (the parser reads only its channel's). */
    private final List<Token> tokens;

    private Object[] values = new Object[64];
    private int size;
    /** Stack height at the entry of each open rule (not of the recursion rules, which need none). */
    private int[] marks = new int[64];

    private int depth;

    /** The rule whose parse tree the parser is building for TreeBuilder, else null. */
    private ParserRuleContext treeRoot;

    /** The first token of the last terminator: what precedes it ends an attribute or a block. */
    private Token terminatorStart;

    private boolean abandoned;
    private ConfigFile result;

    /** {@code tokens}: every token of the file (a filled token stream's), EOF last. */
    RuleEventBuilder(SourceFile source, List<Token> tokens, TokenSource lexer) {
        super(new OnChannelTokens(tokens, lexer));
        this.tokens = tokens;
        this.found = new ArrayList<>();
        this.tree = new TreeBuilder(source, found, java.util.Set.of());
        this.templates = new TemplateBuilder(source, found, tree::expression);
        this.texts = new TokenTexts(source);
        setBuildParseTree(false);
    }

    /** The file, once {@link #configFile()} has returned. */
    ConfigFile result() {
        return result;
    }

    // ------------------------------------------------------------------ rule events

    @Override
    public void enterRule(ParserRuleContext ctx, int state, int ruleIndex) {
        super.enterRule(ctx, state, ruleIndex);
        if (treeRoot != null) {
            return;
        }
        if (depth == marks.length) {
            marks = Arrays.copyOf(marks, depth * 2);
        }
        marks[depth++] = size;
        if (needsTree(ruleIndex)) {
            // from here the parser adds this rule's tokens and sub-rules to its context
            treeRoot = ctx;
            setBuildParseTree(true);
        }
    }

    @Override
    public void exitRule() {
        ParserRuleContext done = _ctx;
        super.exitRule();
        if (treeRoot == null) {
            finish(done);
            depth--;
        } else if (done == treeRoot) {
            treeRoot = null;
            setBuildParseTree(false);
            if (done.exception == null && !abandoned) {
                push(checked(tree.subtree(done)));
            }
            depth--;
        }
    }

    @Override
    public void pushNewRecursionContext(ParserRuleContext localctx, int state, int ruleIndex) {
        ParserRuleContext previous = _ctx;
        super.pushNewRecursionContext(localctx, state, ruleIndex);
        if (treeRoot == null) {
            finish(previous);
        }
    }

    @Override
    public void unrollRecursionContexts(ParserRuleContext parent) {
        ParserRuleContext done = _ctx;
        super.unrollRecursionContexts(parent);
        if (treeRoot == null) {
            finish(done);
        }
    }

    /**
     * Rules whose parse tree is built for TreeBuilder: heredocs and {@code for} expressions, and
     * strings other than {@code ""} and {@code "text"} (interpolations, directives).
     */
    private boolean needsTree(int ruleIndex) {
        return switch (ruleIndex) {
            case RULE_heredocTemplate, RULE_forTupleExpr, RULE_forObjectExpr -> true;
            case RULE_quotedTemplate -> {
                int second = _input.LA(2);
                yield !(second == HclLexer.CQUOTE
                        || second == HclLexer.TEMPLATE_LITERAL && _input.LA(3) == HclLexer.CQUOTE);
            }
            default -> false;
        };
    }

    private void finish(ParserRuleContext ctx) {
        // a rule the parser gave up in is unwinding (its exception is set): the pass is void
        if (ctx.exception == null && !abandoned) {
            build(ctx);
        }
    }

    // ------------------------------------------------------------------ records

    private void build(ParserRuleContext ctx) {
        switch (ctx.getRuleIndex()) {
            case RULE_configFile -> {
                TreeBuilder.Items items = body();
                result = tree.configFile(items);
            }
            case RULE_attribute -> {
                Token id = ctx.start;
                Expression value = (Expression) pop();
                push(new Attribute(texts.of(id), span(id, id), value, span(id, previousOnChannel(terminatorStart))));
            }
            case RULE_block -> block(ctx);
            case RULE_blockLabel -> {
                if (ctx instanceof IdentLabelContext) {
                    push(new Block.Label(texts.of(ctx.start), span(ctx.start, ctx.start)));
                } else {
                    Expression.Template t = (Expression.Template) pop();
                    // an interpolation in a label is reported (E0110) by TreeBuilder's path
                    if (t.literal().isEmpty()) {
                        throw abandon();
                    }
                    push(new Block.Label(t.literal().get(), t.span()));
                }
            }
            case RULE_blockBody -> {
                Token lbrace = previousOnChannel(ctx.start);
                List<BodyItem> items = ctx instanceof MultiLineBodyContext
                        ? body().items()
                        : size > marks[depth - 1] ? List.of((BodyItem) pop()) : List.of();
                push(new PendingBody(items, lbrace));
            }
            case RULE_oneLineAttribute -> {
                Token id = ctx.start;
                Expression value = (Expression) pop();
                push(new Attribute(texts.of(id), span(id, id), value, span(id, ctx.stop)));
            }
            case RULE_terminator -> terminatorStart = ctx.start;
            case RULE_expression -> expression(ctx);
            case RULE_exprTerm -> term(ctx);
            case RULE_tuple -> push(new Expression.Tuple(popAll(Expression.class), span(ctx)));
            case RULE_object -> push(new Expression.ObjectCons(popAll(Expression.ObjectItem.class), span(ctx)));
            case RULE_objectElem -> {
                Expression value = (Expression) pop();
                Expression key = (Expression) pop();
                push(new Expression.ObjectItem(key, key instanceof Expression.Variable, value));
            }
            case RULE_functionCall -> call(ctx);
            case RULE_quotedTemplate -> {
                // "" or "text" (needsTree): the literal is the token after the opening quote
                Token literal = ctx.stop.getTokenIndex() > ctx.start.getTokenIndex() + 1
                        ? tokens.get(ctx.start.getTokenIndex() + 1)
                        : null;
                push(checked(
                        templates.quoted(ctx.start, literal, literal == null ? null : texts.of(literal), ctx.stop)));
            }
            default -> {
                // identifier, literalValue, bodyItem, templatePart, objectSep, splat steps: their
                // tokens are read by the rule that contains them
            }
        }
    }

    /** A block body, waiting for its closing brace, which gives its span. */
    private record PendingBody(List<BodyItem> items, Token lbrace) {}

    private void block(ParserRuleContext ctx) {
        PendingBody body = (PendingBody) pop();
        int from = marks[depth - 1];
        List<Block.Label> labels = new ArrayList<>(2);
        for (int i = from; i < size; i++) {
            labels.add((Block.Label) values[i]);
        }
        truncate(from);
        Token id = ctx.start;
        Token rbrace = previousOnChannel(terminatorStart);
        push(new Block(
                texts.of(id),
                span(id, id),
                labels,
                new Body(body.items(), span(body.lbrace(), rbrace)),
                span(id, rbrace)));
    }

    /** The items of the body being finished: duplicates are TreeBuilder's to report. */
    private TreeBuilder.Items body() {
        int from = marks[depth - 1];
        TreeBuilder.Items items = tree.new Items();
        for (int i = from; i < size; i++) {
            items.add((BodyItem) values[i]);
        }
        truncate(from);
        checkNoDiagnostics();
        return items;
    }

    private void expression(ParserRuleContext ctx) {
        switch (ctx) {
            case TermExprContext t -> {} // the term's record is the expression's
            case UnaryExprContext u ->
                push(new Expression.Unary(
                        u.op.getType() == HclLexer.NOT ? Operator.NOT : Operator.NEGATE, (Expression) pop(), span(u)));
            case BinaryExprContext b -> {
                Expression right = (Expression) pop();
                Expression left = (Expression) pop();
                push(new Expression.Binary(TreeBuilder.binaryOperator(b.op), left, right, span(b)));
            }
            case ConditionalExprContext c -> {
                Expression no = (Expression) pop();
                Expression yes = (Expression) pop();
                Expression cond = (Expression) pop();
                push(new Expression.Conditional(cond, yes, no, span(c)));
            }
            default -> throw new IllegalStateException("unknown expression " + ctx.getClass());
        }
    }

    private void term(ParserRuleContext ctx) {
        switch (ctx) {
            case LiteralTermContext l -> push(literal(l));
            case VariableTermContext v -> push(new Expression.Variable(texts.of(v.start), span(v)));
            case ParenTermContext p -> push(new Expression.Parens((Expression) pop(), span(p)));
            case IndexTermContext i -> {
                Expression key = (Expression) pop();
                push(new Expression.Index((Expression) pop(), key, span(i)));
            }
            case GetAttrTermContext g ->
                push(new Expression.GetAttr((Expression) pop(), texts.of(g.stop), span(g.stop, g.stop), span(g)));
            case LegacyIndexTermContext l -> push(checked(tree.legacyIndex((Expression) pop(), l.stop, span(l))));
            case AttrSplatTermContext s -> throw abandon();
            case FullSplatTermContext s -> throw abandon();
            default -> {} // a template, tuple, object, call or for: its rule left the record
        }
    }

    private Expression literal(LiteralTermContext ctx) {
        Token token = ctx.start;
        SourceSpan span = span(ctx);
        return switch (token.getType()) {
            case HclLexer.TRUE -> new Expression.BoolLiteral(true, span);
            case HclLexer.FALSE -> new Expression.BoolLiteral(false, span);
            case HclLexer.NULL -> new Expression.NullLiteral(span);
            default -> checked(tree.number(texts.of(token), span));
        };
    }

    private void call(ParserRuleContext ctx) {
        List<Expression> args = popAll(Expression.class);
        // the name: identifiers joined by "::", up to the opening parenthesis
        Token first = ctx.start;
        Token last = first;
        StringBuilder name = null;
        for (int i = first.getTokenIndex() + 1; ; i++) {
            Token t = tokens.get(i);
            if (t.getChannel() != Token.DEFAULT_CHANNEL || t.getType() == HclLexer.DCOLON) {
                continue;
            }
            if (t.getType() == HclLexer.LPAREN) {
                break;
            }
            if (name == null) {
                name = new StringBuilder(texts.of(first));
            }
            name.append("::").append(texts.of(t));
            last = t;
        }
        boolean ellipsis = previousOnChannel(ctx.stop).getType() == HclLexer.ELLIPSIS;
        push(new Expression.FunctionCall(
                name == null ? texts.of(first) : name.toString(), span(first, last), args, ellipsis, span(ctx)));
    }

    // ------------------------------------------------------------------ the value stack

    private void push(Object value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    private Object pop() {
        Object value = values[--size];
        values[size] = null;
        return value;
    }

    /**
     * The values the current rule's sub-rules left, in order, as the immutable list the records
     * keep (their {@code List.copyOf} then keeps it as it is).
     */
    @SuppressWarnings("unchecked")
    private <T> List<T> popAll(Class<T> type) {
        int from = marks[depth - 1];
        List<T> out = switch (size - from) {
            case 0 -> List.of();
            case 1 -> List.of(type.cast(values[from]));
            case 2 -> List.of(type.cast(values[from]), type.cast(values[from + 1]));
            default -> {
                Object[] array = new Object[size - from];
                for (int i = from; i < size; i++) {
                    array[i - from] = type.cast(values[i]);
                }
                yield (List<T>) List.of(array);
            }
        };
        truncate(from);
        return out;
    }

    private void truncate(int to) {
        Arrays.fill(values, to, size, null);
        size = to;
    }

    // ------------------------------------------------------------------ spans, tokens, diagnostics

    private SourceSpan span(ParserRuleContext ctx) {
        return tree.span(ctx.start, ctx.stop == null ? ctx.start : ctx.stop);
    }

    private SourceSpan span(Token from, Token to) {
        return tree.span(from, to);
    }

    /** The nearest token before {@code t} that the parser saw (block comments are off its channel). */
    private Token previousOnChannel(Token t) {
        for (int i = t.getTokenIndex() - 1; ; i--) {
            Token before = tokens.get(i);
            if (before.getChannel() == Token.DEFAULT_CHANNEL) {
                return before;
            }
        }
    }

    private <T> T checked(T built) {
        checkNoDiagnostics();
        return built;
    }

    private void checkNoDiagnostics() {
        if (!found.isEmpty()) {
            throw abandon();
        }
    }

    private Abandoned abandon() {
        abandoned = true;
        return new Abandoned();
    }
}
