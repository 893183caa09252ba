package tally.analytics;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unique visitors without cookies: a visitor is SHA-256(daily salt, site, address, User-Agent), cut to 64
 * bits. The salt is random, held only here, and replaced at UTC midnight (checked each minute, and by the
 * first view of a day), when the day's hashes are dropped with it. Nothing of this is ever written.
 *
 * <p>Bounded: at most {@link #CAPACITY} hashes a day (visitors, visitor-pages and visitor-referrers) in a
 * fixed 8 MiB table.
 * Beyond that a hash not already in the table is counted as new and not remembered, so uniques can only
 * be over-counted (never above views) on such a day; one log line says so.
 */
public final class Uniques {

    private static final Logger log = LoggerFactory.getLogger(Uniques.class);
    private static final int SLOTS = 1 << 20;
    static final int CAPACITY = SLOTS / 4 * 3;
    private static final long DAY_MS = 86_400_000L;

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    /** A day's salt; replaced, never changed. */
    private record Salt(long day, byte[] bytes) {
    }

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final int capacity;
    private volatile Salt salt;
    private long[] table;
    private int size;
    private boolean fullLogged;

    public Uniques(Clock clock) {
        this(clock, CAPACITY);
    }

    Uniques(Clock clock, int capacity) {
        this.clock = clock;
        this.capacity = Math.min(capacity, CAPACITY);
    }

    /** Drops the salt and the hashes within a minute of UTC midnight even when no view comes; for the server. */
    public Uniques forgetAtMidnight() {
        Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tally-uniques");
            t.setDaemon(true);
            return t;
        }).scheduleWithFixedDelay(this::forgetIfNewDay, 1, 1, TimeUnit.MINUTES);
        return this;
    }

    synchronized void forgetIfNewDay() {
        Salt s = salt;
        if (s != null && s.day() != today()) {
            rotate(today());
        }
    }

    /** First views today of this visitor on the site, on the page, and from the referrer (false without one). */
    public record Firsts(boolean visitor, boolean page, boolean referrer) {
    }

    /** The hash is computed outside the lock; only the table's probe holds it. */
    public Firsts see(String site, String address, String userAgent, String page, String referrer) {
        Salt s = salt;
        long today = today();
        if (s == null || s.day() != today) {
            s = rotate(today);
        }
        long visitor = hash(s.bytes(), site, address, userAgent);
        long onPage = visitor * 0x9E3779B97F4A7C15L + (page == null ? 0 : page.hashCode()) * 0xC2B2AE3D27D4EB4FL + 1;
        long fromReferrer = referrer == null ? 0
                : visitor * 0xD6E8FEB86659FD93L + referrer.hashCode() * 0x165667B19E3779F9L + 3;
        synchronized (this) {
            if (salt != s) {
                return new Firsts(true, true, referrer != null); // the day turned while hashing: a new day's first view
            }
            return new Firsts(add(visitor), add(onPage), referrer != null && add(fromReferrer));
        }
    }

    private long today() {
        return Math.floorDiv(clock.millis(), DAY_MS);
    }

    private synchronized Salt rotate(long today) {
        if (salt != null && salt.day() == today) {
            return salt;
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        if (table == null) {
            table = new long[SLOTS];
        } else {
            Arrays.fill(table, 0);
        }
        size = 0;
        fullLogged = false;
        salt = new Salt(today, bytes);
        return salt;
    }

    private static long hash(byte[] salt, String site, String address, String userAgent) {
        MessageDigest sha = SHA256.get();
        sha.reset();
        sha.update(salt);
        for (String part : new String[] {site, address, userAgent}) {
            sha.update((part == null ? "" : part).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        byte[] d = sha.digest();
        long h = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (d[i] & 0xff);
        }
        return h;
    }

    /** Adds the hash; true when it was not there. */
    private boolean add(long h) {
        long key = h == 0 ? 1 : h;
        int i = (int) (key ^ (key >>> 32)) & (SLOTS - 1);
        while (table[i] != 0) {
            if (table[i] == key) {
                return false;
            }
            i = (i + 1) & (SLOTS - 1);
        }
        if (size >= capacity) {
            if (!fullLogged) {
                fullLogged = true;
                log.warn("analytics: more than {} visitor hashes today; further new ones are counted as unique on every view until midnight UTC", capacity);
            }
            return true;
        }
        table[i] = key;
        size++;
        return true;
    }
}
