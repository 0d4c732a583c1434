package dev.flywall.runtime.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one HTTP/1.x request from a connection within the {@link ApiLimits}: the whole request by
 * a deadline (each read waits only for the time left), the head and the body capped, the body
 * only with {@code Content-Length}. Too much or too slow is a {@link Refusal} with the matching
 * status (408, 411, 413, 431), so the connection can be answered and closed.
 */
final class RequestReader {

    private final Socket socket;
    private final ApiLimits limits;
    private final long deadline;
    private final InputStream in;
    private byte[] buffer = new byte[512];
    private int filled;

    /** {@code deadline}: a {@link System#nanoTime()} by which the whole request must have arrived. */
    RequestReader(Socket socket, ApiLimits limits, long deadline) throws IOException {
        this.socket = socket;
        this.limits = limits;
        this.deadline = deadline;
        this.in = socket.getInputStream();
    }

    ApiRequest read() throws Refusal, IOException {
        int blankLine = readHead();
        String head = new String(buffer, 0, blankLine, StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r?\n");
        String[] requestLine = lines[0].split(" ", -1);
        if (requestLine.length != 3 || requestLine[0].isEmpty() || !requestLine[2].startsWith("HTTP/1.")) {
            throw new Refusal(400, "not an HTTP/1.1 request line: " + excerpt(lines[0]));
        }
        Map<String, String> headers = headers(lines);
        URI target;
        try {
            target = new URI(requestLine[1]);
        } catch (URISyntaxException e) {
            throw new Refusal(400, "the request target is not a URI: " + excerpt(requestLine[1]));
        }
        int bodyStart = head.length() + (buffer[blankLine] == '\r' ? 2 : 1);
        return new ApiRequest(requestLine[0], target, headers, socket.getInetAddress(), body(headers, bodyStart));
    }

    /** Reads until the blank line that ends the head; returns where that blank line starts. */
    private int readHead() throws Refusal, IOException {
        int scanned = 0;
        while (true) {
            for (; scanned < filled; scanned++) {
                if (buffer[scanned] != '\n' || scanned == 0) {
                    continue;
                }
                if (buffer[scanned - 1] == '\n') {
                    return scanned;
                }
                if (scanned >= 2 && buffer[scanned - 1] == '\r' && buffer[scanned - 2] == '\n') {
                    return scanned - 1;
                }
            }
            if (filled >= limits.headBytes()) {
                throw new Refusal(431, "the request line and headers are larger than " + limits.headBytes() + " bytes");
            }
            fill(limits.headBytes());
        }
    }

    private Map<String, String> headers(String[] lines) throws Refusal {
        if (lines.length - 1 > limits.headers()) {
            throw new Refusal(431, "the request has more than " + limits.headers() + " headers");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0
                    || lines[i].substring(0, colon).isBlank()
                    || lines[i].substring(0, colon).contains(" ")) {
                throw new Refusal(400, "not a header line: " + excerpt(lines[i]));
            }
            headers.putIfAbsent(
                    lines[i].substring(0, colon).toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).strip());
        }
        return headers;
    }

    /** The body after the head: exactly {@code Content-Length} bytes, none without it. */
    private byte[] body(Map<String, String> headers, int bodyStart) throws Refusal, IOException {
        if (headers.containsKey("transfer-encoding")) {
            throw new Refusal(411, "send the body with Content-Length (chunked bodies are not accepted)");
        }
        String declared = headers.get("content-length");
        if (declared == null) {
            return new byte[0];
        }
        long length;
        try {
            length = declared.matches("\\d{1,12}") ? Long.parseLong(declared) : -1;
        } catch (NumberFormatException e) {
            length = -1;
        }
        if (length < 0) {
            throw new Refusal(400, "Content-Length is not a number: " + excerpt(declared));
        }
        if (length > limits.bodyBytes()) {
            throw new Refusal(413, "the request body is larger than " + limits.bodyBytes() / 1024 + " KiB");
        }
        if ("100-continue".equalsIgnoreCase(headers.getOrDefault("expect", "")) && filled == bodyStart) {
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        int end = bodyStart + (int) length;
        while (filled < end) {
            fill(end);
        }
        return Arrays.copyOfRange(buffer, bodyStart, end);
    }

    /**
     * Reads more bytes, up to {@code capacity} in all, waiting no longer than the deadline allows.
     * The buffer grows only as the request does, so an idle connection costs 512 bytes.
     */
    private void fill(int capacity) throws Refusal, IOException {
        if (buffer.length < capacity) {
            buffer = Arrays.copyOf(buffer, Math.min(capacity, Math.max(buffer.length * 2, filled + 512)));
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw timeout();
        }
        socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
        int n;
        try {
            n = in.read(buffer, filled, Math.min(buffer.length, capacity) - filled);
        } catch (SocketTimeoutException e) {
            throw timeout();
        }
        if (n < 0) {
            throw new IOException("the client closed the connection before its request was complete");
        }
        filled += n;
    }

    private Refusal timeout() {
        return new Refusal(
                408, "the request did not arrive within " + limits.requestTime().toMillis() + " ms");
    }

    /** Client text quoted in an answer: short, and only printable ASCII. */
    private static String excerpt(String text) {
        String cut = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
