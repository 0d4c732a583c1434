package dev.flywall.runtime.api;

import java.net.InetSocketAddress;

/**
 * The API's {@code listen} setting as the configuration writes it: {@code host:port}, with IPv6
 * addresses in brackets ({@code [::1]:8080}), the way URLs and {@code ss} show them.
 */
public final class Listen {

    private Listen() {}

    /**
     * Parses and resolves {@code host:port}; a malformed value or a host that does not resolve is
     * an {@link IllegalArgumentException} naming it.
     */
    public static InetSocketAddress parse(String listen) {
        int colon = listen.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("the API address " + listen + " is not host:port (or [v6]:port)");
        }
        String host = listen.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("the API address " + listen + " needs brackets around an IPv6"
                    + " address: [" + host + "]:" + listen.substring(colon + 1));
        }
        int port;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("the API address " + listen + " has no valid port (0-65535)");
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("the API address " + listen + ": cannot resolve " + host);
        }
        return address;
    }

    /** {@code 127.0.0.1:8080} or {@code [::1]:8080}. */
    public static String format(InetSocketAddress address) {
        String host = address.isUnresolved()
                ? address.getHostString()
                : address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
