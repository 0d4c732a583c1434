package dev.flywall.runtime.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One ip rule as {@code ip -j rule show} reports it, reduced to what {@code ip rule add} can
 * declare: {@code priority 9301 oif eth0 lookup 101 protocol 241}. What the kernel adds on its own
 * — {@code [detached]} while the rule's device is missing, which {@code ip rule show} prints in
 * the middle of the rule and {@code ip rule add} refuses — is left out, so a rule captured while a
 * WAN's device is gone can be written back and compares equal once the device returns.
 */
public record KernelRule(int priority, String declaration) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Fields the kernel reports about a rule but no {@code ip rule add} can set. */
    private static final Set<String> COMPUTED =
            Set.of("priority", "srclen", "dstlen", "fwmask", "iif_detached", "oif_detached", "flags");

    /** Fields read with the selector word they are declared with. */
    private static final List<String[]> SELECTORS = List.of(
            new String[] {"tos", "tos"},
            new String[] {"iif", "iif"},
            new String[] {"oif", "oif"},
            new String[] {"ipproto", "ipproto"},
            new String[] {"sport", "sport"},
            new String[] {"dport", "dport"},
            new String[] {"l3mdev", "l3mdev"},
            new String[] {"table", "lookup"},
            new String[] {"suppress_prefixlen", "suppress_prefixlength"},
            new String[] {"suppress_ifgroup", "suppress_ifgroup"},
            new String[] {"realms", "realms"},
            new String[] {"goto", "goto"});

    /** The rules of an {@code ip -j rule show} answer whose priority lies in {@code [first, last]}. */
    static List<KernelRule> parse(String json, int first, int last) throws IOException {
        List<KernelRule> rules = new ArrayList<>();
        if (json.isBlank()) {
            return rules;
        }
        for (JsonNode r : JSON.readTree(json)) {
            int priority = r.path("priority").asInt(-1);
            if (priority >= first && priority <= last) {
                rules.add(new KernelRule(priority, declaration(r)));
            }
        }
        return rules;
    }

    private static String declaration(JsonNode r) throws IOException {
        List<String> out =
                new ArrayList<>(List.of("priority " + r.get("priority").asInt()));
        prefix(r, "src", "srclen", "from").ifPresent(out::add);
        prefix(r, "dst", "dstlen", "to").ifPresent(out::add);
        if (r.has("fwmark")) {
            out.add("fwmark " + r.get("fwmark").asText()
                    + (r.has("fwmask") ? "/" + r.get("fwmask").asText() : ""));
        }
        if (r.has("uid_start")) {
            out.add("uidrange " + r.get("uid_start").asText() + "-"
                    + r.get("uid_end").asText());
        }
        for (String[] selector : SELECTORS) {
            if (r.hasNonNull(selector[0])) {
                out.add(selector[1] + " " + r.get(selector[0]).asText());
            }
        }
        if (r.has("action")) {
            out.add(r.get("action").asText());
        }
        if (r.has("protocol")) {
            out.add("protocol " + r.get("protocol").asText()); // last, as flywall's batches write it
        }
        for (var names = r.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!COMPUTED.contains(name) && !known(name)) {
                // better to refuse the snapshot than to restore a rule without one of its selectors
                throw new IOException("cannot capture ip rule " + r + ": field \"" + name + "\" is not understood");
            }
        }
        return String.join(" ", out);
    }

    private static boolean known(String name) {
        return Set.of("src", "dst", "fwmark", "uid_start", "uid_end", "action", "protocol")
                        .contains(name)
                || SELECTORS.stream().anyMatch(s -> s[0].equals(name));
    }

    /** {@code from 10.1.0.0/16}; nothing for "all"; a host address alone (the kernel omits its length). */
    private static java.util.Optional<String> prefix(JsonNode r, String field, String length, String word) {
        if (!r.has(field) || r.get(field).asText().equals("all")) {
            return java.util.Optional.empty();
        }
        String address =
                r.get(field).asText() + (r.has(length) ? "/" + r.get(length).asInt() : "");
        return java.util.Optional.of(word + " " + address);
    }
}
