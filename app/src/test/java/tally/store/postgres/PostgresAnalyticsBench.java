package tally.store.postgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import tally.analytics.Increments;
import tally.analytics.View;
import tally.store.sqlite.AnalyticsSql;
import tally.store.sqlite.Database;

/**
 * Measures the analytics writes, not a test: N writers, each with its own pool as N instances would have (PostgreSQL),
 * or the one SQLite writer, applying batches of views over 3 sites, 200 pages and the usual dimensions, each batch in
 * one transaction as HitWriter does. Run with TALLY_TEST_POSTGRES set:
 * java -cp target/classes:target/test-classes:$(deps) tally.store.postgres.PostgresAnalyticsBench [postgres|sqlite] [instances] [batch] [seconds]
 */
public final class PostgresAnalyticsBench {

    public static void main(String[] args) throws Exception {
        boolean sqlite = args.length > 0 && args[0].equals("sqlite");
        int instances = sqlite ? 1 : args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        List<AutoCloseable> open = new ArrayList<>();
        List<Writer> writers = new ArrayList<>();
        if (sqlite) {
            Path dir = Files.createTempDirectory("tally-bench");
            Database db = Database.open(dir.resolve("tally.db"), false);
            open.add(db);
            AnalyticsSql store = new AnalyticsSql(db);
            writers.add(inc -> db.inTransaction(c -> {
                store.apply(c, inc);
                return null;
            }));
        } else {
            TestPostgres pg = TestPostgres.create();
            open.add(pg);
            for (int i = 0; i < instances; i++) {
                PostgresDatabase db = PostgresDatabase.open(pg.url, 2);
                open.add(0, db);
                PostgresAnalytics store = new PostgresAnalytics(db);
                writers.add(inc -> db.inTransaction(c -> {
                    store.apply(c, inc);
                    return null;
                }));
            }
        }
        AtomicLong views = new AtomicLong();
        AtomicLong buckets = new AtomicLong();
        AtomicLong batches = new AtomicLong();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (Writer w : writers) {
            Random random = new Random(threads.size());
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    List<View> list = new ArrayList<>(batch);
                    for (int i = 0; i < batch; i++) {
                        list.add(view(random, System.currentTimeMillis() / 3_600_000 * 3600));
                    }
                    Increments inc = Increments.fold(list);
                    try {
                        w.apply(inc);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    views.addAndGet(batch);
                    buckets.addAndGet(inc.values().size() + inc.totals().size() + inc.titles().size());
                    batches.incrementAndGet();
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s, %d writer(s), batches of %d views: %.0f views/s, %.1f ms per batch, %.0f rows upserted per batch%n",
                sqlite ? "sqlite" : "postgres", writers.size(), batch, views.get() / s, 1000 * s * writers.size() / batches.get(),
                (double) buckets.get() / batches.get());
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private interface Writer {
        void apply(Increments inc) throws Exception;
    }

    private static final String[] BROWSERS = {"Chrome", "Firefox", "Safari", "Edge"};
    private static final String[] COUNTRIES = {"DE", "FR", "US", "GB", "JP", "BR", "IN", "NL"};

    private static View view(Random r, long hour) {
        int page = (int) Math.min(199, Math.abs(r.nextGaussian()) * 40);
        return new View("site" + r.nextInt(3) + ".example", hour, "/page/" + page, "Page " + page, false, false,
                r.nextInt(3) == 0, r.nextInt(2) == 0, r.nextInt(2) == 0, "ref" + r.nextInt(30) + ".example", BROWSERS[r.nextInt(4)],
                String.valueOf(120 + r.nextInt(5)), r.nextBoolean() ? "Linux" : "Windows", r.nextBoolean() ? "desktop" : "mobile",
                COUNTRIES[r.nextInt(COUNTRIES.length)], r.nextBoolean() ? "1920x1080" : "390x844");
    }
}
