package dev.flywall.model;

import dev.flywall.source.SourceSpan;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code api { listen, token }}: the daemon's local HTTP API.
 *
 * @param span where {@code listen} is written (else the block's header); empty for the default
 *     when there is no {@code api} block
 */
public record Api(HostPort listen, Optional<Secret> token, Optional<SourceSpan> span) {
    public static final Api DEFAULT = new Api(new HostPort("127.0.0.1", 8080), Optional.empty());

    public Api {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(span, "span");
    }

    public Api(HostPort listen, Optional<Secret> token) {
        this(listen, token, Optional.empty());
    }
}
