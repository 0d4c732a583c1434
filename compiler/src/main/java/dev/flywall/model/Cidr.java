package dev.flywall.model;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * An IPv4 or IPv6 prefix ({@code 192.168.1.0/24}, {@code 2001:db8::/32}); a bare address is a
 * host prefix (/32 or /128). {@code address} keeps the host bits as written (an interface
 * address such as {@code 192.168.1.1/24}); {@link #network()} clears them.
 */
public record Cidr(byte[] address, int prefix) implements Comparable<Cidr> {

    /** A decimal 0–999 without leading zeros (an octet or a prefix length, range checked after). */
    private static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile("0|[1-9][0-9]{0,2}");

    private static final java.util.regex.Pattern V6_CHARS = java.util.regex.Pattern.compile("[0-9A-Fa-f:.]+");

    public Cidr {
        if (address.length != 4 && address.length != 16) {
            throw new IllegalArgumentException("address must be 4 or 16 bytes");
        }
        if (prefix < 0 || prefix > address.length * 8) {
            throw new IllegalArgumentException("prefix out of range: " + prefix);
        }
        address = address.clone();
    }

    public boolean isV6() {
        return address.length == 16;
    }

    public Family family() {
        return isV6() ? Family.IPV6 : Family.IPV4;
    }

    /** The bytes of the address (a copy). */
    @Override
    public byte[] address() {
        return address.clone();
    }

    /**
     * Parses strictly: dotted quads without leading zeros, RFC 4291 IPv6 text, no zone ids, no
     * host names. Empty when the text is not an address or prefix.
     */
    public static Optional<Cidr> parse(String text) {
        int slash = text.indexOf('/');
        String addr = slash < 0 ? text : text.substring(0, slash);
        Optional<byte[]> bytes = addr.contains(":") ? v6(addr) : v4(addr);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        int max = bytes.get().length * 8;
        int prefix = max;
        if (slash >= 0) {
            String p = text.substring(slash + 1);
            if (!DECIMAL.matcher(p).matches()) {
                return Optional.empty();
            }
            prefix = Integer.parseInt(p);
            if (prefix > max) {
                return Optional.empty();
            }
        }
        return Optional.of(new Cidr(bytes.get(), prefix));
    }

    /** Dotted quad, each part 0–255 without leading zeros; a hand-written scan (hot in large sets). */
    private static Optional<byte[]> v4(String text) {
        byte[] out = new byte[4];
        int part = 0;
        int value = -1;
        int digits = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c >= '0' && c <= '9') {
                if (digits > 0 && value == 0 || ++digits > 3) {
                    return Optional.empty(); // leading zero, or too many digits
                }
                value = (value < 0 ? 0 : value * 10) + (c - '0');
            } else if (c == '.' && digits > 0 && value <= 255 && part < 4) {
                out[part++] = (byte) value;
                value = -1;
                digits = 0;
            } else {
                return Optional.empty();
            }
        }
        return part == 4 ? Optional.of(out) : Optional.empty();
    }

    private static Optional<byte[]> v6(String text) {
        // only hex digits, colons and (for a mapped v4 tail) dots: InetAddress must not resolve names
        if (!V6_CHARS.matcher(text).matches() || text.length() > 45 || text.contains(":::")) {
            return Optional.empty();
        }
        int doubleColons = text.split("::", -1).length - 1;
        if (doubleColons > 1) {
            return Optional.empty();
        }
        if (text.contains(".") && v4(text.substring(text.lastIndexOf(':') + 1)).isEmpty()) {
            return Optional.empty(); // the IPv4 tail follows the IPv4 rules (no leading zeros)
        }
        try {
            byte[] b = InetAddress.getByName("[" + text + "]").getAddress();
            if (b.length == 4) { // ::ffff:a.b.c.d is returned as v4 by Java
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(b, 0, mapped, 12, 4);
                return Optional.of(mapped);
            }
            return Optional.of(b);
        } catch (UnknownHostException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The prefix with host bits cleared. */
    public Cidr network() {
        byte[] n = address.clone();
        for (int bit = prefix; bit < n.length * 8; bit++) {
            n[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return new Cidr(n, prefix);
    }

    public boolean isHost() {
        return prefix == address.length * 8;
    }

    /** True when every address of {@code other} is in this prefix. */
    public boolean contains(Cidr other) {
        if (other.address.length != address.length || other.prefix < prefix) {
            return false;
        }
        return other.withPrefix(prefix).network().equals(network());
    }

    public boolean overlaps(Cidr other) {
        return contains(other) || other.contains(this);
    }

    private Cidr withPrefix(int p) {
        return new Cidr(address, p);
    }

    /** The address without prefix length, in canonical text (RFC 5952 for v6). */
    public String addressText() {
        if (!isV6()) {
            return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "."
                    + (address[3] & 0xff);
        }
        return Ipv6Text.format(address);
    }

    /** An address as people write it: dotted quad, or RFC 5952 IPv6 ({@code 2001:db8::1}, not the JDK's {@code 2001:db8:0:0:0:0:0:1}). */
    public static String addressText(java.net.InetAddress address) {
        byte[] raw = address.getAddress();
        return new Cidr(raw, raw.length * 8).addressText();
    }

    /** Canonical text: the address, and "/prefix" unless it is a host prefix. */
    @Override
    public String toString() {
        return isHost() ? addressText() : addressText() + "/" + prefix;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && java.util.Arrays.equals(c.address, address);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(address) * 31 + prefix;
    }

    @Override
    public int compareTo(Cidr o) {
        int byLength = Integer.compare(address.length, o.address.length);
        if (byLength != 0) {
            return byLength;
        }
        int byAddress = java.util.Arrays.compareUnsigned(address, o.address);
        return byAddress != 0 ? byAddress : Integer.compare(prefix, o.prefix);
    }

    /** Address families. */
    public enum Family {
        IPV4("ipv4_addr", "ip"),
        IPV6("ipv6_addr", "ip6");

        private final String nftType;
        private final String nftProtocol;

        Family(String nftType, String nftProtocol) {
            this.nftType = nftType;
            this.nftProtocol = nftProtocol;
        }

        /** The nft set type: ipv4_addr or ipv6_addr. */
        public String nftType() {
            return nftType;
        }

        /** The nft payload protocol keyword: ip or ip6. */
        public String nftProtocol() {
            return nftProtocol;
        }
    }
}
