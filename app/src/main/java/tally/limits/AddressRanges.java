package tally.limits;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** A list of addresses and CIDR ranges such as {@code 127.0.0.1,10.0.0.0/8,2001:db8::/32}, and whether one holds an address. */
public final class AddressRanges {

    private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private record Range(byte[] network, int bits) {
    }

    private final List<Range> ranges;

    private AddressRanges(List<Range> ranges) {
        this.ranges = ranges;
    }

    public static AddressRanges none() {
        return new AddressRanges(List.of());
    }

    /** Parses a comma list; IllegalArgumentException names the entry that is not an address or range. */
    public static AddressRanges parse(String text) {
        List<Range> ranges = new ArrayList<>();
        for (String part : text.split(",")) {
            String entry = part.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int slash = entry.indexOf('/');
            byte[] address = literal(slash < 0 ? entry : entry.substring(0, slash));
            int bits = address == null ? -1 : address.length * 8;
            if (address != null && slash >= 0) {
                String digits = entry.substring(slash + 1);
                bits = digits.matches("\\d{1,3}") ? Integer.parseInt(digits) : -1;
            }
            if (address == null || bits < 0 || bits > address.length * 8) {
                throw new IllegalArgumentException("'" + entry + "' is not an IP address or CIDR range such as 10.0.0.0/8");
            }
            ranges.add(new Range(address, bits));
        }
        return new AddressRanges(List.copyOf(ranges));
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** True when the address (as Clients.ip gives it) is in one of the ranges; false for anything not an address. */
    public boolean contains(String ip) {
        return !ranges.isEmpty() && contains(literal(ip));
    }

    /** True when the address, as {@link #literal} gives its bytes, is in one of the ranges; false for null. */
    public boolean contains(byte[] address) {
        if (address == null) {
            return false;
        }
        for (Range r : ranges) {
            if (r.network().length == address.length && matches(r, address)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(Range r, byte[] address) {
        for (int bit = 0; bit < r.bits(); bit++) {
            int mask = 0x80 >> (bit % 8);
            if ((r.network()[bit / 8] & mask) != (address[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** The bytes of an IPv4 or IPv6 literal (brackets allowed), or null; never a DNS look-up. */
    public static byte[] literal(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.isEmpty() || s.length() > 45) {
            return null;
        }
        if (s.indexOf(':') < 0) {
            // read here: InetAddress looks up in DNS what is not a valid literal, such as 999.1.1.1
            return dottedQuad(s);
        }
        if (!V6.matcher(s).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * The four bytes of a dotted-decimal IPv4 address, or null: four numbers of one to three digits, each at most 255,
     * with no leading zeros (some read 010 as octal, others as decimal). Never a DNS look-up.
     */
    public static byte[] dottedQuad(String s) {
        byte[] bytes = new byte[4];
        int part = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '.';
            if (c >= '0' && c <= '9' && digits < 3 && !(digits == 1 && value == 0)) {
                value = value * 10 + (c - '0');
                digits++;
            } else if (c == '.' && digits > 0 && value <= 255 && part < 4) {
                bytes[part++] = (byte) value;
                value = 0;
                digits = 0;
            } else {
                return null;
            }
        }
        return part == 4 ? bytes : null;
    }
}
