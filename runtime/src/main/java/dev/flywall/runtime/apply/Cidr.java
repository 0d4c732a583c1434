package dev.flywall.runtime.apply;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An interface address with its prefix length ({@code 192.0.2.2/24}, {@code 2001:db8::2/64}), as
 * {@code ip address} takes and lists it. Parsed strictly (a literal, never a name to resolve), so a
 * string from the bundle reaches {@code ip} only once it is known to be an address; written in the
 * kernel's form (IPv6 lower case and compressed as RFC 5952 says), so a declared address and a
 * listed one compare equal whatever their spelling.
 */
record Cidr(InetAddress address, int prefix) {

    private static final Pattern V4 = Pattern.compile("(\\d{1,3}\\.){3}\\d{1,3}");
    private static final Pattern V6 = Pattern.compile("[0-9a-fA-F:]{2,39}");

    Cidr {
        int max = address.getAddress().length * 8;
        if (prefix < 0 || prefix > max) {
            throw new IllegalArgumentException("prefix out of range: " + prefix);
        }
    }

    /** The address of {@code text}, or empty when it is not an address with a prefix length. */
    static Optional<Cidr> parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0 || text.length() > 43) {
            return Optional.empty();
        }
        String host = text.substring(0, slash);
        String bits = text.substring(slash + 1);
        boolean v4 = V4.matcher(host).matches();
        if (!bits.matches("\\d{1,3}") || !(v4 || (V6.matcher(host).matches() && host.contains(":")))) {
            return Optional.empty();
        }
        if (v4) {
            for (String octet : host.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return Optional.empty();
                }
            }
        }
        try {
            // a literal: getByName resolves nothing for it
            InetAddress address = InetAddress.getByName(host);
            int prefix = Integer.parseInt(bits);
            if (prefix > address.getAddress().length * 8 || (v4 != (address.getAddress().length == 4))) {
                return Optional.empty();
            }
            return Optional.of(new Cidr(address, prefix));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    boolean isV6() {
        return address.getAddress().length == 16;
    }

    @Override
    public String toString() {
        return host() + "/" + prefix;
    }

    /** The address as ip lists it: dotted quad, or RFC 5952 (the compiler's canonical text, which is the same). */
    String host() {
        return new dev.flywall.model.Cidr(address.getAddress(), prefix).addressText();
    }
}
