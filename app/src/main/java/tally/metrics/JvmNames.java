package tally.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the client library's JVM and process metrics with tally_ before their standard names
 * (tally_jvm_memory_used_bytes), so that every name Tally exposes starts with tally_.
 */
final class JvmNames {

    private static final String PREFIX = "tally_";

    private JvmNames() {
    }

    static void prefixed(PrometheusTextFormatWriter writer, MetricSnapshots snapshots, OutputStream out) throws IOException {
        ByteArrayOutputStream plain = new ByteArrayOutputStream(32_768);
        writer.write(plain, snapshots);
        StringBuilder text = new StringBuilder(plain.size() + 4_096);
        for (String line : plain.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                text.append(line, 0, 7).append(PREFIX).append(line, 7, line.length());
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                text.append(PREFIX).append(line);
            } else {
                text.append(line);
            }
            text.append('\n');
        }
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
    }
}
