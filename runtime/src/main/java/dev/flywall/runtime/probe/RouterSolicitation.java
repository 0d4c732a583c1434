package dev.flywall.runtime.probe;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * Asks the routers on a link for a router advertisement now (an RFC 4861 router solicitation to
 * all-routers, {@code ff02::2}). The kernel solicits by itself only when a link comes up with
 * router advertisements accepted; when {@code flywall apply} turns {@code accept_ra} on for a link
 * that is up already, the first advertisement would otherwise wait for the router's next
 * unsolicited one, which real routers send every few minutes (up to 600 s by RFC 4861's default).
 */
public final class RouterSolicitation {

    private static final int IPPROTO_IPV6 = 41;
    private static final int IPV6_MULTICAST_HOPS = 18;
    private static final byte[] ALL_ROUTERS = {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};

    private RouterSolicitation() {}

    /**
     * Sends one solicitation out of {@code device}, from the kernel's choice of its link-local
     * address. A link without a usable link-local address yet (duplicate detection under way) is
     * an exception naming it; the caller decides whether that matters.
     */
    public static void send(String device) throws IOException {
        try {
            solicit(device);
        } catch (ProbeException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static void solicit(String device) throws ProbeException {
        int index;
        Inet6Address destination;
        try {
            NetworkInterface nic = NetworkInterface.getByName(device);
            if (nic == null) {
                throw new ProbeException("device " + device + " does not exist");
            }
            index = nic.getIndex();
            destination = Inet6Address.getByAddress(null, ALL_ROUTERS, index);
        } catch (SocketException | UnknownHostException e) {
            throw new ProbeException("cannot address the routers on " + device + ": " + e.getMessage());
        }
        Sockets.LibC c = Sockets.libc();
        int fd = c.socket(Sockets.AF_INET6, Sockets.SOCK_RAW | Sockets.SOCK_CLOEXEC, Sockets.IPPROTO_ICMPV6);
        if (fd < 0) {
            int e = Sockets.errno();
            throw new ProbeException(
                    e == Sockets.EPERM || e == Sockets.EACCES
                            ? "raw ICMPv6 socket refused: needs CAP_NET_RAW (run as root)"
                            : "cannot open a raw ICMPv6 socket: " + Sockets.describe(e));
        }
        try {
            Sockets.pin(fd, new Egress(device, 0, Optional.empty()));
            // neighbour discovery messages must arrive with hop limit 255 or receivers drop them
            byte[] hops = ByteBuffer.allocate(4)
                    .order(ByteOrder.nativeOrder())
                    .putInt(255)
                    .array();
            if (c.setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, hops, 4) != 0) {
                throw new ProbeException("cannot set the hop limit: " + Sockets.describe(Sockets.errno()));
            }
            // type 133, code 0, checksum (the kernel fills it in for ICMPv6 raw sockets), reserved
            byte[] message = {(byte) 133, 0, 0, 0, 0, 0, 0, 0};
            byte[] to = Sockets.sockaddr(destination);
            if (c.sendto(fd, message, message.length, 0, to, to.length) != message.length) {
                int e = Sockets.errno();
                throw new ProbeException("cannot solicit a router advertisement on " + device + ": "
                        + (e == Sockets.EADDRNOTAVAIL ? "no usable link-local address yet" : Sockets.describe(e)));
            }
        } finally {
            Sockets.close(fd);
        }
    }
}
