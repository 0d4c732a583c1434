package dev.flywall.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywall.source.SourceFile;
import dev.flywall.syntax.Document;
import dev.flywall.syntax.DocumentJson;
import java.util.List;
import java.util.Map;

/** Checks, before measuring, that the parsers under test agree on a generated document. */
final class Documents {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Documents() {}

    /**
     * Fails unless our parser reads the HCL text without diagnostics and evaluates it to the same
     * JSON as Jackson reads from the JSON text (numbers compared by their text).
     */
    static ConfigGenerator.Generated checked(int blocks) {
        ConfigGenerator.Generated g = ConfigGenerator.generate(blocks);
        Document doc = Document.load(List.of(new SourceFile("bench.hcl", g.hcl())), Map.of());
        if (!doc.diagnostics().isEmpty()) {
            throw new IllegalStateException(
                    "generated HCL has diagnostics: " + doc.diagnostics().get(0));
        }
        try {
            String ours = MAPPER.writeValueAsString(DocumentJson.toJson(doc));
            String jackson = MAPPER.writeValueAsString(MAPPER.readTree(g.json()));
            if (!ours.equals(jackson)) {
                throw new IllegalStateException("our evaluation of the HCL differs from the JSON form");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return g;
    }
}
