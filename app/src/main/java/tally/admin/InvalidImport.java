package tally.admin;

import java.util.List;

/** An import refused as a whole: why, and the first bad lines with their reasons (nothing of it was applied). */
public final class InvalidImport extends RuntimeException {

    /** A bad line: its number in the file (1-based) and what is wrong. */
    public record Problem(long line, String reason) {
    }

    private final transient List<Problem> problems;
    private final long badLines;

    InvalidImport(String message, List<Problem> problems, long badLines) {
        super(message);
        this.problems = List.copyOf(problems);
        this.badLines = badLines;
    }

    /** An import whose lines are good one by one, but would take counts past {@link Admin#MAX_COUNT} together. */
    public static InvalidImport overTheMaximum(List<Problem> problems, long badLines) {
        return new InvalidImport(badLines + " line" + (badLines == 1 ? "" : "s") + " would take a count past the maximum, "
                + Admin.MAX_COUNT + ": nothing was imported", problems, badLines);
    }

    public List<Problem> problems() {
        return problems;
    }

    public long badLines() {
        return badLines;
    }
}
