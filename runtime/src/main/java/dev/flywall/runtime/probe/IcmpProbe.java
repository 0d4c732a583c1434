package dev.flywall.runtime.probe;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * An ICMP (or ICMPv6) echo over a raw socket of its own, bound to the WAN device and marked.
 *
 * <p>One socket per probe rather than one per uplink: the socket lives exactly as long as the probe
 * (nothing to leak, nothing to re-bind when a device is renamed or re-created), and concurrent
 * probes need no shared reader to hand replies out. The price is a few system calls per probe per
 * interval. Since a raw socket sees every ICMP message arriving on its device, the kernel filter
 * ({@code ICMP_FILTER}/{@code ICMP6_FILTER}) passes only echo replies and the errors that can
 * report on our request, and a reply counts only with our identifier, sequence number, payload and
 * the target as its source.
 *
 * <p>Waiting uses {@code poll}, a native call that would pin a virtual thread's carrier, so
 * {@link #run} runs on a platform thread.
 */
final class IcmpProbe implements Probe {

    private static final int PAYLOAD = 56;

    private final String target;
    private final InetAddress address;
    private final boolean v6;
    private final int id;
    private final int sequence;
    private final long nonce;
    private final int fd;

    IcmpProbe(String target, InetAddress address, Egress egress, int id, int sequence, long nonce)
            throws ProbeException {
        this.target = target;
        this.address = address;
        this.v6 = address instanceof Inet6Address;
        this.id = id & 0xffff;
        this.sequence = sequence & 0xffff;
        this.nonce = nonce;
        Sockets.LibC c = Sockets.libc();
        int family = v6 ? Sockets.AF_INET6 : Sockets.AF_INET;
        int fd = c.socket(
                family, Sockets.SOCK_RAW | Sockets.SOCK_CLOEXEC, v6 ? Sockets.IPPROTO_ICMPV6 : Sockets.IPPROTO_ICMP);
        if (fd < 0) {
            int e = Sockets.errno();
            throw new ProbeException(
                    e == Sockets.EPERM || e == Sockets.EACCES
                            ? "raw ICMP socket refused: needs CAP_NET_RAW (run as root)"
                            : "cannot open a raw ICMP socket: " + Sockets.describe(e));
        }
        this.fd = fd;
        try {
            filter(c);
            Sockets.pin(fd, egress);
            Optional<InetAddress> source = egress.source().filter(s -> (s instanceof Inet6Address) == v6);
            if (source.isPresent()) {
                byte[] sa = Sockets.sockaddr(source.get());
                if (c.bind(fd, sa, sa.length) != 0) {
                    int e = Sockets.errno();
                    throw new ProbeException(
                            e == Sockets.EADDRNOTAVAIL
                                    ? "source address " + Sockets.text(source.get()) + " is not assigned here"
                                    : "cannot bind to " + Sockets.text(source.get()) + ": " + Sockets.describe(e));
                }
            }
        } catch (ProbeException e) {
            close();
            throw e;
        }
    }

    /** Kernel-side filter: echo replies, destination unreachable and time exceeded only. */
    private void filter(Sockets.LibC c) throws ProbeException {
        int r;
        if (v6) {
            int[] words = new int[8];
            Arrays.fill(words, -1); // a set bit blocks the type
            for (int type : new int[] {129, 1, 3}) {
                words[type >> 5] &= ~(1 << (type & 31));
            }
            ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.nativeOrder());
            for (int w : words) {
                b.putInt(w);
            }
            r = c.setsockopt(fd, Sockets.IPPROTO_ICMPV6, Sockets.ICMP6_FILTER, b.array(), 32);
        } else {
            int blocked = ~((1 << 0) | (1 << 3) | (1 << 11));
            r = c.setsockopt(
                    fd,
                    Sockets.SOL_RAW,
                    Sockets.ICMP_FILTER,
                    ByteBuffer.allocate(4)
                            .order(ByteOrder.nativeOrder())
                            .putInt(blocked)
                            .array(),
                    4);
        }
        if (r != 0) {
            throw new ProbeException("cannot filter the ICMP socket: " + Sockets.describe(Sockets.errno()));
        }
    }

    @Override
    public ProbeResult run(Budget budget) {
        try {
            return exchange(budget);
        } catch (ProbeException e) {
            return ProbeResult.failed(target, e.getMessage());
        }
    }

    private ProbeResult exchange(Budget budget) throws ProbeException {
        Sockets.LibC c = Sockets.libc();
        byte[] request = echoRequest(v6, id, sequence, nonce);
        byte[] to = Sockets.sockaddr(address);
        long sent = System.nanoTime();
        if (c.sendto(fd, request, request.length, 0, to, to.length) < 0) {
            throw new ProbeException(Sockets.describe(Sockets.errno()));
        }
        byte[] buffer = new byte[2048];
        byte[] from = new byte[28];
        byte[] pollfd = ByteBuffer.allocate(8)
                .order(ByteOrder.nativeOrder())
                .putInt(fd)
                .putShort(Sockets.POLLIN)
                .putShort((short) 0)
                .array();
        while (true) {
            int wait = budget.remainingMillis();
            if (wait == 0) {
                return ProbeResult.failed(target, budget.timeoutError());
            }
            int ready = c.poll(pollfd, 1, wait);
            if (ready < 0 && Sockets.errno() != Sockets.EINTR) {
                throw new ProbeException("poll: " + Sockets.describe(Sockets.errno()));
            }
            if (ready <= 0) {
                continue;
            }
            long n = c.recvfrom(fd, buffer, buffer.length, Sockets.MSG_DONTWAIT, from, new int[] {from.length});
            long received = System.nanoTime();
            if (n < 0) {
                int e = Sockets.errno();
                if (e == Sockets.EAGAIN || e == Sockets.EINTR) {
                    continue;
                }
                throw new ProbeException(Sockets.describe(e));
            }
            Optional<ProbeResult> answer = match(buffer, (int) n, source(from), received - sent);
            if (answer.isPresent()) {
                return answer.get();
            }
        }
    }

    private InetAddress source(byte[] sockaddr) {
        try {
            return InetAddress.getByAddress(
                    v6 ? Arrays.copyOfRange(sockaddr, 8, 24) : Arrays.copyOfRange(sockaddr, 4, 8));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // only thrown for a wrong length
        }
    }

    /**
     * Our echo reply, or an error message about our request; empty for anyone else's ICMP. An IPv4
     * raw socket receives the IP header too (skipped by its IHL); an IPv6 one does not.
     */
    Optional<ProbeResult> match(byte[] packet, int length, InetAddress from, long rttNanos) {
        ByteBuffer b = ByteBuffer.wrap(packet, 0, length);
        int icmp = v6 ? 0 : (packet[0] & 0x0f) * 4;
        if (length < icmp + 8) {
            return Optional.empty();
        }
        int type = b.get(icmp) & 0xff;
        int code = b.get(icmp + 1) & 0xff;
        if (type == (v6 ? 129 : 0)) {
            boolean ours = from.equals(address)
                    && echoIs(b, icmp)
                    && length >= icmp + 8 + PAYLOAD
                    && b.getLong(icmp + 8) == nonce;
            return ours ? Optional.of(ProbeResult.answered(target, Duration.ofNanos(rttNanos))) : Optional.empty();
        }
        // an error quotes the start of our request: its IP header, then the echo header
        int inner = icmp + 8;
        int quoted;
        if (v6) {
            quoted = inner + 40;
            if (length < quoted + 8
                    || (b.get(inner + 6) & 0xff) != Sockets.IPPROTO_ICMPV6
                    || !Arrays.equals(packet, inner + 24, inner + 40, address.getAddress(), 0, 16)) {
                return Optional.empty();
            }
        } else {
            if (length < inner + 20) {
                return Optional.empty();
            }
            quoted = inner + (packet[inner] & 0x0f) * 4;
            if (length < quoted + 8
                    || (b.get(inner + 9) & 0xff) != Sockets.IPPROTO_ICMP
                    || !Arrays.equals(packet, inner + 16, inner + 20, address.getAddress(), 0, 4)) {
                return Optional.empty();
            }
        }
        if ((b.get(quoted) & 0xff) != (v6 ? 128 : 8) || !echoIs(b, quoted)) {
            return Optional.empty();
        }
        return Optional.of(ProbeResult.failed(target, error(type, code) + " (reported by " + Sockets.text(from) + ")"));
    }

    private boolean echoIs(ByteBuffer b, int at) {
        return (b.getShort(at + 4) & 0xffff) == id && (b.getShort(at + 6) & 0xffff) == sequence;
    }

    private String error(int type, int code) {
        if (v6) {
            return type == 3
                    ? "hop limit exceeded in transit"
                    : switch (code) {
                        case 0 -> "network unreachable";
                        case 1 -> "administratively prohibited";
                        case 3 -> "host unreachable";
                        default -> "destination unreachable (code " + code + ")";
                    };
        }
        return type == 11
                ? "TTL exceeded in transit"
                : switch (code) {
                    case 0, 6 -> "network unreachable";
                    case 1, 7 -> "host unreachable";
                    case 9, 10, 13 -> "administratively prohibited";
                    default -> "destination unreachable (code " + code + ")";
                };
    }

    /**
     * An echo request: type, code, checksum, identifier, sequence, then 8 bytes of nonce padded to
     * 56 bytes like ping's. The kernel fills in the ICMPv6 checksum (it covers a pseudo-header
     * the socket does not see); the ICMP one is ours.
     */
    static byte[] echoRequest(boolean v6, int id, int sequence, long nonce) {
        ByteBuffer b = ByteBuffer.allocate(8 + PAYLOAD);
        b.put((byte) (v6 ? 128 : 8))
                .put((byte) 0)
                .putShort((short) 0)
                .putShort((short) id)
                .putShort((short) sequence)
                .putLong(nonce);
        byte[] packet = b.array();
        if (!v6) {
            int sum = checksum(packet);
            packet[2] = (byte) (sum >> 8);
            packet[3] = (byte) sum;
        }
        return packet;
    }

    /** The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of 16-bit words. */
    static int checksum(byte[] data) {
        long sum = 0;
        for (int i = 0; i < data.length; i += 2) {
            int word = (data[i] & 0xff) << 8 | (i + 1 < data.length ? data[i + 1] & 0xff : 0);
            sum += word;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) ~sum & 0xffff;
    }

    @Override
    public void close() {
        Sockets.close(fd);
    }
}
