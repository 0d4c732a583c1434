package dev.flywall.runtime.api;

import dev.flywall.runtime.watchdog.Secrets;
import dev.flywall.runtime.watchdog.WatchdogConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the API listens and the bearer token pin, unpin and failback need: the bundle's
 * {@code api { listen, token }} with the token resolved. Without a token, mutations are accepted
 * from loopback clients only, so an address beyond loopback without one would let the network pin
 * uplinks: refused here, and by {@code flywall lint} (E0520) before a bundle gets this far.
 */
public record ApiAccess(InetSocketAddress listen, Optional<String> token) {

    /**
     * @throws IllegalArgumentException when {@code listen} is not a loopback address and there is
     *     no token, or the token is blank
     */
    public ApiAccess {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(token, "token");
        if (token.isPresent() && token.get().isBlank()) {
            throw new IllegalArgumentException("the API token is empty: set a real one, or remove api { token }");
        }
        if (token.isEmpty() && (listen.isUnresolved() || !listen.getAddress().isLoopbackAddress())) {
            throw new IllegalArgumentException("the API would listen on " + Listen.format(listen) + " without a token,"
                    + " so anyone who reaches that address could pin uplinks: set api { token = env(\"...\") }, or"
                    + " listen on 127.0.0.1");
        }
    }

    /**
     * The installed bundle's settings; an unresolvable secret is an {@link IOException}, a bad
     * address an {@link IllegalArgumentException}, each naming what is wrong.
     */
    public static ApiAccess of(WatchdogConfig.Api api, Secrets secrets) throws IOException {
        Optional<String> token = api.token().isPresent()
                ? Optional.of(secrets.resolve(api.token().get()))
                : Optional.empty();
        return new ApiAccess(Listen.parse(api.listen()), token);
    }
}
