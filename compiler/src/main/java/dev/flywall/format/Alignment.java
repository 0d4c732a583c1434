package dev.flywall.format;

import java.text.BreakIterator;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * Lines up the {@code =} of attributes and then the trailing comments on runs of consecutive
 * lines that have them, as hclwrite's {@code formatCells} does: any line without the cell (a
 * blank line, a comment alone on its line, a block header, a value that goes on over more lines)
 * ends the run. Each cell starts one column after the widest thing before it in its run.
 */
final class Alignment {

    private Alignment() {}

    static void apply(List<FormatLine> lines) {
        // Equals signs first: moving them moves the comments after them.
        alignRuns(lines, FormatLine::hasAssign, FormatLine::assignStart);
        alignRuns(lines, FormatLine::hasComment, FormatLine::commentStart);
    }

    private static void alignRuns(
            List<FormatLine> lines, Predicate<FormatLine> hasCell, ToIntFunction<FormatLine> cellStart) {
        int runStart = -1;
        for (int i = 0; i <= lines.size(); i++) {
            boolean inRun = i < lines.size() && hasCell.test(lines.get(i));
            if (inRun && runStart < 0) {
                runStart = i;
            } else if (!inRun && runStart >= 0) {
                alignRun(lines.subList(runStart, i), cellStart);
                runStart = -1;
            }
        }
    }

    private static void alignRun(List<FormatLine> run, ToIntFunction<FormatLine> cellStart) {
        int widest = 0;
        for (FormatLine line : run) {
            widest = Math.max(widest, widthBefore(line, cellStart.applyAsInt(line)));
        }
        for (FormatLine line : run) {
            int start = cellStart.applyAsInt(line);
            line.tokens().get(start).setSpaces(widest - widthBefore(line, start) + 1);
        }
    }

    /**
     * The column the line has reached before token {@code end}, counted in user-perceived
     * characters (grapheme clusters, as hclwrite counts) from the line's last line break.
     */
    static int widthBefore(FormatLine line, int end) {
        StringBuilder text = new StringBuilder();
        for (FormatToken token : line.tokens().subList(0, end)) {
            text.append(token.space()).append(token.text());
        }
        String lastLine = text.substring(text.lastIndexOf("\n") + 1);
        return graphemes(lastLine);
    }

    private static int graphemes(String text) {
        BreakIterator clusters = BreakIterator.getCharacterInstance();
        clusters.setText(text);
        int count = 0;
        while (clusters.next() != BreakIterator.DONE) {
            count++;
        }
        return count;
    }
}
