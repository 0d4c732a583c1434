package dev.flywall.runtime.probe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Optional;

/**
 * A TCP connect to the target's port, from a socket pinned to the WAN.
 *
 * <p>A refused connection counts as an answer: the RST (or the ICMP port unreachable) came back
 * over this WAN, which proves the path works in both directions, and the path is what a health
 * check judges; whether a service listens on the port is the target's business. This is how
 * mwan3's nping-tcp tracking counts a RST. Its RTT is the time to the refusal.
 */
final class TcpProbe implements Probe {

    private final String target;
    private final InetSocketAddress remote;
    private final SocketChannel channel;

    TcpProbe(String target, InetAddress address, int port, Egress egress) throws ProbeException {
        this.target = target;
        this.remote = new InetSocketAddress(address, port);
        this.channel = Sockets.pinned(Sockets.tcp(Optional.of(address)), egress, Optional.of(address));
    }

    @Override
    public ProbeResult run(Budget budget) {
        int wait = budget.remainingMillis();
        if (wait == 0) {
            return ProbeResult.failed(target, budget.timeoutError());
        }
        long start = System.nanoTime();
        try {
            channel.socket().connect(remote, wait);
            return ProbeResult.answered(target, Probes.elapsed(start));
        } catch (IOException e) {
            String error = Sockets.describe(e, budget);
            return error.equals("connection refused")
                    ? ProbeResult.answered(target, Probes.elapsed(start))
                    : ProbeResult.failed(target, error);
        }
    }

    @Override
    public void close() {
        Sockets.closeQuietly(channel);
    }
}
