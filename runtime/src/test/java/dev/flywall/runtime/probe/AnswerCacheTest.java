package dev.flywall.runtime.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.runtime.probe.UplinkResolver.Family;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** What http checks keep of DNS answers, for how long, and which address they use. */
class AnswerCacheTest {

    private static final long SECOND = 1_000_000_000L;
    private static final AnswerCache.Key WWW_WAN1 = new AnswerCache.Key("wan1", "www.example", Type.A);

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    private static AnswerCache.Answer answer(Duration ttl, String... addresses) throws Exception {
        List<InetAddress> list = new ArrayList<>();
        for (String a : addresses) {
            list.add(ip(a));
        }
        return new AnswerCache.Answer(list, ttl);
    }

    @Test
    void anAnswerIsUsedForItsTtlAndNoLonger() throws Exception {
        AnswerCache cache = new AnswerCache(8);
        long now = 1_000 * SECOND;
        cache.put(WWW_WAN1, answer(Duration.ofSeconds(60), "192.0.2.80"), now);
        assertThat(cache.get(WWW_WAN1, now + 59 * SECOND))
                .map(AnswerCache.Answer::addresses)
                .hasValue(List.of(ip("192.0.2.80")));
        assertThat(cache.get(new AnswerCache.Key("wan1", "WWW.Example", Type.A), now))
                .as("names ignore case")
                .isPresent();
        assertThat(cache.get(new AnswerCache.Key("wan2", "www.example", Type.A), now))
                .as("per WAN")
                .isEmpty();
        assertThat(cache.get(new AnswerCache.Key("wan1", "www.example", Type.AAAA), now))
                .as("per type")
                .isEmpty();
        assertThat(cache.get(WWW_WAN1, now + 60 * SECOND)).as("expired").isEmpty();
        assertThat(cache.size()).as("an expired answer is dropped when met").isZero();
    }

    @Test
    void ttlsAreCappedAndZeroIsNotKept() throws Exception {
        AnswerCache cache = new AnswerCache(8);
        cache.put(WWW_WAN1, answer(Duration.ofDays(7), "192.0.2.80"), 0);
        assertThat(cache.get(WWW_WAN1, AnswerCache.MAX_TTL.toNanos() - 1)).isPresent();
        assertThat(cache.get(WWW_WAN1, AnswerCache.MAX_TTL.toNanos()))
                .as("a week's TTL is kept 5 minutes")
                .isEmpty();
        cache.put(WWW_WAN1, answer(Duration.ZERO, "192.0.2.80"), 0);
        assertThat(cache.size()).isZero();
    }

    @Test
    void whenFullTheExpiredThenTheSoonestToExpireMakeRoom() throws Exception {
        AnswerCache cache = new AnswerCache(2);
        AnswerCache.Key a = new AnswerCache.Key("wan1", "a.example", Type.A);
        AnswerCache.Key b = new AnswerCache.Key("wan1", "b.example", Type.A);
        AnswerCache.Key c = new AnswerCache.Key("wan1", "c.example", Type.A);
        cache.put(a, answer(Duration.ofSeconds(10), "192.0.2.1"), 0);
        cache.put(b, answer(Duration.ofSeconds(100), "192.0.2.2"), 0);
        cache.put(c, answer(Duration.ofSeconds(100), "192.0.2.3"), 5 * SECOND);
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get(a, 5 * SECOND)).as("a expired soonest").isEmpty();
        assertThat(cache.get(b, 5 * SECOND)).isPresent();
        assertThat(cache.get(c, 5 * SECOND)).isPresent();
    }

    @Test
    void aReplyGivesTheAddressesAtTheEndOfItsCnameChainForTheShortestTtl() throws Exception {
        Name www = Name.fromString("www.example.");
        Name cdn = Name.fromString("edge.cdn.example.");
        Message reply = new Message();
        reply.addRecord(new CNAMERecord(www, DClass.IN, 300, cdn), Section.ANSWER);
        reply.addRecord(new ARecord(cdn, DClass.IN, 20, ip("192.0.2.80")), Section.ANSWER);
        reply.addRecord(new ARecord(cdn, DClass.IN, 40, ip("192.0.2.81")), Section.ANSWER);
        reply.addRecord(new ARecord(Name.fromString("other.example."), DClass.IN, 5, ip("192.0.2.99")), Section.ANSWER);
        AnswerCache.Answer a = NameLookup.answer(reply, www, Type.A);
        assertThat(a.addresses()).containsExactly(ip("192.0.2.80"), ip("192.0.2.81"));
        assertThat(a.ttl()).isEqualTo(Duration.ofSeconds(20));
        assertThat(NameLookup.answer(reply, www, Type.AAAA).addresses()).isEmpty();
    }

    @Test
    void anEmptyAnswerIsKeptForTheZonesNegativeTtl() throws Exception {
        Name www = Name.fromString("www.example.");
        Message nodata = new Message();
        nodata.addRecord(
                new SOARecord(
                        Name.fromString("example."),
                        DClass.IN,
                        600,
                        Name.fromString("ns.example."),
                        Name.fromString("admin.example."),
                        1,
                        3600,
                        600,
                        86400,
                        30),
                Section.AUTHORITY);
        assertThat(NameLookup.answer(nodata, www, Type.AAAA))
                .isEqualTo(new AnswerCache.Answer(List.of(), Duration.ofSeconds(30)));
        assertThat(NameLookup.answer(new Message(), www, Type.AAAA).ttl())
                .as("no SOA: not kept")
                .isZero();
    }

    @Test
    void thePreferredFamilyIsUsedAndTheOtherOnlyWhenItHasNone() throws Exception {
        Map<Family, AnswerCache.Answer> known = new EnumMap<>(Family.class);
        assertThat(UplinkResolver.choose(known, Family.IPV4)).isEmpty();
        known.put(Family.IPV6, answer(Duration.ofSeconds(60), "2001:db8::80"));
        assertThat(UplinkResolver.choose(known, Family.IPV4))
                .as("IPv4 not yet answered")
                .isEmpty();
        assertThat(UplinkResolver.choose(known, Family.IPV6)).hasValue(ip("2001:db8::80"));
        known.put(Family.IPV4, answer(Duration.ofSeconds(60)));
        assertThat(UplinkResolver.choose(known, Family.IPV4))
                .as("no IPv4 address: IPv6")
                .hasValue(ip("2001:db8::80"));
        known.put(Family.IPV4, answer(Duration.ofSeconds(60), "192.0.2.80"));
        assertThat(UplinkResolver.choose(known, Family.IPV4)).hasValue(ip("192.0.2.80"));
    }
}
