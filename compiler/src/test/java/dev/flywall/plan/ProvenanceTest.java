package dev.flywall.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.Compiler;
import dev.flywall.model.Config;
import dev.flywall.source.SourceFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every rule's comment leads back to the block of the configuration it came from. */
class ProvenanceTest {

    @Test
    void everyGeneratedRuleCommentResolvesOrIsStructural() throws Exception {
        Path example = Path.of("..", "examples", "policy-routing.hcl");
        Compiler.Result result =
                Compiler.compile(List.of(new SourceFile("policy-routing.hcl", Files.readString(example))), Map.of());
        Config config = result.config().orElseThrow();
        String ruleset = result.artifacts().orElseThrow().rulesetNft();
        int resolved = 0;
        for (String line : ruleset.split("\n")) {
            var comment = Provenance.commentIn(line);
            if (comment.isEmpty() || !comment.get().matches("(policy_route|uplink_group|uplink|ipset) .*")) {
                continue;
            }
            assertThat(Provenance.resolve(comment.get(), config)).as(line).isPresent();
            resolved++;
        }
        assertThat(resolved).isGreaterThan(5);
        var vpn = Provenance.resolve("policy_route work-vpn via eth0", config).orElseThrow();
        assertThat(Files.readAllLines(example).get(vpn.start().line() - 1)).contains("policy_route \"work-vpn\"");
        assertThat(Provenance.resolve("established connections keep their uplink", config))
                .isEmpty();
    }
}
