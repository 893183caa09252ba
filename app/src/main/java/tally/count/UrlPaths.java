package tally.count;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The path part of a URL key: dot-segments resolved (RFC 3986 5.2.4), percent-encoding normalised
 * (unreserved characters decoded, the rest upper-case hex, invalid UTF-8 refused) and the trailing
 * slash dropped.
 */
final class UrlPaths {

    private static final String HEX = "0123456789ABCDEF";

    private UrlPaths() {
    }

    static String normalise(String raw) {
        List<String> out = new ArrayList<>();
        String[] segments = raw.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            String segment = segment(segments[i]);
            if (segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (!out.isEmpty()) {
                    out.remove(out.size() - 1);
                }
                continue;
            }
            out.add(segment);
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out.isEmpty() ? "" : "/" + String.join("/", out);
    }

    /** Decodes unreserved characters, upper-cases the hex of the rest, and encodes what must be. */
    private static String segment(String raw) {
        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        StringBuilder out = new StringBuilder(raw.length());
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if (b == '%') {
                if (i + 2 >= bytes.length || hex(bytes[i + 1]) < 0 || hex(bytes[i + 2]) < 0) {
                    throw new InvalidKey("bad encoding", "url has an invalid percent-encoding: use %XX with two hex digits");
                }
                b = hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]);
                i += 2;
                if (b < 0x20 || b == 0x7f) {
                    throw new InvalidKey("control chars", "url must not contain control characters");
                }
                decoded.write(b);
                if (unreserved(b)) {
                    out.append((char) b);
                } else {
                    escape(out, b);
                }
            } else {
                decoded.write(b);
                if (unreserved(b) || (b < 128 && "!$&'()*+,;=:@".indexOf(b) >= 0)) {
                    out.append((char) b);
                } else {
                    escape(out, b);
                }
            }
        }
        requireUtf8(decoded.toByteArray());
        return out.toString();
    }

    private static void requireUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new InvalidKey("bad encoding", "url's percent-encoding is not valid UTF-8");
        }
    }

    private static boolean unreserved(int b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                || b == '-' || b == '.' || b == '_' || b == '~';
    }

    private static void escape(StringBuilder out, int b) {
        out.append('%').append(HEX.charAt(b >> 4)).append(HEX.charAt(b & 15));
    }

    private static int hex(byte b) {
        return Character.digit(b, 16);
    }
}
