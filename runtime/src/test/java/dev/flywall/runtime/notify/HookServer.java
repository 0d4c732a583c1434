package dev.flywall.runtime.notify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A webhook receiver on 127.0.0.1: answers each POST with the next scripted reply (200 once the
 * script is used up) and records what it got and when.
 */
final class HookServer implements AutoCloseable {

    /** A received request. */
    record Request(long nanos, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    /** A scripted reply: a status with headers, or {@link #hang()} for never answering. */
    record Reply(int status, Map<String, String> headers, boolean never) {
        static Reply status(int status) {
            return new Reply(status, Map.of(), false);
        }

        static Reply status(int status, String header, String value) {
            return new Reply(status, Map.of(header, value), false);
        }

        static Reply hang() {
            return new Reply(0, Map.of(), true);
        }
    }

    private final HttpServer server;
    private final BlockingQueue<Reply> script = new LinkedBlockingQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile Reply always;

    HookServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/hook", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    HookServer then(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** Every request gets this reply, after the script. */
    HookServer always(Reply reply) {
        always = reply;
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange x) throws IOException {
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(System.nanoTime(), Map.copyOf(x.getRequestHeaders()), body));
        Reply r = script.poll();
        if (r == null) {
            r = always != null ? always : Reply.status(200);
        }
        if (r.never()) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            x.close();
            return;
        }
        r.headers().forEach((k, v) -> x.getResponseHeaders().add(k, v));
        byte[] out = (r.status() == 200 ? "ok" : "nope " + r.status()).getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(r.status(), out.length);
        x.getResponseBody().write(out);
        x.close();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
