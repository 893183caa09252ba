package tally.limits;

/**
 * The key a client's limits are kept under: its IPv4 address, or its IPv6 /64 (one subscriber's network,
 * so that rotating addresses inside it does not reset the limits). Anything else is cut to 64 characters.
 */
public final class ClientKeys {

    private ClientKeys() {
    }

    public static String of(String ip) {
        if (ip == null) {
            return "";
        }
        if (ip.indexOf(':') >= 0) {
            byte[] a = AddressRanges.literal(ip);
            if (a != null && a.length == 16) {
                StringBuilder key = new StringBuilder(20);
                for (int i = 0; i < 8; i += 2) {
                    key.append(Integer.toHexString(((a[i] & 0xff) << 8) | (a[i + 1] & 0xff))).append(':');
                }
                return key.append(":/64").toString();
            }
        }
        return ip.length() > 64 ? ip.substring(0, 64) : ip;
    }
}
