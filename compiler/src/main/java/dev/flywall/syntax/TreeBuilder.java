package dev.flywall.syntax;

import dev.flywall.diag.Code;
import dev.flywall.diag.Diagnostic;
import dev.flywall.grammar.HclParser.*;
import dev.flywall.source.SourceFile;
import dev.flywall.source.SourceSpan;
import dev.flywall.syntax.Expression.Operator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ErrorNode;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * The one bridge from ANTLR's parse tree to our immutable syntax records. Each node gets its
 * span first. When the parse had errors, items that contain them are left out (they are already
 * reported), so later stages never see half-parsed constructs.
 */
final class TreeBuilder {

    private final SourceFile source;
    private final List<Diagnostic> diagnostics;
    private final boolean hadErrors;
    private final TemplateBuilder templates;

    private final java.util.Set<Integer> badLines;

    TreeBuilder(SourceFile source, List<Diagnostic> diagnostics, java.util.Set<Integer> badLines) {
        this.source = source;
        this.badLines = badLines;
        this.diagnostics = diagnostics;
        this.hadErrors = diagnostics.stream().anyMatch(Diagnostic::isError);
        this.templates = new TemplateBuilder(source, diagnostics, this::expression);
    }

    ConfigFile configFile(ConfigFileContext ctx) {
        return configFile(items(ctx.bodyItem()));
    }

    /** The file of the top-level items collected while parsing (see {@link Items}). */
    ConfigFile configFile(Items items) {
        return new ConfigFile(source, new Body(items.out, source.span(0, source.length())));
    }

    /**
     * The expression of a subtree {@link RuleEventBuilder} had the parser build as a parse tree:
     * a template that is not a single literal, a heredoc, a {@code for} expression.
     */
    Expression subtree(ParserRuleContext ctx) {
        return switch (ctx) {
            case QuotedTemplateContext q -> templates.quoted(q);
            case HeredocTemplateContext h -> templates.heredoc(h);
            case ForTupleExprContext f -> forTuple(f, span(f));
            case ForObjectExprContext f -> forObject(f, span(f));
            default -> throw new IllegalStateException("not a subtree rule " + ctx.getClass());
        };
    }

    // ------------------------------------------------------------------ structure

    private Body body(List<BodyItemContext> items, SourceSpan span) {
        return new Body(items(items).out, span);
    }

    /** The body of a multi-line block, its items read straight from the children (no list copy). */
    private Body body(MultiLineBodyContext ctx, SourceSpan span) {
        Items items = new Items();
        if (ctx.children != null) {
            for (ParseTree child : ctx.children) {
                if (child instanceof BodyItemContext item) {
                    items.add(item);
                }
            }
        }
        return new Body(items.out, span);
    }

    private Items items(List<BodyItemContext> contexts) {
        Items items = new Items();
        for (BodyItemContext item : contexts) {
            items.add(item);
        }
        return items;
    }

    /**
     * The items of one body, added one by one in file order: by {@link #body} from a finished
     * tree, or by the parser as it finishes each top-level item, whose parse tree it then drops.
     */
    final class Items {

        /** Bodies this small look for a duplicate by a scan of {@code out}, larger ones in {@code seen}. */
        private static final int SCAN_LIMIT = 8;

        private final List<BodyItem> out = new ArrayList<>();
        private Map<String, Attribute> seen;

        void add(BodyItemContext item) {
            if (hadErrors && (isBroken(item) || onBadLine(item))) {
                return;
            }
            AttributeContext attribute = item.attribute();
            BodyItem built = attribute != null ? attribute(attribute) : block(item.block());
            if (built != null) {
                add(built);
            }
        }

        /** Adds an item already built (by {@link RuleEventBuilder}), or reports it as a duplicate. */
        void add(BodyItem built) {
            if (built instanceof Attribute a) {
                Attribute first = firstAttribute(a);
                if (first != null) {
                    diagnostics.add(duplicate(a, first));
                    return;
                }
            }
            out.add(built);
        }

        List<BodyItem> items() {
            return out;
        }

