package dev.flywall.runtime.probe;

import java.lang.reflect.Method;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channel;
import java.nio.charset.StandardCharsets;
import jnr.constants.platform.Errno;
import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The few libc socket calls the JDK does not offer: raw sockets, {@code SO_BINDTODEVICE} and
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
        long recvfrom(int fd, @Out byte[] buffer, @size_t long length, int flags, @Out byte[] address,
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

    /** Leaves through {@code device} whatever the routing tables say, and carries {@code mark} (0: none). */
    static void pin(int fd, Egress egress) throws ProbeException {
        LibC c = libc();
        if (!egress.device().isEmpty()) {
            byte[] name = (egress.device() + "\0").getBytes(StandardCharsets.UTF_8);
            if (c.setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, name, name.length) != 0) {
                int e = errno();
                throw new ProbeException(switch (e) {
                    case ENODEV -> "device " + egress.device() + " does not exist";
                    case EPERM, EACCES -> "binding to device " + egress.device() + " needs CAP_NET_RAW";
                    default -> "cannot bind to device " + egress.device() + ": " + describe(e);
                });
            }
        }
        if (egress.mark() != 0) {
            byte[] mark = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt((int) egress.mark()).array();
            if (c.setsockopt(fd, SOL_SOCKET, SO_MARK, mark, 4) != 0) {
                int e = errno();
                throw new ProbeException(e == EPERM || e == EACCES
                        ? "setting fwmark 0x" + Long.toHexString(egress.mark()) + " needs CAP_NET_ADMIN"
                        : "cannot set fwmark: " + describe(e));
            }
        }
    }

    /** The file descriptor of a JDK socket or datagram channel. */
    static int fd(Channel channel) throws ProbeException {
        try {
            Method m = Class.forName("sun.nio.ch.SelChImpl").getMethod("getFDVal");
            m.setAccessible(true);
            return (int) m.invoke(channel);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ProbeException("pinning sockets to a device needs the JVM flag "
                    + "--add-opens java.base/sun.nio.ch=ALL-UNNAMED");
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
