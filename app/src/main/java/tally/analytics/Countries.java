package tally.analytics;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import tally.limits.AddressRanges;

/**
 * The country of a client address, from a MaxMind-format database read in this process (no outside
 * service): the one shipped in the jar (NRO data, CC BY 4.0) or the file TALLY_GEOIP_DB names. Both
 * layouts are read: {@code country_code} at the top, or GeoLite2's {@code country.iso_code}.
 */
public final class Countries {

    /**
     * Addresses no visitor on the internet has: this network, private, shared (carrier NAT), loopback,
     * link-local, documentation, benchmarking, multicast and reserved; IPv6's unspecified, loopback,
     * link-local, site-local, unique local, documentation and multicast. Databases built from registry data
     * give some of these a country (the shipped one puts 192.168.0.0/16 in AU), and a proxy passing its own
     * network's addresses must not make every visitor Australian.
     */
    private static final AddressRanges NOT_GLOBAL = AddressRanges.parse("0.0.0.0/8,10.0.0.0/8,100.64.0.0/10,"
            + "127.0.0.0/8,169.254.0.0/16,172.16.0.0/12,192.0.2.0/24,192.168.0.0/16,198.18.0.0/15,198.51.100.0/24,"
            + "203.0.113.0/24,224.0.0.0/3,::/127,fe80::/10,fec0::/10,fc00::/7,2001:db8::/32,ff00::/8");

    private final CompletableFuture<Reader> reader;

    private Countries(CompletableFuture<Reader> reader) {
        this.reader = reader;
    }

    /** The shipped database, loaded on a thread of its own. */
    public static Countries shipped() {
        return new Countries(CompletableFuture.supplyAsync(() -> {
            try (InputStream in = Countries.class.getResourceAsStream("/analytics/geo-whois-asn-country.mmdb")) {
                if (in == null) {
                    throw new IllegalStateException("the jar has no /analytics/geo-whois-asn-country.mmdb");
                }
                return new Reader(in, new CHMCache());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
    }

    /** The database in this file, memory-mapped; a file that cannot be read fails here, at start. */
    public static Countries file(Path file) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("TALLY_GEOIP_DB: cannot read " + file.toAbsolutePath());
        }
        try {
            return new Countries(CompletableFuture.completedFuture(new Reader(new File(file.toString()), new CHMCache())));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("TALLY_GEOIP_DB: " + file.toAbsolutePath()
                    + " is not a MaxMind database: " + e.getMessage(), e);
        }
    }

    public Countries ready() {
        reader.join();
        return this;
    }

    /** The ISO 3166-1 alpha-2 code, upper case, or null when unknown or the address is not an IP literal. */
    public String of(String address) {
        byte[] ip = AddressRanges.literal(address);
        if (ip == null || NOT_GLOBAL.contains(ip)) {
            return null;
        }
        try {
            Map<?, ?> record = reader.join().get(InetAddress.getByAddress(ip), Map.class);
            if (record == null) {
                return null;
            }
            Object code = record.get("country_code");
            if (code == null && record.get("country") instanceof Map<?, ?> country) {
                code = country.get("iso_code");
            }
            if (code == null && record.get("registered_country") instanceof Map<?, ?> registered) {
                code = registered.get("iso_code");
            }
            return code instanceof String s && s.length() == 2 ? s.toUpperCase(java.util.Locale.ROOT) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
