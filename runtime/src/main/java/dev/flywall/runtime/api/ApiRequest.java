package dev.flywall.runtime.api;

import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One whole HTTP request to the API, read within the {@link ApiLimits}.
 *
 * @param headers the first value of each header, by lower-case name
 */
record ApiRequest(String method, URI target, Map<String, String> headers, InetAddress remote, byte[] body) {

    ApiRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(body, "body");
    }

    String path() {
        return target.getPath() == null ? "" : target.getPath();
    }

    String rawQuery() {
        return target.getRawQuery();
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
}
