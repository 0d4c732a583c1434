package dev.flywall.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.diag.Code;
import dev.flywall.validate.HaDiagnosticsTest;
import dev.flywall.validate.Ipv6DiagnosticsTest;
import dev.flywall.validate.MaintenanceDiagnosticsTest;
import dev.flywall.validate.ReferenceDiagnosticsTest;
import dev.flywall.validate.WarningDiagnosticsTest;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the diagnostic tables complete: every schema (E03xx), reference (E04xx) and warning
 * (W05xx) code in {@link Code} has at least one row in {@link SchemaDiagnosticsTest},
 * {@link ValueDiagnosticsTest}, {@link ReferenceDiagnosticsTest}, {@link WarningDiagnosticsTest} or
 * {@link Ipv6DiagnosticsTest}.
 * A new code fails here until someone writes the configuration that triggers it.
 */
class DiagnosticCodesTest {

    private static final String RANGES = "E03\\d\\d|E04\\d\\d|W05\\d\\d";

    private static List<DiagnosticCase> allCases() {
        return Stream.of(
                        SchemaDiagnosticsTest.cases(),
                        ValueDiagnosticsTest.cases(),
                        ReferenceDiagnosticsTest.cases(),
                        WarningDiagnosticsTest.cases(),
                        Ipv6DiagnosticsTest.cases(),
                        HaDiagnosticsTest.cases(),
                        MaintenanceDiagnosticsTest.cases())
                .flatMap(s -> s)
                .toList();
    }

    @Test
    void everyCodeInTheRangesHasATestCase() {
        Set<Code> covered = allCases().stream().map(DiagnosticCase::code).collect(Collectors.toSet());
        List<String> untested = Arrays.stream(Code.values())
                .filter(c -> c.id().matches(RANGES))
                .filter(c -> !covered.contains(c))
                .map(Code::id)
                .toList();
        assertThat(untested).as("codes without a row in the diagnostic tables").isEmpty();
    }

    @Test
    void theRangesAreTheOnesThisTestKnows() {
        // a guard against the filter above silently matching nothing
        assertThat(Arrays.stream(Code.values())
                        .filter(c -> c.id().matches(RANGES))
                        .count())
                .isGreaterThanOrEqualTo(40);
    }

    @Test
    void casesOnlyUseCodesOfTheRangesAndHaveDistinctNames() {
        List<DiagnosticCase> cases = allCases();
        assertThat(cases).allSatisfy(c -> assertThat(c.code().id()).matches(RANGES));
        assertThat(cases.stream().map(DiagnosticCase::toString)).doesNotHaveDuplicates();
    }

    @Test
    void warningRowsAreWarningsAndErrorRowsErrors() {
        assertThat(allCases())
                .allSatisfy(c -> assertThat(c.severity().name().charAt(0))
                        .isEqualTo(c.code().id().charAt(0)));
    }
}
