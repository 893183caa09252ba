package tally.admin;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import tally.count.CounterKey;

/**
 * Writes counters in the import format, as they are read: a counter's total on a line without a date,
 * then one line per day with that day's hits. Importing the output into an empty database gives them back.
 */
final class Exporter {

    private Exporter() {
    }

    /** A sink that writes CSV to {@code out}; call {@link Closing#finish()} at the end. */
    static Closing csv(OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        w.write("url,count,date\r\n");
        return new Closing() {
            @Override
            public void counter(CounterKey key, long count) throws IOException {
                w.write(field(AdminKeys.text(key)) + "," + count + ",\r\n");
            }

            @Override
            public void day(CounterKey key, String day, long hits) throws IOException {
                w.write(field(AdminKeys.text(key)) + "," + hits + "," + day + "\r\n");
            }

            @Override
            public void finish() throws IOException {
                w.flush();
            }
        };
    }

    /** A sink that writes a JSON array to {@code out}. */
    static Closing json(OutputStream out) throws IOException {
        JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
        g.writeStartArray();
        return new Closing() {
            @Override
            public void counter(CounterKey key, long count) throws IOException {
                g.writeStartObject();
                g.writeStringField("url", AdminKeys.text(key));
                g.writeNumberField("count", count);
                g.writeEndObject();
                g.writeRaw('\n');
            }

            @Override
            public void day(CounterKey key, String day, long hits) throws IOException {
                g.writeStartObject();
                g.writeStringField("url", AdminKeys.text(key));
                g.writeNumberField("count", hits);
                g.writeStringField("date", day);
                g.writeEndObject();
                g.writeRaw('\n');
            }

            @Override
            public void finish() throws IOException {
                g.writeEndArray();
                g.flush();
            }
        };
    }

    /** RFC 4180: quoted when it holds a comma, a quote, a line break, or spaces at an end; quotes doubled. */
    static String field(String s) {
        boolean quote = s.chars().anyMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n')
                || !s.equals(s.strip());
        return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    /** An export sink that must be finished. */
    interface Closing extends CounterStore.Sink {
        void finish() throws IOException;
    }
}
