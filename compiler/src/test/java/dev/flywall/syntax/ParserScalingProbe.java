package dev.flywall.syntax;

import dev.flywall.source.SourceFile;

/**
 * A quick look at whether parsing stays linear in the number of blocks: parses generated configs
 * of 1,000, 5,000 and 20,000 blocks and prints milliseconds per block (roughly constant when
 * linear). Not a test and not a benchmark: it asserts nothing, since timing asserts are flaky;
 * the JMH module does the real measurement. Run from the compiler module after test-compile:
 * {@code java -cp target/classes:target/test-classes:<deps> dev.flywall.syntax.ParserScalingProbe}.
 */
public final class ParserScalingProbe {

    private static final int[] SIZES = {1_000, 5_000, 20_000};

    private ParserScalingProbe() {}

    public static void main(String[] args) {
        parseBestOf(config(1_000), 5); // warm-up: class loading, ANTLR's ATN, the JIT
        for (int blocks : SIZES) {
            String text = config(blocks);
            long nanos = parseBestOf(text, 3);
            System.out.printf(
                    "%,7d blocks %,9d bytes %8.1f ms total %8.4f ms/block%n",
                    blocks, text.length(), nanos / 1e6, nanos / 1e6 / blocks);
        }
    }

    /** Blocks shaped like examples/dual-wan.hcl: labels, nesting, lists, comments. */
    static String config(int blocks) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < blocks; i++) {
            b.append("# uplink ")
                    .append(i)
                    .append('\n')
                    .append("interface \"eth")
                    .append(i)
                    .append("\" {\n")
                    .append("  zone = \"WAN\"\n")
                    .append("  dhcp = true\n")
                    .append("  wan {\n")
                    .append("    priority = ")
                    .append(i)
                    .append("\n")
                    .append("    targets  = [\"1.1.1.1\", \"8.8.8.8\"]\n")
                    .append("  }\n")
                    .append("}\n\n");
        }
        return b.toString();
    }

    private static long parseBestOf(String text, int runs) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            ParseResult result = Parser.parse(new SourceFile("probe.hcl", text));
            best = Math.min(best, System.nanoTime() - start);
            if (result.hasErrors()) {
                throw new IllegalStateException("generated config has errors: " + result.diagnostics());
            }
        }
        return best;
    }
}
