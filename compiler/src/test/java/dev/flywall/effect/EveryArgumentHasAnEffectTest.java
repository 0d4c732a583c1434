package dev.flywall.effect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.flywall.diag.Code;
import dev.flywall.diag.Diagnostic;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Issue 12: a configuration accepted by lint must do what it declares. For every argument of
 * every block of the schema (walked from {@code Schema.ROOT}, so a new argument is checked
 * without touching this test), one of these holds:
 * <ul>
 * <li>a scenario in {@code src/test/resources/effect/} sets it with a {@code # alt: VALUE} comment,
 * and writing VALUE instead changes a compiled artifact (ruleset.nft, routes.ip, routes6.ip,
 * watchdog.json or secrets.json, without the config hash, which changes with any edit);</li>
 * <li>it is in {@link EffectLists#PROVEN_AT_RUN_TIME} with the runtime or cli test that proves
 * its effect;</li>
 * <li>it is in {@link EffectLists#NOT_SUPPORTED}: lint rejects it as not supported yet;</li>
 * <li>it is in {@link EffectLists#EXCEPTIONS} with a reason.</li>
 * </ul>
 */
class EveryArgumentHasAnEffectTest {

    private static final List<Scenario> SCENARIOS = Scenario.all();
    private static final Map<String, Map<String, String>> BASE = new HashMap<>();

    @TestFactory
    Stream<DynamicTest> everyArgumentChangesAnArtifactOrIsListed() {
        Map<String, List<Scenario.Occurrence>> byPath = SCENARIOS.stream()
                .flatMap(s -> s.occurrences().stream())
                .collect(Collectors.groupingBy(Scenario.Occurrence::path));
        return SchemaArgument.all().stream()
                .map(arg -> DynamicTest.dynamicTest(
                        arg.path(), () -> check(arg, byPath.getOrDefault(arg.path(), List.of()))));
    }

    private static void check(SchemaArgument arg, List<Scenario.Occurrence> occurrences) {
        String listed = EffectLists.listing(arg.path());
        if (listed != null) {
            assertThat(occurrences)
                    .as(
                            "%s is listed (%s) but a scenario changes it with # alt:; an argument is"
                                    + " either proven by a scenario or listed, not both",
                            arg.path(), listed)
                    .isEmpty();
            return;
        }
        if (occurrences.isEmpty()) {
            fail(arg.path() + " has no proven effect. Set it in a scenario of compiler/src/test/resources/effect/"
                    + " with a trailing \"# alt: OTHER_VALUE\" so the test sees a compiled artifact change; if its"
                    + " effect is only at run time add it to EffectLists.PROVEN_AT_RUN_TIME with the test that"
                    + " proves it; if it is not implemented make lint reject it (EffectLists.NOT_SUPPORTED).");
        }
        occurrences.forEach(EveryArgumentHasAnEffectTest::changesAnArtifact);
    }

    private static void changesAnArtifact(Scenario.Occurrence o) {
        assertThat(o.alternative())
                .as("%s: the alternative differs from the value", o)
                .isNotEqualTo(o.original());
        Map<String, String> base = BASE.computeIfAbsent(
                o.source().name(),
                name -> Scenario.artifacts(o.source(), o.source().text(), name));
        Map<String, String> changed = Scenario.artifacts(o.source(), o.changedText(), o.toString());
        assertThat(changed)
                .as(
                        "%s: changing the argument changed no compiled artifact, so the configuration"
                                + " accepts it and ignores it. Make it have its documented effect, or make lint reject it"
                                + " (\"Not supported yet\", EffectLists.NOT_SUPPORTED)",
                        o)
                .isNotEqualTo(base);
    }

    @Test
    void listsNameArgumentsOfTheSchemaEachOnce() {
        Set<String> schema =
                SchemaArgument.all().stream().map(SchemaArgument::path).collect(Collectors.toSet());
        List<String> listed = EffectLists.allListedPaths();
        assertThat(listed).as("listed arguments that the schema does not have").isSubsetOf(schema);
        assertThat(listed).as("an argument is listed once").doesNotHaveDuplicates();
        Set<String> annotated = SCENARIOS.stream()
                .flatMap(s -> s.occurrences().stream())
                .map(Scenario.Occurrence::path)
                .collect(Collectors.toSet());
        assertThat(annotated)
                .as("scenario arguments that the schema does not have")
                .isSubsetOf(schema);
    }

    @TestFactory
    Stream<DynamicTest> argumentsNotSupportedYetAreRejected() {
        return EffectLists.NOT_SUPPORTED.entrySet().stream()
                .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
                    String path = e.getKey();
                    String block = path.substring(0, path.lastIndexOf('.'));
                    Scenario scenario = SCENARIOS.stream()
                            .filter(s -> s.blockOpenings().containsKey(block))
                            .findFirst()
                            .orElseThrow(
                                    () -> new AssertionError("no scenario has a block " + block + " to add " + path));
                    String text = scenario.withArgument(
                                    block,
                                    path.substring(block.length() + 1),
                                    e.getValue().value())
                            .orElseThrow();
                    List<Code> codes = Scenario.compile(scenario.source(), text).diagnostics().stream()
                            .filter(Diagnostic::isError)
                            .map(Diagnostic::code)
                            .toList();
                    assertThat(codes)
                            .as("%s is listed as not supported yet, so lint rejects it", path)
                            .containsExactly(e.getValue().code());
                }));
    }

    @Test
    void runTimeProofsNameTestsThatExist() {
        EffectLists.PROVEN_AT_RUN_TIME.forEach(
                (path, test) -> assertThat(RunTimeProof.parse(test).exists())
                        .as("%s is proven at run time by %s: no such test in runtime/ or cli/ src/test", path, test)
                        .isTrue());
    }

    @Test
    void aRunTimeProofIsCheckedAgainstTheTestSources() {
        assertThat(RunTimeProof.parse("dev.flywall.runtime.watchdog.WatchdogConfigTest#dualWanInDetail")
                        .exists())
                .isTrue();
        assertThat(RunTimeProof.parse("dev.flywall.runtime.watchdog.WatchdogConfigTest#noSuchMethod")
                        .exists())
                .isFalse();
        assertThat(RunTimeProof.parse("dev.flywall.runtime.NoSuchTest#dualWanInDetail")
                        .exists())
                .isFalse();
    }

    @Test
    void everyExceptionHasAReason() {
        EffectLists.EXCEPTIONS.forEach((path, reason) ->
                assertThat(reason).as("the reason %s is an exception", path).hasSizeGreaterThan(20));
    }
}
