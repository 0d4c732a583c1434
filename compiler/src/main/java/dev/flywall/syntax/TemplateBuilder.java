package dev.flywall.syntax;

import dev.flywall.diag.Diagnostic;
import dev.flywall.grammar.HclParser.*;
import dev.flywall.source.SourceFile;
import dev.flywall.source.SourceSpan;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.antlr.v4.runtime.Token;

/**
 * Builds template expressions: decodes escapes (quoted strings only), merges literal runs,
 * normalises literal text to Unicode NFC, applies {@code ~} strip markers and removes the
 * common indentation of {@code <<-} heredocs.
 */
final class TemplateBuilder {

    private final SourceFile source;
    private final List<Diagnostic> diagnostics;
    private final Function<ExpressionContext, Expression> expressions;

    TemplateBuilder(
            SourceFile source, List<Diagnostic> diagnostics, Function<ExpressionContext, Expression> expressions) {
        this.source = source;
        this.diagnostics = diagnostics;
        this.expressions = expressions;
    }

    Expression.Template quoted(QuotedTemplateContext ctx) {
        TemplateLiteralContext only = onlyLiteral(ctx);
        List<TemplatePart> parts = only != null ? List.of(literalPart(only, true)) : parts(ctx.templatePart(), true);
        return new Expression.Template(parts, false, span(ctx.getStart(), ctx.getStop()));
    }

    /**
     * A quoted string of at most one literal token, from its tokens (no parse tree): what
     * {@link #quoted} builds for it. {@code literalText}: the literal token's text.
     */
    Expression.Template quoted(Token open, Token literal, String literalText, Token close) {
        List<TemplatePart> parts = literal == null
                ? List.of()
                : List.of(new TemplatePart.Literal(
                        literalText(literalText, literal.getStartIndex(), true),
                        source.span(literal.getStartIndex(), literal.getStopIndex() + 1)));
        return new Expression.Template(parts, false, span(open, close));
    }

    Expression.Template heredoc(HeredocTemplateContext ctx) {
        List<TemplatePart> parts = parts(ctx.templatePart(), false);
        if (ctx.getStart().getText().startsWith("<<-")) {
            parts = HeredocIndent.flush(parts);
        }
        return new Expression.Template(parts, true, span(ctx.getStart(), ctx.getStop()));
    }

    // ------------------------------------------------------------------ parts and strip markers

    /** Mutable while strip markers are applied. */
    private static final class Lit {
        StringBuilder text;
        SourceSpan span;
        boolean stripStart;

        Lit(String text, SourceSpan span) {
            this.text = new StringBuilder(text);
            this.span = span;
        }
    }

    /** The template's one part when that is a literal (most strings), else null; found without a list. */
    private static TemplateLiteralContext onlyLiteral(QuotedTemplateContext ctx) {
        TemplateLiteralContext only = null;
        int parts = 0;
        for (int i = 0, n = ctx.getChildCount(); i < n; i++) {
            if (ctx.getChild(i) instanceof TemplatePartContext part) {
                parts++;
                only = part instanceof TemplateLiteralContext l ? l : null;
            }
        }
        return parts == 1 ? only : null;
    }

    private TemplatePart.Literal literalPart(TemplateLiteralContext only, boolean quoted) {
        Token token = only.TEMPLATE_LITERAL().getSymbol();
        return new TemplatePart.Literal(
                literalText(token, quoted), source.span(token.getStartIndex(), token.getStopIndex() + 1));
    }

    private List<TemplatePart> parts(List<TemplatePartContext> ctxs, boolean quoted) {
        if (ctxs.size() == 1 && ctxs.get(0) instanceof TemplateLiteralContext only) {
            // most strings are one literal: no merging, no strip markers
            return List.of(literalPart(only, quoted));
        }
        List<Object> items = new ArrayList<>();
        for (TemplatePartContext ctx : ctxs) {
            Object part = part(ctx, quoted, items);
            if (part instanceof Lit lit && !items.isEmpty() && items.get(items.size() - 1) instanceof Lit prev) {
                prev.text.append(lit.text);
                prev.span = prev.span.to(lit.span);
            } else if (part != null) {
                if (part instanceof Lit lit && !items.isEmpty() && items.get(items.size() - 1) instanceof StripNext) {
                    lit.stripStart = true;
                }
                items.add(part);
            }
        }
        List<TemplatePart> out = new ArrayList<>();
        for (Object item : items) {
            if (item instanceof Lit lit) {
                // kept even when stripping empties it: " ${~ x}" is not a lone interpolation (hclsyntax)
                String text = lit.stripStart ? UnicodeSpace.stripLeading(lit.text.toString()) : lit.text.toString();
                out.add(new TemplatePart.Literal(text, lit.span));
            } else {
                out.add(((Pending) item).build());
            }
        }
        return out;
    }

    /** A non-literal part waiting for the strip markers of its neighbours to be applied. */
    private interface Pending {
        TemplatePart build();
    }