        /** The attribute of the same name already in this body, else null (and {@code a} is recorded). */
        private Attribute firstAttribute(Attribute a) {
            if (seen == null) {
                for (BodyItem earlier : out) {
                    if (earlier instanceof Attribute e && e.name().equals(a.name())) {
                        return e;
                    }
                }
                if (out.size() < SCAN_LIMIT) {
                    return null;
                }
                seen = new HashMap<>();
                for (BodyItem earlier : out) {
                    if (earlier instanceof Attribute e) {
                        seen.putIfAbsent(e.name(), e);
                    }
                }
            }
            return seen.putIfAbsent(a.name(), a);
        }
    }

    private Diagnostic duplicate(Attribute again, Attribute first) {
        return Diagnostic.error(
                        Code.E0116,
                        "Duplicate argument \"" + again.name() + "\"",
                        "The argument \"" + again.name() + "\" was already set at line "
                                + first.nameSpan().start().line()
                                + ". Each argument may appear only once in a block; remove one of them.",
                        again.nameSpan())
                .withLabel("set again here");
    }

    private Attribute attribute(AttributeContext ctx) {
        IdentifierContext id = ctx.identifier();
        ExpressionContext value = ctx.expression();
        return new Attribute(name(id), span(id), expression(value), span(id, value));
    }

    /**
     * The text of an identifier: its one token's ({@code getText()} of the context would copy it
     * through a StringBuilder).
     */
    private static String name(IdentifierContext id) {
        return id.getChildCount() == 1 ? id.getStart().getText() : id.getText();
    }

    private Block block(BlockContext ctx) {
        // one pass over the children, instead of a scan (and a list) per accessor; the first of
        // each kind, as the generated accessors would find it
        IdentifierContext id = null;
        BlockBodyContext blockBody = null;
        Token lbrace = null;
        Token rbrace = null;
        List<Block.Label> labels = new ArrayList<>(2);
        for (ParseTree child : ctx.children) {
            if (child instanceof BlockLabelContext label) {
                Block.Label l = label(label);
                if (l == null) {
                    return null;
                }
                labels.add(l);
            } else if (child instanceof IdentifierContext i) {
                id = id == null ? i : id;
            } else if (child instanceof BlockBodyContext b) {
                blockBody = blockBody == null ? b : blockBody;
            } else if (child instanceof TerminalNode t) {
                int type = t.getSymbol().getType();
                if (type == dev.flywall.grammar.HclLexer.LBRACE && lbrace == null) {
                    lbrace = t.getSymbol();
                } else if (type == dev.flywall.grammar.HclLexer.RBRACE && rbrace == null) {
                    rbrace = t.getSymbol();
                }
            }
        }
        SourceSpan bodySpan = span(lbrace, rbrace);
        Body body = switch (blockBody) {
            case MultiLineBodyContext m -> body(m, bodySpan);
            case OneLineBodyContext o ->
                o.oneLineAttribute() == null
                        ? new Body(List.of(), bodySpan)
                        : new Body(List.of(oneLine(o.oneLineAttribute())), bodySpan);
            default -> throw new IllegalStateException("unknown block body " + blockBody.getClass());
        };
        return new Block(name(id), span(id), labels, body, span(id.getStart(), rbrace));
    }

    private Attribute oneLine(OneLineAttributeContext ctx) {
        IdentifierContext id = ctx.identifier();
        ExpressionContext value = ctx.expression();
        return new Attribute(name(id), span(id), expression(value), span(id, value));
    }

    private Block.Label label(BlockLabelContext ctx) {
        if (ctx instanceof IdentLabelContext id) {
            return new Block.Label(id.getText(), span(id));
        }
        QuotedTemplateContext q = ((StringLabelContext) ctx).quotedTemplate();
        Expression.Template t = templates.quoted(q);
        if (t.literal().isEmpty()) {
            diagnostics.add(Diagnostic.error(
                    Code.E0110,
                    "Invalid block label",
                    "Block labels are literal strings: interpolations and directives are not allowed in them.",
                    span(q)));
            return null;
        }
        return new Block.Label(t.literal().get(), span(q));
    }

    // ------------------------------------------------------------------ expressions

