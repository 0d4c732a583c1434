package dev.flywall.model;

import java.util.Optional;

/** {@code api { listen, token }}: the daemon's local HTTP API. */
public record Api(HostPort listen, Optional<Secret> token) {
    public static final Api DEFAULT = new Api(new HostPort("127.0.0.1", 8080), Optional.empty());
}