    private Object part(TemplatePartContext ctx, boolean quoted, List<Object> before) {
        return switch (ctx) {
            case TemplateLiteralContext l -> literal(l.TEMPLATE_LITERAL().getSymbol(), quoted);
            case TemplateInterpolationContext i -> {
                if (i.open != null) {
                    stripEnd(before);
                }
                Expression e = expressions.apply(i.expression());
                SourceSpan span = span(i.getStart(), i.getStop());
                yield stripNextIf(i.close != null, () -> new TemplatePart.Interpolation(e, span));
            }
            case TemplateIfPartContext p -> ifDirective(p.templateIf(), quoted, before);
            case TemplateForPartContext p -> forDirective(p.templateFor(), quoted, before);
            default -> throw new IllegalStateException("unknown template part " + ctx.getClass());
        };
    }

    private Object ifDirective(TemplateIfContext ctx, boolean quoted, List<Object> before) {
        if (ctx.ifOpen.TILDE() != null) {
            stripEnd(before);
        }
        List<TemplatePart> then = parts(ctx.thenParts, quoted);
        List<TemplatePart> otherwise = ctx.elseOpen == null ? List.of() : parts(ctx.elseParts, quoted);
        then = trim(
                then,
                ctx.ifClose.TILDE() != null,
                ctx.elseOpen != null ? ctx.elseOpen.TILDE() != null : ctx.endOpen.TILDE() != null);
        if (ctx.elseOpen != null) {
            otherwise = trim(otherwise, ctx.elseClose.TILDE() != null, ctx.endOpen.TILDE() != null);
        }
        Expression cond = expressions.apply(ctx.expression());
        SourceSpan span = span(ctx.getStart(), ctx.getStop());
        List<TemplatePart> t = then;
        List<TemplatePart> o = otherwise;
        return stripNextIf(ctx.endClose.TILDE() != null, () -> new TemplatePart.If(cond, t, o, span));
    }

    private Object forDirective(TemplateForContext ctx, boolean quoted, List<Object> before) {
        if (ctx.forOpen.TILDE() != null) {
            stripEnd(before);
        }
        List<TemplatePart> body =
                trim(parts(ctx.parts, quoted), ctx.forClose.TILDE() != null, ctx.endOpen.TILDE() != null);
        String keyVar = ctx.second == null ? null : ctx.first.getText();
        String valueVar = (ctx.second == null ? ctx.first : ctx.second).getText();
        Expression coll = expressions.apply(ctx.expression());
        SourceSpan span = span(ctx.getStart(), ctx.getStop());
        return stripNextIf(
                ctx.endClose.TILDE() != null, () -> new TemplatePart.For(keyVar, valueVar, coll, body, span));
    }

    /** Marks that the literal following this part loses its leading whitespace. */
    private Object stripNextIf(boolean strip, Pending pending) {
        return strip ? new StripNext(pending) : pending;
    }

    private record StripNext(Pending inner) implements Pending {
        @Override
        public TemplatePart build() {
            return inner.build();
        }
    }

    private Lit literal(Token token, boolean quoted) {
        SourceSpan span = source.span(token.getStartIndex(), token.getStopIndex() + 1);
        return new Lit(literalText(token, quoted), span);
    }

    /** A literal's text: escapes decoded (quoted templates), $${ and %%{ unescaped, NFC. */
    private String literalText(Token token, boolean quoted) {
        return literalText(token.getText(), token.getStartIndex(), quoted);
    }

    /** The same, from the token's text and where it starts. */
    private String literalText(String raw, int start, boolean quoted) {
        String text = quoted ? Escapes.decode(raw, start, source, diagnostics) : raw;
        text = text.replace("$${", "${").replace("%%{", "%{");
        return isAscii(text) ? text : Normalizer.normalize(text, Normalizer.Form.NFC); // ASCII is NFC
    }

    private static boolean isAscii(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static void stripEnd(List<Object> before) {
        if (!before.isEmpty() && before.get(before.size() - 1) instanceof Lit lit) {
            int end = lit.text.length();
            while (end > 0 && UnicodeSpace.isSpace(lit.text.charAt(end - 1))) {
                end--;
            }
            lit.text.setLength(end);
        }
    }

    private static List<TemplatePart> trim(List<TemplatePart> parts, boolean start, boolean end) {
        List<TemplatePart> out = new ArrayList<>(parts);
        if (start && !out.isEmpty() && out.get(0) instanceof TemplatePart.Literal l) {
            out.set(0, new TemplatePart.Literal(UnicodeSpace.stripLeading(l.text()), l.span()));
        }
        int last = out.size() - 1;
        if (end && last >= 0 && out.get(last) instanceof TemplatePart.Literal l) {
            out.set(last, new TemplatePart.Literal(UnicodeSpace.stripTrailing(l.text()), l.span()));
        }
        out.removeIf(p -> p instanceof TemplatePart.Literal l && l.text().isEmpty());
        return out;
    }

    private SourceSpan span(Token from, Token to) {
        int start = from.getStartIndex();
        int stop = to == null || to.getType() == Token.EOF ? start : to.getStopIndex() + 1;
        return source.span(start, Math.max(start, stop));
    }
}
