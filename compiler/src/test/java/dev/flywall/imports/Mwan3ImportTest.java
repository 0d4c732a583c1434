package dev.flywall.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.decode.Frontend;
import dev.flywall.diag.Diagnostic;
import dev.flywall.source.SourceFile;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Corner cases of the mapping that the golden cases do not show. */
class Mwan3ImportTest {

    @Test
    void anEmptyFileGivesAConfigurationOfCommentsOnly() {
        Mwan3Import.Result result = convert("", "");
        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.notImported()).isZero();
        assertThat(result.hcl()).startsWith("# Imported from mwan3 and network by flywall import mwan3.\n");
        assertThat(lintErrors(result.hcl())).isEmpty();
    }

    @Test
    void everyNotImportedCommentIsCounted() {
        Mwan3Import.Result result =
                convert("""
                config interface 'wan'
                \toption enabled '1'
                \toption size '100'
                \toption colour 'blue'
                config interface 'off'
                """, "config interface 'wan'\n\toption device 'eth0'\n\toption proto 'dhcp'\n");
        assertThat(result.notImported()).isEqualTo(3);
        assertThat(result.hcl())
                .contains("# size '100': flywall's probes have a fixed size and TTL; not imported")
                .contains("# option colour 'blue': not an option of mwan3's interface sections that flywall knows;"
                        + " not imported")
                .contains("# mwan3 interface \"off\" is not enabled");
        assertThat(result.hcl().lines().filter(l -> l.endsWith("not imported")).count())
                .isEqualTo(3);
        assertThat(lintErrors(result.hcl())).isEmpty();
    }

    @Test
    void valuesAreQuotedSafely() {
        Mwan3Import.Result result = convert(
                "config interface 'wan'\n\toption enabled '1'\n",
                "config interface 'wan'\n\toption device 'eth0'\n\toption proto 'pppoe'\n"
                        + "\toption username 'a\"b${x}%{y}\\'\n\toption password 'p'\n");
        assertThat(result.hcl()).contains("username = \"a\\\"b$${x}%%{y}\\\\\"");
        assertThat(lintErrors(result.hcl())).isEmpty();
    }

    @Test
    void aNetmaskIsAPrefixLength() {
        assertThat(NetworkConfig.maskLength("255.255.255.0")).contains(24);
        assertThat(NetworkConfig.maskLength("255.255.255.248")).contains(29);
        assertThat(NetworkConfig.maskLength("0.0.0.0")).contains(0);
        assertThat(NetworkConfig.maskLength("255.0.255.0")).isEmpty();
        assertThat(NetworkConfig.maskLength("24")).isEmpty();
    }

    @Test
    void durationsUseTheLargestWholeUnit() {
        assertThat(Durations.seconds(10)).isEqualTo("10s");
        assertThat(Durations.seconds(90)).isEqualTo("90s");
        assertThat(Durations.seconds(600)).isEqualTo("10m");
        assertThat(Durations.seconds(7200)).isEqualTo("2h");
    }

    private static Mwan3Import.Result convert(String mwan3, String network) {
        return Mwan3Import.convert(new SourceFile("mwan3", mwan3), Optional.of(new SourceFile("network", network)));
    }

    private static List<Diagnostic> lintErrors(String hcl) {
        return Frontend.load(List.of(new SourceFile("flywall.hcl", hcl)), Map.of()).diagnostics().stream()
                .filter(Diagnostic::isError)
                .toList();
    }
}
