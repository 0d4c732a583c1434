package dev.flywall.runtime.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The API's listening socket and the connections it holds, bounded by {@link ApiLimits}: at most
 * {@code connections} at once, each request read by a deadline, each connection closed after one
 * answer or its lifetime. When every slot is taken, the connection that has waited longest for
 * its request (or has been answered) is dropped for the newcomer, so idle or dripping clients
 * cannot lock the API out: a real client that sends its request at once still gets in. Only when
 * every slot is serving a request is the newcomer refused (503). Each connection runs on a virtual
 * thread; the engine and the probes never wait for the API.
 */
final class ApiListener implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ApiListener.class.getName());
    private static final int BACKLOG = 128;
    private static final int DRAIN_BYTES = 64 * 1024;
    private static final long DRAIN_NANOS = 1_000_000_000L;
    private static final long REAP_EVERY_MS = 200;

    /** One accepted connection; {@code serving} from its whole request until its answer is sent. */
    private static final class Connection {
        final Socket socket;
        final long acceptedAt = System.nanoTime();
        volatile boolean serving;

        Connection(Socket socket) {
            this.socket = socket;
        }

        void drop() {
            try {
                socket.close();
            } catch (IOException e) {
                // already gone
            }
        }
    }

    private final ServerSocket server;
    private final ApiLimits limits;
    private final Function<ApiRequest, Answer> serve;
    private final List<Connection> open = new ArrayList<>(); // oldest first; guarded by itself
    private final Thread acceptor;
    private final Thread reaper;
    private volatile boolean closed;

    private ApiListener(ServerSocket server, ApiLimits limits, Function<ApiRequest, Answer> serve) {
        this.server = server;
        this.limits = limits;
        this.serve = serve;
        this.acceptor = Thread.ofPlatform().daemon().name("flywall-api-accept").unstarted(this::acceptLoop);
        this.reaper = Thread.ofVirtual().name("flywall-api-reaper").unstarted(this::reapLoop);
    }

    /** Binds {@code address} and starts accepting; {@code serve} answers each whole request and never throws. */
    static ApiListener bind(InetSocketAddress address, ApiLimits limits, Function<ApiRequest, Answer> serve)
            throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(address, BACKLOG);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        ApiListener listener = new ApiListener(server, limits, serve);
        listener.acceptor.start();
        listener.reaper.start();
        return listener;
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections held now (accepted and not yet closed). */
    int openConnections() {
        synchronized (open) {
            return open.size();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                // e.g. out of file descriptors: wait instead of spinning
                LOG.log(System.Logger.Level.WARNING, "the API could not accept a connection: " + e.getMessage());
                pause();
                continue;
            }
            Connection connection = new Connection(socket);
            if (admit(connection)) {
                Thread.ofVirtual().name("flywall-api").start(() -> handle(connection));
            } else {
                refuseBusy(connection);
            }
        }
    }

    /** Takes a slot, dropping the oldest connection still waiting for its request when all are taken. */
    private boolean admit(Connection connection) {
        synchronized (open) {
            if (open.size() >= limits.connections()) {
                Connection waiting =
                        open.stream().filter(c -> !c.serving).findFirst().orElse(null);
                if (waiting == null) {
                    return false;
                }
                open.remove(waiting);
                waiting.drop();
            }
            open.add(connection);
            return true;
        }
    }

    /** Every slot serves a request being answered: a short 503 into the fresh socket's empty buffer. */
    private static void refuseBusy(Connection connection) {
        Answer busy = Answer.refused(new Refusal(503, "the API is busy; try again"));
        try (Socket socket = connection.socket) {
            OutputStream out = socket.getOutputStream();
            out.write(busy.head().getBytes(StandardCharsets.US_ASCII));
            out.write(busy.body());
        } catch (IOException e) {
            // the client is gone already
        }
    }

    private void handle(Connection connection) {
        try {
            Answer answer;
            try {
                long deadline = connection.acceptedAt + limits.requestTime().toNanos();
                ApiRequest request = new RequestReader(connection.socket, limits, deadline).read();
                connection.serving = true;
                answer = serve.apply(request);
            } catch (Refusal refusal) {
                answer = Answer.refused(refusal);
            }
            OutputStream out = connection.socket.getOutputStream();
            out.write(answer.head().getBytes(StandardCharsets.US_ASCII));
            out.write(answer.body());
            out.flush();
            connection.serving = false;
            connection.socket.shutdownOutput();
            drain(connection.socket);
        } catch (IOException e) {
            // the client left, or the connection was dropped for a newer one or for its lifetime
        } finally {
            synchronized (open) {
                open.remove(connection);
            }
            connection.drop();
        }
    }

    /**
     * Reads what the client still sends (a body refused unread) until it closes, for a second at
     * most, so that closing does not reset the connection before the client has read the answer.
     */
    private static void drain(Socket socket) throws IOException {
        long until = System.nanoTime() + DRAIN_NANOS;
        InputStream in = socket.getInputStream();
        byte[] discard = new byte[4096];
        int total = 0;
        for (long left; total < DRAIN_BYTES && (left = until - System.nanoTime()) > 0; ) {
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            int n = in.read(discard);
            if (n < 0) {
                return;
            }
            total += n;
        }
    }

    /** Closes connections that outlive their lifetime (a client that never reads its answer). */
    private void reapLoop() {
        long lifetime = limits.lifetime().toNanos();
        while (!closed) {
            List<Connection> expired = new ArrayList<>();
            synchronized (open) {
                long now = System.nanoTime();
                open.removeIf(c -> now - c.acceptedAt > lifetime && expired.add(c));
            }
            expired.forEach(Connection::drop);
            try {
                Thread.sleep(REAP_EVERY_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops accepting and drops every connection. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        reaper.interrupt();
        List<Connection> all;
        synchronized (open) {
            all = new ArrayList<>(open);
            open.clear();
        }
        all.forEach(Connection::drop);
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
