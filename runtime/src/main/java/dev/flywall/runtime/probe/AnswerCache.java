package dev.flywall.runtime.probe;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * DNS answers of http checks, kept for their TTL so a check probing every 200 ms does not send a
 * query every round. Answers are per uplink device: each WAN's resolvers may answer differently
 * (a CDN picks servers near the asking ISP), and a WAN's answer must not stand in for another's.
 * An empty answer (the name has no address of that type) is kept too, for the negative TTL its
 * zone gives, so a name without IPv6 is not asked for AAAA every round.
 *
 * <p>Bounded twice: no TTL is trusted beyond {@link #MAX_TTL}, and at most {@code capacity}
 * answers are kept (when full, expired ones go first, then those expiring soonest). Times are
 * {@link System#nanoTime()} values passed in, so the cache is tested without waiting.
 *
 * <p>Thread-safe: rounds of several uplinks use it at once.
 */
final class AnswerCache {

    /** The longest time an answer is used, whatever its TTL says. */
    static final Duration MAX_TTL = Duration.ofMinutes(5);

    /** Which answer: the uplink's device, the host name (lower case) and A or AAAA. */
    record Key(String device, String host, int type) {
        Key {
            Objects.requireNonNull(device, "device");
            host = host.toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * The addresses a server gave for one name and type (possibly none), and for how long.
     *
     * @param addresses in the server's order
     * @param ttl how long the server allows keeping it (capped at {@link #MAX_TTL} when stored)
     */
    record Answer(List<InetAddress> addresses, Duration ttl) {
        Answer {
            addresses = List.copyOf(addresses);
            Objects.requireNonNull(ttl, "ttl");
        }
    }

    private record Entry(Answer answer, long expiresNanos) {}

    private final int capacity;
    private final Map<Key, Entry> entries = new HashMap<>();

    AnswerCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    /** The answer stored for {@code key}, if its TTL has not run out at {@code nowNanos}. */
    synchronized Optional<Answer> get(Key key, long nowNanos) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (entry.expiresNanos() - nowNanos <= 0) {
            entries.remove(key);
            return Optional.empty();
        }
        return Optional.of(entry.answer());
    }

    /** Keeps {@code answer} from {@code nowNanos} for its TTL (at most {@link #MAX_TTL}); a TTL of 0 is not kept. */
    synchronized void put(Key key, Answer answer, long nowNanos) {
        long ttl = Math.min(answer.ttl().toNanos(), MAX_TTL.toNanos());
        if (ttl <= 0) {
            entries.remove(key);
            return;
        }
        if (!entries.containsKey(key) && entries.size() >= capacity) {
            entries.values().removeIf(e -> e.expiresNanos() - nowNanos <= 0);
            if (entries.size() >= capacity) {
                entries.entrySet().stream()
                        .min(Comparator.comparingLong(e -> e.getValue().expiresNanos() - nowNanos))
                        .map(Map.Entry::getKey)
                        .ifPresent(entries::remove);
            }
        }
        entries.put(key, new Entry(answer, nowNanos + ttl));
    }

    /** Forgets every answer (the host's DNS servers changed). */
    synchronized void clear() {
        entries.clear();
    }

    synchronized int size() {
        return entries.size();
    }
}
