package dev.flywall.render;

import freemarker.core.CommonMarkupOutputFormat;
import freemarker.core.CommonTemplateMarkupOutputModel;
import freemarker.template.TemplateModelException;
import java.io.IOException;
import java.io.Writer;
import java.util.regex.Pattern;

/**
 * FreeMarker output format for nft text. Every {@code ${...}} of plain text is checked: only
 * printable ASCII without quotes or backslashes may reach nft, so a name can never end a string
 * or start a new statement. Rule text built by flywall's Java code enters as markup, never as
 * plain text, and templates must not use {@code ?no_esc}.
 */
public final class NftOutputFormat extends CommonMarkupOutputFormat<NftOutputFormat.Markup> {

    public static final NftOutputFormat INSTANCE = new NftOutputFormat();

    private static final Pattern SAFE = Pattern.compile("[\\x20-\\x7e&&[^\"\\\\]]*");

    private NftOutputFormat() {}

    @Override
    public String getName() {
        return "nft";
    }

    @Override
    public String getMimeType() {
        return "text/x-nftables";
    }

    @Override
    public void output(String textToEsc, Writer out) throws IOException, TemplateModelException {
        out.write(escapePlainText(textToEsc));
    }

    /** Refuses rather than escapes: nothing that needs escaping is allowed into nft text. */
    @Override
    public String escapePlainText(String plainTextContent) throws TemplateModelException {
        if (!SAFE.matcher(plainTextContent).matches()) {
            throw new TemplateModelException(
                    "refusing to write unsafe text into nft: " + plainTextContent.replaceAll("[^\\x20-\\x7e]", "?"));
        }
        return plainTextContent;
    }

    @Override
    public boolean isLegacyBuiltInBypassed(String builtInName) {
        return false;
    }

    @Override
    protected Markup newTemplateMarkupOutputModel(String plainTextContent, String markupContent) {
        return new Markup(plainTextContent, markupContent);
    }

    /** nft text that flywall built itself from validated pieces. */
    public static final class Markup extends CommonTemplateMarkupOutputModel<Markup> {
        Markup(String plainTextContent, String markupContent) {
            super(plainTextContent, markupContent);
        }

        @Override
        public NftOutputFormat getOutputFormat() {
            return INSTANCE;
        }
    }
}
