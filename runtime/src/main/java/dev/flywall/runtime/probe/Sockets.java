package dev.flywall.runtime.probe;

import dev.flywall.plan.ShapingBatch;
import java.io.Closeable;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.ProtocolFamily;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channel;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import jnr.constants.platform.Errno;
import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The few libc socket calls the JDK does not offer: raw sockets, {@code SO_BINDTODEVICE}, {@code SO_PRIORITY} and
 * {@code SO_MARK}. Every failure becomes a {@link ProbeException} carrying a short human message,
 * so a missing capability or a vanished device reads as a probe error, never as a stack trace.
 *
 * <p>JDK channels are pinned to the WAN through their file descriptor, which the JDK keeps private:
 * reading it needs {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED} (the launcher passes it).
 */
final class Sockets {

    /** The libc functions used, with errno saved after each call. */
    public interface LibC {
        @SaveError
        int socket(int domain, int type, int protocol);

        @SaveError
        int setsockopt(int fd, int level, int name, @In byte[] value, int length);

        @SaveError
        int bind(int fd, @In byte[] address, int length);

        @SaveError
        @ssize_t
        long sendto(int fd, @In byte[] buffer, @size_t long length, int flags, @In byte[] address, int addressLength);

        @SaveError
        @ssize_t
        long recvfrom(
                int fd,
                @Out byte[] buffer,
                @size_t long length,
                int flags,
                @Out byte[] address,
                @In @Out int[] addressLength);

        @SaveError
        int poll(@In @Out byte[] fds, long count, int timeoutMillis);

        int close(int fd);
    }

    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int IPPROTO_ICMP = 1;
    static final int IPPROTO_ICMPV6 = 58;
    static final int SOL_SOCKET = 1;
    static final int SOL_RAW = 255;
    static final int ICMP_FILTER = 1;
    static final int ICMP6_FILTER = 1;
    static final int SO_BINDTODEVICE = 25;
    static final int SO_MARK = 36;
    static final int SO_PRIORITY = 12;
    static final int MSG_DONTWAIT = 0x40;
    static final short POLLIN = 1;

    static final int EPERM = 1;
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int EACCES = 13;
    static final int ENODEV = 19;
    static final int EADDRNOTAVAIL = 99;
    static final int ENETUNREACH = 101;
    static final int ECONNREFUSED = 111;
    static final int EHOSTUNREACH = 113;

    private Sockets() {}

    /** Loaded on first use: a daemon without ICMP or device-bound checks never touches native code. */
    private static final class Holder {
        static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
        static final jnr.ffi.Runtime RUNTIME = jnr.ffi.Runtime.getRuntime(LIBC);
    }

    static LibC libc() throws ProbeException {
        try {
            return Holder.LIBC;
        } catch (LinkageError e) {
            throw new ProbeException("native socket calls unavailable (" + e.getMessage() + ")");
        }
    }

    /** Closes a descriptor this package opened natively (so libc is loaded). */
    static void close(int fd) {
        Holder.LIBC.close(fd);
    }

    static int errno() {
        return Holder.RUNTIME.getLastError();
    }

    /** errno as a short lower-case phrase: "network unreachable", "host unreachable", … */
    static String describe(int errno) {
        return switch (errno) {
            case ENETUNREACH -> "network unreachable";
            case EHOSTUNREACH -> "host unreachable";
            case ECONNREFUSED -> "connection refused";
            case EPERM, EACCES -> "blocked by the local firewall (" + (errno == EPERM ? "EPERM" : "EACCES") + ")";
            default -> {
                Errno e = Errno.valueOf(errno);
                String text = e == null || e == Errno.__UNKNOWN_CONSTANT__ ? "errno " + errno : e.description();
                yield Character.toLowerCase(text.charAt(0)) + text.substring(1);
            }
        };
    }

