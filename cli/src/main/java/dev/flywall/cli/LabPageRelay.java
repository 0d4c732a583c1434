package dev.flywall.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the daemon's API in a lab's gateway namespace reachable from the host: the host's browser
 * (or the status page's test) connects to {@code 127.0.0.1:PORT} in the host's namespace, and each
 * connection is carried over a Unix socket in the lab's directory (Unix sockets belong to the file
 * system, not to a network namespace) to a process inside the gateway namespace, which connects
 * to the API on the gateway's loopback. The daemon and its ruleset stay as configured: nothing is
 * added to the gateway's interfaces or to its firewall, and the API keeps its loopback address.
 *
 * <p>Requests arrive at the API from the gateway's loopback, so they are the gateway's own: with
 * an API token configured, pin, unpin, failback, drain and undrain need it as always; without one,
 * the API accepts them from loopback, i.e. from whoever reaches the relay on the host.
 */
final class LabPageRelay implements AutoCloseable {

    private final Process inner;
    private final ServerSocketChannel outer;
    private final Path socket;
    private final Thread acceptor;

    private LabPageRelay(Process inner, ServerSocketChannel outer, Path socket) {
        this.inner = inner;
        this.outer = outer;
        this.socket = socket;
        this.acceptor = Thread.ofVirtual().name("page-relay").start(this::accept);
    }

    /**
     * Starts the relay to the API on {@code apiPort} of the lab's gateway namespace and listens on
     * {@code 127.0.0.1:hostPort} of the host (0: a free port, see {@link #port()}).
     *
     * @param labDir the lab's directory: the socket and the inner part's log go there
     */
    static LabPageRelay start(String gateway, Path labDir, int apiPort, int hostPort)
            throws IOException, InterruptedException {
        Path socket = labDir.resolve("page.sock");
        Files.deleteIfExists(socket);
        List<String> command = new ArrayList<>(List.of(
                "ip",
                "netns",
                "exec",
                gateway,
                ProcessHandle.current().info().command().orElse("java"),
                "-XX:+UseSerialGC",
                "-Xmx32m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                LabPageRelay.class.getName(),
                socket.toString(),
                Integer.toString(apiPort)));
        Process inner = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(labDir.resolve("page-relay.log").toFile())
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!Files.exists(socket)) {
            if (!inner.isAlive() || System.nanoTime() > deadline) {
                inner.destroy();
                throw new IOException(
                        "the relay into " + gateway + " did not start: see " + labDir.resolve("page-relay.log"));
            }
            Thread.sleep(50);
        }
        ServerSocketChannel outer = ServerSocketChannel.open();
        try {
            outer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), hostPort), 64);
        } catch (IOException e) {
            outer.close();
            inner.destroy();
            throw new IOException("cannot listen on 127.0.0.1:" + hostPort + ": " + e.getMessage(), e);
        }
        return new LabPageRelay(inner, outer, socket);
    }

    /** The host's port the relay listens on. */
    int port() throws IOException {
        return ((InetSocketAddress) outer.getLocalAddress()).getPort();
    }

    private void accept() {
        while (outer.isOpen()) {
            try {
                SocketChannel client = outer.accept();
                Thread.ofVirtual().start(() -> {
                    try (SocketChannel c = client;
                            SocketChannel api = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                        pipe(c, api);
                    } catch (IOException e) {
                        // the browser or the daemon closed the connection
                    }
                });
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    @Override
    public void close() {
        try {
            outer.close();
        } catch (IOException e) {
            // closing anyway
        }
        acceptor.interrupt();
        inner.destroy();
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            // the lab's directory goes with the lab
        }
    }

    /** Copies both ways until each side has finished; one request per connection (the API's rule). */
    private static void pipe(SocketChannel a, SocketChannel b) throws IOException {
        Thread back = Thread.ofVirtual().start(() -> copy(b, a));
        copy(a, b);
        try {
            back.join(Duration.ofSeconds(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void copy(SocketChannel from, SocketChannel to) {
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            try {
                to.close();
                from.close();
            } catch (IOException x) {
                // both are gone
            }
        }
    }

    /**
     * The part inside the gateway namespace: {@code SOCKET API_PORT}. Listens on the Unix socket and
     * connects each connection to {@code 127.0.0.1:API_PORT}; runs until killed.
     */
    public static void main(String[] args) throws IOException {
        Path socket = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            while (true) {
                SocketChannel client = server.accept();
                Thread.ofVirtual().start(() -> {
                    try (SocketChannel c = client;
                            SocketChannel api =
                                    SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                        pipe(c, api);
                    } catch (IOException e) {
                        // the daemon is restarting, or the client left
                    }
                });
            }
        }
    }
}
