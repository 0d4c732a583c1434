package dev.flywall.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code host:port}, where host is a DNS name, an IPv4 address or a bracketed IPv6 address. */
public record HostPort(String host, int port) {

    private static final Pattern NAME = Pattern.compile(
            "(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern TEXT = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[^:\\[\\]]+):([1-9][0-9]{0,4})");

    public static Optional<HostPort> parse(String text) {
        Matcher m = TEXT.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        String host = m.group(1);
        int port = Integer.parseInt(m.group(2));
        if (port < 1 || port > 65535) {
            return Optional.empty();
        }
        boolean valid;
        if (host.startsWith("[")) {
            valid = Cidr.parse(host.substring(1, host.length() - 1))
                    .filter(c -> c.isV6() && c.isHost())
                    .isPresent();
        } else if (host.matches("[0-9.]+")) {
            valid = Cidr.parse(host).filter(Cidr::isHost).isPresent(); // all digits: an IPv4 address or nothing
        } else {
            valid = NAME.matcher(host).matches();
        }
        return valid ? Optional.of(new HostPort(host, port)) : Optional.empty();
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
