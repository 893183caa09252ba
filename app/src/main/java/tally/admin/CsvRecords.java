package tally.admin;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records read from a stream one at a time, each with the line it starts on: fields split on
 * commas, double-quoted fields may hold commas, doubled quotes and line breaks. Fields are bounded, so a
 * hostile file cannot fill memory; a record that breaks the rules carries a problem instead of failing.
 */
final class CsvRecords {

    static final int MAX_FIELD = 8_192;
    static final int MAX_FIELDS = 8;

    /** A record, the line it starts on, and what is wrong with it (null if nothing). */
    record Record(long line, List<String> fields, String problem) {
    }

    private final Reader in;
    private long line = 1;
    private int pushedBack = -2;
    private final char[] buffer = new char[1 << 14];
    private int next;
    private int filled;

    CsvRecords(Reader in) {
        this.in = in;
    }

    /** The next record that is not a blank line, or null at the end. */
    Record next() throws IOException {
        Record r;
        do {
            r = record();
        } while (r != null && r.problem() == null && r.fields().size() == 1 && r.fields().get(0).isEmpty());
        return r;
    }

    private Record record() throws IOException {
        int c = read();
        if (c == -1) {
            return null;
        }
        long start = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        String problem = null;
        boolean quoted = false;
        boolean inQuotes = false;
        while (true) {
            if (inQuotes) {
                if (c == -1) {
                    problem = "a quoted field is not closed: end it with \"";
                    fields.add(field.toString());
                    break;
                }
                if (c == '"') {
                    int n = read();
                    if (n != '"') {
                        inQuotes = false;
                        c = n;
                        continue;
                    }
                }
                if (c == '\n') {
                    line++;
                }
                problem = append(field, c, problem);
            } else if (c == -1 || c == '\n' || c == '\r') {
                fields.add(field.toString());
                if (c == '\r') {
                    int n = read();
                    if (n != '\n') {
                        pushedBack = n;
                    }
                }
                if (c != -1) {
                    line++;
                }
                break;
            } else if (c == ',') {
                if (fields.size() < MAX_FIELDS) {
                    fields.add(field.toString());
                } else if (problem == null) {
                    problem = "more than " + MAX_FIELDS + " fields";
                }
                field.setLength(0);
                quoted = false;
            } else if (c == '"' && field.isEmpty() && !quoted) {
                inQuotes = true;
                quoted = true;
            } else {
                if (quoted && problem == null) {
                    problem = "text after a closing quote: double a quote inside a quoted field (\"\")";
                }
                problem = append(field, c, problem);
            }
            c = read();
        }
        return new Record(start, fields, problem);
    }

    private static String append(StringBuilder field, int c, String problem) {
        if (field.length() < MAX_FIELD) {
            field.append((char) c);
            return problem;
        }
        return problem != null ? problem : "a field longer than " + MAX_FIELD + " characters";
    }

    private int read() throws IOException {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        if (next == filled) {
            filled = in.read(buffer);
            next = 0;
            if (filled <= 0) {
                filled = 0;
                return -1;
            }
        }
        return buffer[next++];
    }
}
