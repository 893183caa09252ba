package tally.badge;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** shields.io's metric number format ("1.2k", "34M"), ported from its services/text-formatters.js. */
final class Metric {
    private static final char[] PREFIXES = {'k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'};
    private static final double[] POWERS = {1e3, 1e6, 1e9, 1e12, 1e15, 1e18, Math.pow(1000, 7), Math.pow(1000, 8)};

    private Metric() {
    }

    static String format(long n) {
        double abs = Math.abs((double) n);
        for (int i = PREFIXES.length - 1; i >= 0; i--) {
            if (abs < POWERS[i]) {
                continue;
            }
            String sign = n > 0 ? "" : "-";
            double scaled = abs / POWERS[i];
            if (scaled < 10) {
                // One decimal unless it is 0; toFixed rounds the exact binary value half up.
                BigDecimal oneDecimal = new BigDecimal(scaled).setScale(1, RoundingMode.HALF_UP);
                String text = oneDecimal.toPlainString();
                if (text.charAt(text.length() - 1) != '0') {
                    return sign + text + PREFIXES[i];
                }
            }
            long rounded = Math.round(scaled);
            return rounded < 1000 ? sign + rounded + PREFIXES[i] : sign + "1" + PREFIXES[i + 1];
        }
        return Long.toString(n);
    }
}
