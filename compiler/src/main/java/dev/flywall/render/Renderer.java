package dev.flywall.render;

import dev.flywall.plan.NftRuleset;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a ruleset to nft text with a FreeMarker template that lays out tables, sets and chains;
 * the rule text itself comes from the plan. Strict settings: a missing value is an error,
 * numbers are printed as computers write them, template errors are not logged.
 */
public final class Renderer {

    private static final Configuration FREEMARKER = configuration();

    private Renderer() {}

    private static Configuration configuration() {
        Configuration c = new Configuration(Configuration.VERSION_2_3_34);
        c.setClassForTemplateLoading(Renderer.class, "/dev/flywall/render");
        c.setDefaultEncoding("UTF-8");
        c.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        c.setLogTemplateExceptions(false);
        c.setWrapUncheckedExceptions(true);
        c.setFallbackOnNullLoopVariable(false);
        c.setNumberFormat("c");
        c.setRegisteredCustomOutputFormats(List.of(NftOutputFormat.INSTANCE));
        return c;
    }

    /** A duration in nft's words, in its largest whole unit: 1h, 90m, 1500ms. */
    static String nftDuration(java.time.Duration d) {
        long ms = d.toMillis();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1000L};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms % sizes[i] == 0) {
                return ms / sizes[i] + units[i];
            }
        }
        return ms + "ms";
    }

    /** The ruleset as an {@code nft -f} file that replaces table inet flywall atomically. */
    public static String ruleset(NftRuleset ruleset, String configHash) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("hash", configHash);
        List<Map<String, Object>> sets = new ArrayList<>();
        for (NftRuleset.NftSet s : ruleset.sets()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            m.put("type", s.type());
            m.put("flags", s.flags());
            m.put("autoMerge", s.autoMerge());
            m.put("elements", markup(String.join(", ", s.elements())));
            m.put("timeout", s.timeout().map(Renderer::nftDuration).orElse(""));
            m.put("comment", s.comment());
            sets.add(m);
        }
        List<Map<String, Object>> chains = new ArrayList<>();
        for (NftRuleset.NftChain c : ruleset.chains()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("hook", c.hook().map(Renderer::markup).orElse(markup("")));
            m.put("comment", c.comment());
            List<Map<String, Object>> rules = new ArrayList<>();
            for (NftRuleset.NftRule r : c.rules()) {
                rules.add(Map.of("text", markup(r.text()), "comment", r.comment(), "commentInText", r.commentInText()));
            }
            m.put("rules", rules);
            chains.add(m);
        }
        model.put("sets", sets);
        model.put("chains", chains);
        return render("ruleset.nft.ftl", model);
    }

    private static NftOutputFormat.Markup markup(String text) {
        try {
            return NftOutputFormat.INSTANCE.fromMarkup(text);
        } catch (freemarker.template.TemplateModelException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A template of this package with its model; the templates' own headers choose their output format. */
    static String render(String name, Map<String, Object> model) {
        try {
            Template template = FREEMARKER.getTemplate(name);
            StringWriter out = new StringWriter();
            template.process(model, out);
            return out.toString();
        } catch (IOException | TemplateException e) {
            throw new IllegalStateException("rendering " + name + " failed: " + e.getMessage(), e);
        }
    }
}
