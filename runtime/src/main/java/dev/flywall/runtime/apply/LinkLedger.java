package dev.flywall.runtime.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What flywall did to the declared devices, so that it undoes only that ({@code interfaces.json}
 * in the state directory): the addresses it added (an address that was on the link before flywall
 * declared it is the operator's and is never removed; iproute2 6.1 cannot tag an address as
 * flywall's, as routes are with {@code proto 241}), each device's MTU before flywall first changed
 * it, and whether the root qdisc is flywall's. Written before a change (everything the change may
 * add, so that a kill -9 in the middle leaves nothing unowned) and after it (what is flywall's now).
 */
public final class LinkLedger {

    static final String FILE = "interfaces.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One device: addresses flywall added, the MTU before flywall changed it (or null), its shaping,
     * the IPv6 sysctls before flywall first changed them (by name).
     */
    record Entry(List<String> addresses, Integer mtuBefore, boolean shaped, Map<String, Integer> sysctlsBefore) {
        Entry {
            addresses = List.copyOf(addresses);
            sysctlsBefore = Map.copyOf(sysctlsBefore);
        }

        Entry(List<String> addresses, Integer mtuBefore, boolean shaped) {
            this(addresses, mtuBefore, shaped, Map.of());
        }

        static final Entry NONE = new Entry(List.of(), null, false);

        boolean isEmpty() {
            return addresses.isEmpty() && mtuBefore == null && !shaped && sysctlsBefore.isEmpty();
        }
    }

    private final Optional<Path> file;
    private Map<String, Entry> memory = Map.of();

    private LinkLedger(Optional<Path> file) {
        this.file = file;
    }

    /** The ledger of a state directory (the caller holds its lock). */
    public static LinkLedger in(StateDir state) {
        return new LinkLedger(Optional.of(state.path().resolve(FILE)));
    }

    /** The ledger of the state directory {@code dir}, to read without its lock (a plan). */
    public static LinkLedger at(Path dir) {
        return new LinkLedger(Optional.of(dir.resolve(FILE)));
    }

    /** A ledger that lives only as long as this object: a kernel no state directory speaks for (tests, scratch). */
    public static LinkLedger memory() {
        return new LinkLedger(Optional.empty());
    }

    /** Device → entry; empty when nothing was ever provisioned (or the file cannot be read). */
    Map<String, Entry> read() throws IOException {
        if (file.isEmpty()) {
            return memory;
        }
        Path f = file.get();
        if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            return Map.of();
        }
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(f, StandardCharsets.UTF_8));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(f + " is not the JSON flywall wrote (" + e.getOriginalMessage()
                    + "): it says which addresses flywall added; fix or delete it (then addresses flywall"
                    + " added before are kept as if they were the operator's)");
        }
        if (!root.isObject()) {
            throw new IOException(f + " is not the JSON object flywall wrote; fix or delete it");
        }
        Map<String, Entry> entries = new TreeMap<>();
        root.fields().forEachRemaining(e -> {
            List<String> addresses = new ArrayList<>();
            e.getValue().path("addresses").forEach(a -> addresses.add(a.asText()));
            JsonNode mtu = e.getValue().path("mtu_before");
            Map<String, Integer> sysctls = new TreeMap<>();
            e.getValue().path("sysctls_before").fields().forEachRemaining(s -> {
                if (s.getValue().canConvertToInt() && LiveLinks.SYSCTLS.contains(s.getKey())) {
                    sysctls.put(s.getKey(), s.getValue().asInt());
                }
            });
            entries.put(
                    e.getKey(),
                    new Entry(
                            addresses,
                            mtu.canConvertToInt() ? mtu.asInt() : null,
                            e.getValue().path("shaped").asBoolean(),
                            sysctls));
        });
        return entries;
    }

    /** Replaces the ledger (synced, by rename); empty entries are left out. */
    void write(Map<String, Entry> entries) throws IOException {
        Map<String, Entry> kept = new TreeMap<>();
        entries.forEach((device, entry) -> {
            if (!entry.isEmpty()) {
                kept.put(device, entry);
            }
        });
        if (file.isEmpty()) {
            memory = Map.copyOf(kept);
            return;
        }
        var root = JSON.createObjectNode();
        kept.forEach((device, entry) -> {
            var o = root.putObject(device);
            var a = o.putArray("addresses");
            entry.addresses().forEach(a::add);
            if (entry.mtuBefore() != null) {
                o.put("mtu_before", entry.mtuBefore());
            }
            o.put("shaped", entry.shaped());
            if (!entry.sysctlsBefore().isEmpty()) {
                var before = o.putObject("sysctls_before");
                new TreeMap<>(entry.sysctlsBefore()).forEach(before::put);
            }
        });
        Path f = file.get();
        Path tmp = f.resolveSibling(FILE + ".tmp");
        Files.writeString(tmp, root.toPrettyString() + "\n", StandardCharsets.UTF_8);
        try (var channel = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