    /**
     * A JDK socket error as a short phrase. Timeouts (and the interrupt that cancels a probe at the
     * end of its round) read as the round's timeout.
     */
    static String describe(IOException e, Budget budget) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof SocketTimeoutException || e instanceof ClosedByInterruptException) {
            return budget.timeoutError();
        }
        if (e instanceof NoRouteToHostException || message.contains("No route to host")) {
            return "host unreachable";
        }
        if (e instanceof PortUnreachableException) {
            return "port unreachable";
        }
        if (e instanceof UnknownHostException) {
            return "cannot resolve " + message;
        }
        if (message.contains("refused")) {
            return "connection refused";
        }
        if (message.contains("Network is unreachable")) {
            return "network unreachable";
        }
        if (message.contains("Operation not permitted")) {
            return describe(EPERM);
        }
        return message.isEmpty()
                ? e.getClass().getSimpleName()
                : Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }

    /**
     * Pins a JDK channel to the egress and, when the egress knows its address in the family of
     * {@code remote}, sends from that address.
     */
    static <C extends NetworkChannel> C pinned(C channel, Egress egress, Optional<InetAddress> remote)
            throws ProbeException {
        try {
            pin(fd(channel), egress);
            bindSource(channel, egress, remote);
            return channel;
        } catch (ProbeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /**
     * Sends from the egress's address when it is known and of the family of {@code remote} (an
     * IPv4 address binds a dual-stack socket as its mapped form). The caller closes the channel on failure.
     */
    static void bindSource(NetworkChannel channel, Egress egress, Optional<InetAddress> remote) throws ProbeException {
        Optional<InetAddress> source = egress.source()
                .filter(s ->
                        remote.isPresent() && (s instanceof Inet6Address) == (remote.get() instanceof Inet6Address));
        if (source.isPresent()) {
            try {
                channel.bind(new InetSocketAddress(source.get(), 0));
            } catch (IOException e) {
                String address = text(source.get());
                throw new ProbeException(
                        String.valueOf(e.getMessage()).contains("Cannot assign")
                                ? "source address " + address + " is not assigned here"
                                : "cannot bind to " + address + ": " + e.getMessage());
            }
        }
    }

    /** Opens a TCP channel in the family of {@code remote} (dual-stack when not yet known). */
    static SocketChannel tcp(Optional<InetAddress> remote) throws ProbeException {
        try {
            return remote.isPresent() ? SocketChannel.open(family(remote.get())) : SocketChannel.open();
        } catch (IOException e) {
            throw new ProbeException("cannot open a TCP socket: " + e.getMessage());
        }
    }

    /** An address as people write it: dotted quad, or RFC 5952 IPv6 ({@code 2001:db8::1}, not {@code 2001:db8:0:0:0:0:0:1}). */
    static String text(InetAddress address) {
        return dev.flywall.model.Cidr.addressText(address);
    }

    static ProtocolFamily family(InetAddress address) {
        return address instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // nothing was written through it that closing could lose
        }
    }

    /**
     * Leaves through {@code device} whatever the routing tables say, carries {@code mark} (0: none)
     * and, on a device, the priority that takes it past the queue of flywall's shaper there
     * ({@link ShapingBatch#PROBE_PRIORITY}): a probe measures the uplink, not the gateway's own queue.
     */
    static void pin(int fd, Egress egress) throws ProbeException {
        LibC c = libc();
        if (!egress.device().isEmpty()) {
            byte[] name = (egress.device() + "\0").getBytes(StandardCharsets.UTF_8);
            if (c.setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, name, name.length) != 0) {
                int e = errno();
                throw new ProbeException(
                        switch (e) {
                            case ENODEV -> "device " + egress.device() + " does not exist";
                            case EPERM, EACCES -> "binding to device " + egress.device() + " needs CAP_NET_RAW";
                            default -> "cannot bind to device " + egress.device() + ": " + describe(e);
                        });
            }
            if (c.setsockopt(fd, SOL_SOCKET, SO_PRIORITY, nativeInt(ShapingBatch.PROBE_PRIORITY), 4) != 0) {
                int e = errno();
                throw new ProbeException(
                        e == EPERM || e == EACCES
                                ? "setting the probe's socket priority needs CAP_NET_ADMIN"
                                : "cannot set the socket priority: " + describe(e));
            }
        }
        if (egress.mark() != 0) {
            if (c.setsockopt(fd, SOL_SOCKET, SO_MARK, nativeInt((int) egress.mark()), 4) != 0) {
                int e = errno();
                throw new ProbeException(
                        e == EPERM || e == EACCES
                                ? "setting fwmark 0x" + Long.toHexString(egress.mark()) + " needs CAP_NET_ADMIN"
                                : "cannot set fwmark: " + describe(e));
            }
        }
    }

    /** An {@code int} option value as setsockopt reads it. */
    private static byte[] nativeInt(int value) {
        return ByteBuffer.allocate(4)
                .order(ByteOrder.nativeOrder())
                .putInt(value)
                .array();
    }

    /** The file descriptor of a JDK socket or datagram channel. */
    static int fd(Channel channel) throws ProbeException {
        try {
            Method m = Class.forName("sun.nio.ch.SelChImpl").getMethod("getFDVal");
            m.setAccessible(true);
            return (int) m.invoke(channel);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ProbeException(
                    "pinning sockets to a device needs the JVM flag " + "--add-opens java.base/sun.nio.ch=ALL-UNNAMED");
        }
    }

    /** A {@code sockaddr_in} or {@code sockaddr_in6} for {@code address}, port 0. */
    static byte[] sockaddr(InetAddress address) {
        byte[] raw = address.getAddress();
        if (address instanceof Inet6Address v6) {
            ByteBuffer b = ByteBuffer.allocate(28).order(ByteOrder.nativeOrder());
            b.putShort((short) AF_INET6).putShort((short) 0).putInt(0).put(raw).putInt(v6.getScopeId());
            return b.array();
        }
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        b.putShort((short) AF_INET).putShort((short) 0).put(raw);
        return b.array();
    }
}
