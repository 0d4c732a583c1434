package dev.flywall.runtime.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A GET of the check's URL, good when the status is the expected one. The JDK's HttpClient cannot
 * be bound to a device, so this is a minimal HTTP/1.1 client over a pinned socket: TLS for https
 * is layered over that socket, with the host name verified ({@code HTTPS} endpoint
 * identification). Only the status line is read; redirects are not followed (a 301 is a 301).
 *
 * <p>A host name in the URL is resolved as part of the probe, through this WAN and within the
 * round's deadline ({@link UplinkResolver}); the Host header, TLS SNI and the certificate check
 * keep the name. An address in the URL needs no lookup.
 *
 * <p>A socket timeout bounds one read, not the whole exchange: a server that drips its TLS
 * handshake (or its status line) a byte at a time would keep the probe's thread and socket
 * forever. So the probe also closes its socket at the round's deadline ({@link Cutoff}); whatever
 * was waiting on it then ends with the round's timeout error.
 */
final class HttpProbe implements Probe {

    private static final Pattern STATUS = Pattern.compile("HTTP/\\d(?:\\.\\d)? (\\d{3})(?: .*)?");

    private final String target;
    private final URI url;
    private final boolean tls;
    private final String host;
    private final int port;
    private final Optional<InetAddress> literal;
    private final Optional<NameLookup> lookup;
    private final Egress egress;
    private final int expected;
    private final SSLSocketFactory tlsFactory;
    private final SocketChannel channel;
    private final Cutoff cutoff;

    HttpProbe(
            String target,
            int expected,
            Egress egress,
            SSLSocketFactory tlsFactory,
            UplinkResolver resolver,
            Cutoff cutoff)
            throws ProbeException {
        this.target = target;
        this.cutoff = cutoff;
        this.egress = egress;
        this.expected = expected;
        this.tlsFactory = tlsFactory;
        try {
            this.url = new URI(target);
        } catch (URISyntaxException e) {
            throw new ProbeException("invalid URL " + target);
        }
        String scheme = String.valueOf(url.getScheme()).toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new ProbeException("not an http or https URL: " + target);
        }
        this.tls = scheme.equals("https");
        this.host = url.getHost().startsWith("[")
                ? url.getHost().substring(1, url.getHost().length() - 1)
                : url.getHost();
        this.port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
        this.literal = isLiteral(host) ? Optional.of(Probes.literal(host)) : Optional.empty();
        // both sockets now, on the round's thread: they must belong to its network namespace
        this.lookup = literal.isPresent() ? Optional.empty() : Optional.of(resolver.start(host, egress));
        try {
            this.channel = Sockets.pinned(Sockets.tcp(literal), egress, literal);
        } catch (ProbeException e) {
            lookup.ifPresent(NameLookup::close);
            throw e;
        }
    }

    private static boolean isLiteral(String host) {
        try {
            Probes.literal(host);
            return true;
        } catch (ProbeException e) {
            return false;
        }
    }

    @Override
    public ProbeResult run(Budget budget) {
        long start = System.nanoTime();
        try (Cutoff.Pending closing = cutoff.closeAtDeadline(channel, budget)) {
            InetAddress address = literal.isPresent() ? literal.get() : resolved(budget);
            int wait = budget.remainingMillis();
            if (wait == 0) {
                return ProbeResult.failed(target, budget.timeoutError());
            }
            Socket socket = channel.socket();
            socket.connect(new InetSocketAddress(address, port), wait);
            socket.setTcpNoDelay(true);
            if (tls) {
                socket = handshake(socket, budget);
            }
            OutputStream out = socket.getOutputStream();
            out.write(request().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            int status = status(socket, budget);
            return status == expected
                    ? ProbeResult.answered(target, Probes.elapsed(start))
                    : ProbeResult.failed(target, "HTTP " + status + ", expected " + expected);
        } catch (IOException e) {
            // the cutoff closed the socket under a read: that is the round's timeout, whatever the exception says
            String error = budget.remainingNanos() <= 0
                    ? budget.timeoutError()
                    : e instanceof SSLException tlsFailure ? tlsError(tlsFailure) : Sockets.describe(e, budget);
            return ProbeResult.failed(target, error);
        } catch (ProbeException e) {
            return ProbeResult.failed(target, e.getMessage());
        }
    }

    /** The looked-up address; the socket, opened before the family was known, sends from the WAN's address of it. */
    private InetAddress resolved(Budget budget) throws ProbeException {
        InetAddress address = lookup.orElseThrow().resolve(budget);
        Sockets.bindSource(channel, egress, Optional.of(address));
        return address;
    }

    private SSLSocket handshake(Socket plain, Budget budget) throws IOException, ProbeException {
        SSLSocket socket = (SSLSocket) tlsFactory.createSocket(plain, host, port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.setSoTimeout(remaining(budget));
        socket.startHandshake();
        return socket;
    }

    private String request() {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            path += "?" + url.getRawQuery();
        }
        String hostHeader = url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
        return "GET " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nUser-Agent: flywall-probe\r\n"
                + "Accept: */*\r\nConnection: close\r\n\r\n";
    }

    /** Reads the status line (at most 1 KiB) before the deadline and returns its code. */
    private static int status(Socket socket, Budget budget) throws IOException, ProbeException {
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        while (line.length() < 1024) {
            socket.setSoTimeout(remaining(budget));
            int b = in.read();
            if (b < 0) {
                throw new ProbeException("connection closed before the HTTP status line");
            }
            if (b == '\n') {
                Matcher m = STATUS.matcher(line.toString().strip());
                if (!m.matches()) {
                    throw new ProbeException("not an HTTP response");
                }
                return Integer.parseInt(m.group(1));
            }
            line.append((char) b);
        }
        throw new ProbeException("not an HTTP response");
    }

    private static int remaining(Budget budget) throws ProbeException {
        int wait = budget.remainingMillis();
        if (wait == 0) {
            throw new ProbeException(budget.timeoutError());
        }
        return wait;
    }

    private String tlsError(SSLException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("PKIX") || message.contains("certification path")) {
            return "TLS: certificate not trusted";
        }
        if (message.contains("No subject alternative") || message.contains("No name matching")) {
            return "TLS: certificate does not match " + host;
        }
        return "TLS: " + (message.length() > 120 ? message.substring(0, 120) + "…" : message);
    }

    @Override
    public void close() {
        lookup.ifPresent(NameLookup::close);
        Sockets.closeQuietly(channel);
    }
}
