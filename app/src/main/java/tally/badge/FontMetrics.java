package tally.badge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/** Text widths from one of anafanafo's character-width tables, summed exactly as shields.io sums them. */
final class FontMetrics {
    private static final int DENSE_LIMIT = 0x10000;

    private final int[] starts;
    private final int[] ends;
    private final double[] widths;
    /** For each BMP code point, 1 + the index of its range, or 0 when no range holds it. */
    private final char[] denseRange = new char[DENSE_LIMIT];
    private final double emWidth;

    private FontMetrics(int[] starts, int[] ends, double[] widths) {
        this.starts = starts;
        this.ends = ends;
        this.widths = widths;
        for (int i = 0; i < starts.length && starts[i] < DENSE_LIMIT; i++) {
            int last = Math.min(ends[i], DENSE_LIMIT - 1);
            Arrays.fill(denseRange, starts[i], last + 1, (char) (i + 1));
        }
        this.emWidth = widthOfCodePoint('m');
    }

    static FontMetrics load(String resource) {
        try (InputStream in = FontMetrics.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing font table " + resource);
            }
            JsonNode table = new ObjectMapper().readTree(in);
            int n = table.size();
            if (n >= Character.MAX_VALUE) {
                throw new IllegalStateException("font table too large: " + resource);
            }
            int[] starts = new int[n];
            int[] ends = new int[n];
            double[] widths = new double[n];
            for (int i = 0; i < n; i++) {
                JsonNode range = table.get(i);
                starts[i] = range.get(0).intValue();
                ends[i] = range.get(1).intValue();
                widths[i] = range.get(2).doubleValue();
            }
            return new FontMetrics(starts, ends, widths);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read font table " + resource, e);
        }
    }

    /** The width in pixels, summed code point by code point in the order JavaScript's reduce sums them. */
    double widthOf(String text) {
        double sum = 0.0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            sum += widthOfCodePoint(cp);
            i += Character.charCount(cp);
        }
        return sum;
    }

    private double widthOfCodePoint(int cp) {
        if (cp <= 31 || cp == 127) {
            return 0.0;
        }
        if (cp < DENSE_LIMIT) {
            int range = denseRange[cp];
            return range == 0 ? emWidth : widths[range - 1];
        }
        int i = Arrays.binarySearch(starts, cp);
        if (i < 0) {
            i = -i - 2;
        }
        return i >= 0 && cp <= ends[i] ? widths[i] : emWidth;
    }
}
