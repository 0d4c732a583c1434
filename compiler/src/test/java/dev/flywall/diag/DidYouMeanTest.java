package dev.flywall.diag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DidYouMeanTest {

    private static final List<String> UPLINKS = List.of("eth0", "eth1", "wan_fiber", "lte");

    @Test
    void suggestsTransposition() {
        assertThat(DidYouMean.suggest("eht0", UPLINKS)).contains("eth0");
    }

    @Test
    void suggestsWithinTwoEdits() {
        assertThat(DidYouMean.suggest("wan_fibre", UPLINKS)).contains("wan_fiber");
        assertThat(DidYouMean.suggest("lt", UPLINKS)).contains("lte");
    }

    @Test
    void threeEditsIsTooFar() {
        assertThat(DidYouMean.distance("wan", "wan_fi")).isEqualTo(3);
        assertThat(DidYouMean.suggest("wan", List.of("wan_fi"))).isEmpty();
        assertThat(DidYouMean.suggest("ppp0", UPLINKS)).isEmpty();
    }

    @Test
    void prefersTheClosestCandidateOverAnEarlierOne() {
        assertThat(DidYouMean.suggest("eth2x", List.of("eth", "eth2"))).contains("eth2");
    }

    @Test
    void tiesGoToTheEarlierCandidate() {
        assertThat(DidYouMean.suggest("eth", List.of("eth1", "eth0"))).contains("eth1");
        assertThat(DidYouMean.suggest("eth", List.of("eth0", "eth1"))).contains("eth0");
        assertThat(DidYouMean.suggest("eth", new LinkedHashSet<>(List.of("eth9", "eth0"))))
                .contains("eth9");
    }

    @Test
    void caseInsensitiveMatchWinsOverCloserCandidates() {
        // "ETH0" is three edits from "eth0" but only one from "ETH1"
        assertThat(DidYouMean.suggest("ETH0", List.of("ETH1", "eth0"))).contains("eth0");
        assertThat(DidYouMean.suggest("Lte", UPLINKS)).contains("lte");
    }

    @Test
    void exactMatchSuggestsItself() {
        assertThat(DidYouMean.suggest("lte", UPLINKS)).contains("lte");
    }

    @Test
    void nothingToSuggest() {
        assertThat(DidYouMean.suggest("eth0", List.of())).isEmpty();
        assertThat(DidYouMean.suggest("", UPLINKS)).isEmpty();
        assertThat(DidYouMean.suggest("x", new ArrayList<>(Arrays.asList(null, "y"))))
                .contains("y");
    }

    @Test
    void rejectsNulls() {
        assertThatNullPointerException().isThrownBy(() -> DidYouMean.suggest(null, UPLINKS));
        assertThatNullPointerException().isThrownBy(() -> DidYouMean.suggest("x", null));
    }

    @ParameterizedTest
    @CsvSource({
        "'', '', 0",
        "'', abc, 3",
        "abc, '', 3",
        "kitten, sitting, 3",
        "flaw, lawn, 2",
        "eht0, eth0, 2",
        "gumbo, gambol, 2",
        "wän, wan, 1",
        "😀a, 😀b, 1",
        "😀, a, 1",
    })
    void levenshteinDistanceCountsCodePoints(String a, String b, int expected) {
        assertThat(DidYouMean.distance(a, b)).isEqualTo(expected);
        assertThat(DidYouMean.distance(b, a)).isEqualTo(expected);
    }
}
