package dev.flywall.validate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which {@code api { listen }} hosts count as loopback for E0413: those only this host can reach.
 * A name other than localhost is resolved by the daemon at start, so lint cannot vouch for it.
 */
class ApiListenTest {

    @ParameterizedTest(name = "{0} loopback: {1}")
    @CsvSource({
        "127.0.0.1, true", "127.1.2.3, true", "localhost, true", "LOCALHOST, true", "[::1], true",
        "0.0.0.0, false", "[::], false", "192.168.1.1, false", "128.0.0.1, false", "[2001:db8::1], false",
        "gateway.lan, false", "[::ffff:10.0.0.1], false"
    })
    void loopbackHosts(String host, boolean loopback) {
        assertThat(Validator.loopback(host)).isEqualTo(loopback);
    }
}
