package tally.count;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Address hosts written as browsers write them (the WHATWG URL standard's host parser and serializer), so
 * {@code 0177.0.0.1}, {@code 0x7f.1} and {@code 2130706433} are all {@code 127.0.0.1}, and {@code [0:0::1]} is {@code [::1]}.
 */
final class IpHosts {

    private static final long NO_NUMBER = -1;
    private static final long TOO_BIG = -2;

    private IpHosts() {
    }

    /** Whether browsers read this ASCII host (no trailing dot) as an IPv4 address: its last label is a number. */
    static boolean endsInANumber(String host) {
        String last = host.substring(host.lastIndexOf('.') + 1);
        if (!last.isEmpty() && last.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return true;
        }
        return number(last) != NO_NUMBER;
    }

    /** The dotted quad of a host that ends in a number; throws InvalidKey if browsers would refuse it. */
    static String ipv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length > 4) {
            throw invalid("more than four parts");
        }
        long address = 0;
        for (int i = 0; i < parts.length; i++) {
            long n = number(parts[i]);
            if (n == NO_NUMBER) {
                throw invalid("'" + parts[i] + "' is not a number");
            }
            boolean last = i == parts.length - 1;
            long limit = last ? 1L << (8 * (5 - parts.length)) : 256;
            if (n == TOO_BIG || n >= limit) {
                throw invalid("a part is too large");
            }
            address = last ? address + n : address + (n << (8 * (3 - i)));
        }
        return (address >>> 24) + "." + ((address >>> 16) & 255) + "." + ((address >>> 8) & 255) + "." + (address & 255);
    }

    /** The WHATWG serialization of an IPv6 literal given without its brackets: the longest run of zeros as "::". */
    static String ipv6(String literal) {
        byte[] bytes;
        try {
            // A literal in brackets is parsed, never looked up: Java refuses what it cannot parse as IPv6.
            InetAddress address = InetAddress.getByName("[" + literal + "]");
            bytes = address.getAddress();
            if (address instanceof Inet4Address) { // Java turns ::ffff:a.b.c.d into the IPv4 address; browsers keep it
                bytes = new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, bytes[0], bytes[1], bytes[2], bytes[3]};
            }
        } catch (UnknownHostException e) {
            throw new InvalidKey("bad host", "url has an invalid IPv6 address");
        }
        int[] pieces = new int[8];
        for (int i = 0; i < 8; i++) {
            pieces[i] = ((bytes[2 * i] & 255) << 8) | (bytes[2 * i + 1] & 255);
        }
        int start = -1;
        int length = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && pieces[j] == 0) {
                j++;
            }
            if (j - i > length) {
                start = i;
                length = j - i;
            }
            i = Math.max(i, j);
        }
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < 8; i++) {
            if (i == start) {
                out.append(i == 0 ? "::" : ":");
                i += length - 1;
                continue;
            }
            out.append(Integer.toHexString(pieces[i]));
            if (i < 7) {
                out.append(':');
            }
        }
        return out.append(']').toString();
    }

    /** WHATWG's IPv4 number parser: decimal, 0x hex or 0 octal; NO_NUMBER if it is none, TOO_BIG over 32 bits. */
    private static long number(String part) {
        if (part.isEmpty()) {
            return NO_NUMBER;
        }
        int radix = 10;
        String digits = part;
        if (part.startsWith("0x")) {
            radix = 16;
            digits = part.substring(2);
        } else if (part.length() > 1 && part.charAt(0) == '0') {
            radix = 8;
            digits = part.substring(1);
        }
        long n = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = Character.digit(digits.charAt(i), radix);
            if (d < 0 || digits.charAt(i) > 'f') {
                return NO_NUMBER;
            }
            n = n > 0xFFFF_FFFFL ? n : n * radix + d;
        }
        return n > 0xFFFF_FFFFL ? TOO_BIG : n;
    }

    private static InvalidKey invalid(String why) {
        return new InvalidKey("bad host", "url has an invalid IPv4 address (" + why + "): send four numbers from 0 to 255, such as 192.0.2.1");
    }
}