    Expression expression(ExpressionContext ctx) {
        if (ctx instanceof TermExprContext t) {
            return term(t.exprTerm()); // its span is the term's: do not compute it twice
        }
        SourceSpan span = span(ctx);
        return switch (ctx) {
            case TermExprContext t -> term(t.exprTerm());
            case UnaryExprContext u ->
                new Expression.Unary(
                        u.op.getType() == dev.flywall.grammar.HclLexer.NOT ? Operator.NOT : Operator.NEGATE,
                        expression(u.operand),
                        span);
            case BinaryExprContext b ->
                new Expression.Binary(binaryOperator(b.op), expression(b.left), expression(b.right), span);
            case ConditionalExprContext c ->
                new Expression.Conditional(expression(c.cond), expression(c.yes), expression(c.no), span);
            default -> throw new IllegalStateException("unknown expression " + ctx.getClass());
        };
    }

    private static final Operator[] OPERATORS = Operator.values();

    static Operator binaryOperator(Token op) {
        for (Operator o : OPERATORS) {
            if (o != Operator.NEGATE && o != Operator.NOT && o.symbol().equals(op.getText())) {
                return o;
            }
        }
        throw new IllegalStateException("unknown operator " + op.getText());
    }

    private Expression term(ExprTermContext ctx) {
        // templates compute their own span: do not make one to throw away
        if (ctx instanceof QuotedTemplateTermContext q) {
            return templates.quoted(q.quotedTemplate());
        }
        if (ctx instanceof HeredocTermContext h) {
            return templates.heredoc(h.heredocTemplate());
        }
        SourceSpan span = span(ctx);
        return switch (ctx) {
            case LiteralTermContext l -> literal(l.literalValue(), span);
            case ForTupleTermContext f -> forTuple(f.forTupleExpr(), span);
            case ForObjectTermContext f -> forObject(f.forObjectExpr(), span);
            case TupleTermContext t ->
                new Expression.Tuple(
                        t.tuple().expression().stream().map(this::expression).toList(), span);
            case ObjectTermContext o -> object(o.object(), span);
            case FunctionCallTermContext f -> call(f.functionCall(), span);
            case VariableTermContext v -> new Expression.Variable(name(v.identifier()), span);
            case ParenTermContext p -> new Expression.Parens(expression(p.expression()), span);
            case IndexTermContext i -> new Expression.Index(term(i.exprTerm()), expression(i.expression()), span);
            case GetAttrTermContext g ->
                new Expression.GetAttr(term(g.exprTerm()), name(g.identifier()), span(g.identifier()), span);
            case LegacyIndexTermContext l ->
                legacyIndex(term(l.exprTerm()), l.NUMBER().getSymbol(), span);
            case AttrSplatTermContext s -> attrSplat(s, span);
            case FullSplatTermContext s -> fullSplat(s, span);
            default -> throw new IllegalStateException("unknown term " + ctx.getClass());
        };
    }

    private Expression literal(LiteralValueContext ctx, SourceSpan span) {
        return switch (ctx.getStart().getType()) {
            case dev.flywall.grammar.HclLexer.TRUE -> new Expression.BoolLiteral(true, span);
            case dev.flywall.grammar.HclLexer.FALSE -> new Expression.BoolLiteral(false, span);
            case dev.flywall.grammar.HclLexer.NULL -> new Expression.NullLiteral(span);
            default -> number(ctx.getChildCount() == 1 ? ctx.getStart().getText() : ctx.getText(), span);
        };
    }

    /** Exponents beyond ±{@value #MAX_EXPONENT} are refused: no configuration needs them, and arithmetic on them is unbounded. */
    static final int MAX_EXPONENT = 1000;

