package tally.http;

import tally.limits.AddressRanges;

/** IP address literals: checked by their syntax alone (never a DNS look-up) and written one way. */
final class Addresses {

    private Addresses() {
    }

    /**
     * The address in one canonical form (IPv4 dotted decimal; IPv6 as RFC 5952 writes it; an IPv4-mapped
     * IPv6 address as its IPv4), or null when the text is not an IPv4 or IPv6 literal. A port after the
     * address ({@code 192.0.2.1:443}, {@code [2001:db8::1]:443}) and brackets around IPv6 are allowed
     * and dropped, as some proxies write them.
     */
    static String canonical(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) {
            return null;
        }
        String s = text;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || !(close == s.length() - 1 || isPort(s.substring(close + 1)))) {
                return null;
            }
            s = s.substring(1, close);
            return s.indexOf(':') < 0 ? null : ipv6(s);
        }
        int colon = s.indexOf(':');
        if (colon < 0) {
            return AddressRanges.dottedQuad(s) == null ? null : s;
        }
        if (s.indexOf(':', colon + 1) < 0) {
            // one colon: an IPv4 address and its port
            String host = s.substring(0, colon);
            return isPort(s.substring(colon)) && AddressRanges.dottedQuad(host) != null ? host : null;
        }
        return ipv6(s);
    }

    private static boolean isPort(String s) {
        if (s.length() < 2 || s.length() > 6 || s.charAt(0) != ':') {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return Integer.parseInt(s.substring(1)) <= 65535;
    }

    private static String ipv6(String s) {
        int[] groups = groups(s);
        if (groups == null) {
            return null;
        }
        if (groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0 && groups[4] == 0 && groups[5] == 0xffff) {
            return (groups[6] >> 8) + "." + (groups[6] & 0xff) + "." + (groups[7] >> 8) + "." + (groups[7] & 0xff);
        }
        return rfc5952(groups);
    }

    /** The eight 16-bit groups of an IPv6 address (with at most one "::" and an optional IPv4 tail), or null. */
    private static int[] groups(String s) {
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        String[] head = gap < 0 ? s.split(":", -1) : split(s.substring(0, gap));
        String[] tail = gap < 0 ? new String[0] : split(s.substring(gap + 2));
        int[] left = parse(head, gap < 0);
        int[] right = parse(tail, true);
        if (left == null || right == null) {
            return null;
        }
        int total = left.length + right.length;
        if (gap < 0 ? total != 8 : total > 7) {
            return null;
        }
        int[] groups = new int[8];
        System.arraycopy(left, 0, groups, 0, left.length);
        System.arraycopy(right, 0, groups, 8 - right.length, right.length);
        return groups;
    }

    private static String[] split(String s) {
        return s.isEmpty() ? new String[0] : s.split(":", -1);
    }

    /** Hex groups, the last of which may be an IPv4 address (two groups) when {@code last} is true. */
    private static int[] parse(String[] parts, boolean last) {
        int n = parts.length;
        boolean v4 = last && n > 0 && parts[n - 1].indexOf('.') >= 0;
        int[] out = new int[v4 ? n + 1 : n];
        for (int i = 0; i < n; i++) {
            String p = parts[i];
            if (v4 && i == n - 1) {
                byte[] b = AddressRanges.dottedQuad(p);
                if (b == null) {
                    return null;
                }
                out[i] = (b[0] & 0xff) << 8 | (b[1] & 0xff);
                out[i + 1] = (b[2] & 0xff) << 8 | (b[3] & 0xff);
            } else {
                if (p.isEmpty() || p.length() > 4) {
                    return null;
                }
                int value = 0;
                for (int k = 0; k < p.length(); k++) {
                    char c = p.charAt(k);
                    int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                            : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                    if (digit < 0) {
                        return null;
                    }
                    value = value << 4 | digit;
                }
                out[i] = value;
            }
        }
        return out;
    }

    /** Lower-case hex without leading zeros; the longest run of two or more zero groups (the first if tied) as "::". */
    private static String rfc5952(int[] groups) {
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
