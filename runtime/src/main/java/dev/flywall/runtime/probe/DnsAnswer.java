package dev.flywall.runtime.probe;

import java.util.List;
import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Whether a DNS reply that carries our id and the QR bit really answers our query. The id alone
 * is 16 bits a hostile or broken server can simply copy back; the question and the answer
 * section are what show a resolver did its work.
 */
final class DnsAnswer {

    private DnsAnswer() {}

    /** Why {@code reply} does not answer {@code query}, or empty when it does. */
    static Optional<String> defect(Message query, Message reply) {
        Record asked = query.getQuestion();
        List<Record> questions = reply.getSection(Section.QUESTION);
        if (questions.size() != 1 || !sameQuestion(asked, questions.get(0))) {
            return Optional.of("DNS reply is for another question than " + describe(asked));
        }
        int rcode = reply.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return Optional.empty();
        }
        if (rcode != Rcode.NOERROR) {
            return Optional.of("DNS server answered " + Rcode.string(rcode));
        }
        boolean answered = reply.getSection(Section.ANSWER).stream().anyMatch(r -> answers(asked, r));
        boolean negative = reply.getSection(Section.ANSWER).isEmpty()
                && reply.getSection(Section.AUTHORITY).stream().anyMatch(r -> r.getType() == Type.SOA);
        return answered || negative ? Optional.empty() : Optional.of("DNS reply holds no answer to " + describe(asked));
    }

    /** Names compare case-insensitively (dnsjava's {@code Name.equals}), as DNS requires. */
    private static boolean sameQuestion(Record asked, Record echoed) {
        return asked.getName().equals(echoed.getName())
                && asked.getType() == echoed.getType()
                && asked.getDClass() == echoed.getDClass();
    }

    /** A record of the asked name and class, of the asked type or a CNAME leading on from it. */
    private static boolean answers(Record asked, Record record) {
        return record.getName().equals(asked.getName())
                && record.getDClass() == asked.getDClass()
                && (record.getType() == asked.getType() || record.getType() == Type.CNAME);
    }

    private static String describe(Record question) {
        return question.getName() + " " + Type.string(question.getType()) + " " + DClass.string(question.getDClass());
    }
}