    Expression number(String text, SourceSpan span) {
        try {
            HclNumber number = HclNumber.parse(text);
            if (number.exponentAtMost(MAX_EXPONENT)) {
                return new Expression.NumberLiteral(number, span);
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below
        }
        diagnostics.add(Diagnostic.error(
                Code.E0118,
                "Invalid number",
                "The number " + text + " is out of range:" + " flywall accepts exponents up to " + MAX_EXPONENT + ".",
                span));
        return new Expression.NumberLiteral(HclNumber.of(0), span);
    }

    /**
     * {@code a.0}. HCL rejects {@code a.0.1}, which lexes as the number 0.1 (E0121); it is still
     * read as two indexes, so evaluation can go on.
     */
    Expression legacyIndex(Expression source, Token number, SourceSpan span) {
        if (number.getText().contains(".")) {
            String[] parts = number.getText().split("\\.", 2);
            diagnostics.add(Diagnostic.error(
                    Code.E0121,
                    "Invalid legacy index syntax",
                    "Legacy indexes cannot be"
                            + " chained: " + number.getText()
                            + " reads as one number. Use the index syntax instead, like ["
                            + parts[0] + "][" + parts[1] + "].",
                    span(number, number)));
        }
        Expression result = source;
        int offset = number.getStartIndex();
        for (String part : number.getText().split("\\.")) {
            SourceSpan partSpan = this.source.span(offset, offset + part.length());
            HclNumber value;
            try {
                value = HclNumber.parse(part);
            } catch (NumberFormatException e) {
                value = HclNumber.of(0);
            }
            result = new Expression.Index(
                    result,
                    new Expression.NumberLiteral(value, partSpan),
                    result.span().to(partSpan));
            offset += part.length() + 1;
        }
        return result;
    }

    private Expression attrSplat(AttrSplatTermContext ctx, SourceSpan span) {
        if (ctx.exprTerm() instanceof AttrSplatTermContext) {
            nestedSplat(ctx.STAR().getSymbol());
        }
        Expression each =
                new Expression.SplatItem(span(ctx.STAR().getSymbol(), ctx.STAR().getSymbol()));
        for (AttrSplatStepContext step : ctx.attrSplatStep()) {
            each = switch (step) {
                case SplatGetAttrContext g ->
                    new Expression.GetAttr(
                            each,
                            g.identifier().getText(),
                            span(g.identifier()),
                            each.span().to(span(g)));
                case SplatLegacyIndexContext l ->
                    legacyIndex(each, l.NUMBER().getSymbol(), each.span().to(span(l)));
                default -> throw new IllegalStateException("unknown splat step " + step.getClass());
            };
        }
        return new Expression.Splat(term(ctx.exprTerm()), each, false, span);
    }

    private void nestedSplat(Token star) {
        diagnostics.add(Diagnostic.error(
                Code.E0121,
                "Nested splat expression not allowed",
                "A splat expression (*)"
                        + " cannot be used inside another attribute-only splat expression. Use a full splat [*] instead.",
                span(star, star)));
    }

    private Expression fullSplat(FullSplatTermContext ctx, SourceSpan span) {
        Expression item =
                new Expression.SplatItem(span(ctx.STAR().getSymbol(), ctx.STAR().getSymbol()));
        return new Expression.Splat(term(ctx.exprTerm()), splatSteps(item, ctx.fullSplatStep(), 0), true, span);
    }

    /**
     * The steps from {@code from} on, applied to {@code each}: a nested {@code [*]} takes all the
     * steps after it, a {@code .*} the attribute steps right after it (as in hclsyntax).
     */
    private Expression splatSteps(Expression each, List<FullSplatStepContext> steps, int from) {
        for (int i = from; i < steps.size(); i++) {
            FullSplatStepContext step = steps.get(i);
            if (step instanceof FullSplatNestedContext nested) {
                Expression item = new Expression.SplatItem(
                        span(nested.STAR().getSymbol(), nested.STAR().getSymbol()));
                Expression inner = splatSteps(item, steps, i + 1);
                return new Expression.Splat(each, inner, true, each.span().to(span(steps.get(steps.size() - 1))));
            }
            if (step instanceof FullSplatAttrSplatContext attr) {
                Expression inner = new Expression.SplatItem(
                        span(attr.STAR().getSymbol(), attr.STAR().getSymbol()));
                int last = i;
                while (last + 1 < steps.size() && isAttributeStep(steps.get(last + 1))) {
                    inner = splatStep(inner, steps.get(++last));
                }
                if (last + 1 < steps.size() && steps.get(last + 1) instanceof FullSplatAttrSplatContext again) {
                    nestedSplat(again.STAR().getSymbol());
                }
                each = new Expression.Splat(each, inner, false, each.span().to(span(steps.get(last))));
                i = last;
                continue;
            }
            each = splatStep(each, step);
        }
        return each;
    }

    private static boolean isAttributeStep(FullSplatStepContext step) {
        return step instanceof FullSplatGetAttrContext || step instanceof FullSplatLegacyIndexContext;
    }

    private Expression splatStep(Expression each, FullSplatStepContext step) {
        SourceSpan to = each.span().to(span(step));
        return switch (step) {
            case FullSplatGetAttrContext g ->
                new Expression.GetAttr(each, g.identifier().getText(), span(g.identifier()), to);
            case FullSplatLegacyIndexContext l -> legacyIndex(each, l.NUMBER().getSymbol(), to);
            case FullSplatIndexContext i -> new Expression.Index(each, expression(i.expression()), to);
            default -> throw new IllegalStateException("not a simple splat step " + step.getClass());
        };
    }

    private Expression object(ObjectContext ctx, SourceSpan span) {
        List<Expression.ObjectItem> items = new ArrayList<>();
        for (ObjectElemContext elem : ctx.objectElem()) {
            Expression key = expression(elem.key);
            boolean bare = key instanceof Expression.Variable;
            items.add(new Expression.ObjectItem(key, bare, expression(elem.value)));
        }
        return new Expression.ObjectCons(items, span);
    }

    private Expression call(FunctionCallContext ctx, SourceSpan span) {
        StringBuilder name = new StringBuilder();
        for (IdentifierContext id : ctx.identifier()) {
            name.append(name.isEmpty() ? "" : "::").append(id.getText());
        }
        List<Expression> args = ctx.expression().stream().map(this::expression).toList();
        return new Expression.FunctionCall(
                name.toString(),
                span(
                        ctx.identifier(0).getStart(),
                        ctx.identifier(ctx.identifier().size() - 1).getStop()),
                args,
                ctx.ELLIPSIS() != null,
                span);
    }

    private Expression forTuple(ForTupleExprContext ctx, SourceSpan span) {
        ForIntroContext intro = ctx.forIntro();
        return new Expression.For(
                intro.second == null ? null : intro.first.getText(),
                (intro.second == null ? intro.first : intro.second).getText(),
                expression(intro.collection),
                null,
                expression(ctx.value),
                ctx.forCond() == null ? null : expression(ctx.forCond().expression()),
                false,
                span);
    }

    private Expression forObject(ForObjectExprContext ctx, SourceSpan span) {
        ForIntroContext intro = ctx.forIntro();
        return new Expression.For(
                intro.second == null ? null : intro.first.getText(),
                (intro.second == null ? intro.first : intro.second).getText(),
                expression(intro.collection),
                expression(ctx.key),
                expression(ctx.value),
                ctx.forCond() == null ? null : expression(ctx.forCond().expression()),
                ctx.grouping != null,
                span);
    }

    // ------------------------------------------------------------------ spans and error checks

    SourceSpan span(ParserRuleContext ctx) {
        return span(ctx.getStart(), ctx.getStop() == null ? ctx.getStart() : ctx.getStop());
    }

    private SourceSpan span(ParserRuleContext from, ParserRuleContext to) {
        return span(from.getStart(), to.getStop() == null ? to.getStart() : to.getStop());
    }

    SourceSpan span(Token from, Token to) {
        int start = from.getStartIndex();
        int end = Math.max(start, to.getStopIndex() + 1);
        return source.span(start, end);
    }

    /** An attribute with an invalid character, or a block whose header has one. */
    private boolean onBadLine(BodyItemContext item) {
        int first = item.getStart().getLine();
        int last = item.attribute() != null
                ? item.getStop().getLine()
                : item.block().LBRACE() == null
                        ? first
                        : item.block().LBRACE().getSymbol().getLine();
        for (int line = first; line <= last; line++) {
            if (badLines.contains(line)) {
                return true;
            }
        }
        return false;
    }

    /** True when the subtree holds an error: a recognition exception, a skipped or a conjured token. */
    private static boolean isBroken(ParseTree tree) {
        if (tree instanceof ErrorNode) {
            return true;
        }
        if (tree instanceof TerminalNode t) {
            return t.getSymbol().getTokenIndex() < 0;
        }
        ParserRuleContext ctx = (ParserRuleContext) tree;
        if (ctx.exception != null) {
            return true;
        }
        for (int i = 0; i < ctx.getChildCount(); i++) {
            if (isBroken(ctx.getChild(i))) {
                return true;
            }
        }
        return false;
    }
}
