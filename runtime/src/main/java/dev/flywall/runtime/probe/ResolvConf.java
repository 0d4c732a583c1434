package dev.flywall.runtime.probe;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The DNS servers the host is configured with: the {@code nameserver} lines of
 * {@code resolv.conf}, which http checks ask, through the probed uplink, to resolve their URL's
 * host name. The file is read again only when it changed (its modification time, size or inode),
 * so a round costs one {@code stat}; a DHCP client rewriting it is seen by the next round.
 *
 * <p>Loopback servers (systemd-resolved's 127.0.0.53, a local dnsmasq) are left out: a query
 * bound to a WAN device cannot reach them, and they would forward it through whichever WAN they
 * use, which is what a probe must not depend on. Like glibc, at most three servers are used.
 * When the file lists only such local servers, the upstream servers of the local resolver are
 * asked instead where they are known: systemd-resolved writes them to
 * {@code /run/systemd/resolve/resolv.conf}.
 *
 * <p>Thread-safe: rounds of several uplinks read it at once.
 */
final class ResolvConf {

    /** glibc's {@code MAXNS}: later nameserver lines are ignored. */
    static final int MAX_SERVERS = 3;

    /** What one reading of the file gave, and the file's identity at that time. */
    private record Reading(Object key, FileTime modified, long size, Servers servers) {}

    /**
     * The usable servers of one reading.
     *
     * @param usable the servers to ask, in the file's order
     * @param skipped loopback servers left out, for the error message when none is usable
     */
    record Servers(List<InetAddress> usable, List<InetAddress> skipped) {
        Servers {
            usable = List.copyOf(usable);
            skipped = List.copyOf(skipped);
        }
    }

    /** Where systemd-resolved lists the upstream servers behind its 127.0.0.53. */
    static final Path SYSTEMD_UPSTREAM = Path.of("/run/systemd/resolve/resolv.conf");

    private final Path file;
    private final java.util.Optional<ResolvConf> upstream;
    private volatile Reading last;

    ResolvConf(Path file) {
        this(file, java.util.Optional.empty());
    }

    /** {@code upstream}: the file to read when {@code file} lists only local servers. */
    ResolvConf(Path file, java.util.Optional<Path> upstream) {
        this.file = Objects.requireNonNull(file, "file");
        this.upstream = upstream.map(ResolvConf::new);
    }

    Path file() {
        return file;
    }

    /**
     * The servers as the file says now (re-read only when it changed since the last call); when it
     * lists only local servers, those of the upstream file, if it has any.
     */
    Servers servers() throws ProbeException {
        Servers own = ownServers();
        if (own.usable().isEmpty() && !own.skipped().isEmpty() && upstream.isPresent()) {
            Servers behind = upstream.get().ownServers();
            if (!behind.usable().isEmpty()) {
                return new Servers(behind.usable(), own.skipped());
            }
        }
        return own;
    }

    private Servers ownServers() throws ProbeException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return new Servers(List.of(), List.of());
        } catch (IOException e) {
            throw new ProbeException("cannot read " + file + ": " + e.getMessage());
        }
        Reading seen = last;
        if (seen != null
                && Objects.equals(seen.key(), attributes.fileKey())
                && seen.modified().equals(attributes.lastModifiedTime())
                && seen.size() == attributes.size()) {
            return seen.servers();
        }
        try {
            Servers servers = parse(Files.readString(file));
            last = new Reading(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size(), servers);
            return servers;
        } catch (IOException e) {
            throw new ProbeException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /**
     * The servers of a {@code resolv.conf} text: the address of each {@code nameserver} line, in
     * order, at most {@link #MAX_SERVERS}. Comments ({@code #} or {@code ;} to the end of the line),
     * other options and addresses that are not IP literals are ignored, as glibc ignores them.
     */
    static Servers parse(String text) {
        List<InetAddress> usable = new ArrayList<>();
        List<InetAddress> skipped = new ArrayList<>();
        int listed = 0;
        for (String raw : text.split("\n", -1)) {
            String line = raw.replaceAll("[#;].*", "").strip();
            String[] words = line.split("\\s+");
            if (words.length < 2 || !words[0].equals("nameserver") || listed == MAX_SERVERS) {
                continue;
            }
            InetAddress address;
            try {
                address = Probes.literal(words[1]);
            } catch (ProbeException e) {
                continue;
            }
            listed++;
            (address.isLoopbackAddress() ? skipped : usable).add(address);
        }
        return new Servers(usable, skipped);
    }
}
