package tally.store.postgres;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import tally.count.CounterKey;
import tally.count.Hit;
import tally.count.Tokens;
import tally.count.UrlKeys;

/**
 * Measures PostgresHits' batch apply, not a test: N instances (pools), one writer thread each as HitWriter has,
 * applying batches of first hits (a fresh returning token each, so every hit claims a token row) over 1,000 URLs (or as many as the fourth argument says),
 * with the CPU time PostgreSQL's processes used meanwhile. Run with TALLY_TEST_POSTGRES set:
 * java -cp target/classes:target/test-classes:$(deps) tally.store.postgres.PostgresHitsBench [instances] [batch] [seconds] [urls]
 */
public final class PostgresHitsBench {

    public static void main(String[] args) throws Exception {
        int instances = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int urls = args.length > 3 ? Integer.parseInt(args[3]) : 1_000;
        try (TestPostgres pg = TestPostgres.create()) {
            List<PostgresDatabase> dbs = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                dbs.add(PostgresDatabase.open(pg.url, 2));
            }
            Tokens tokens = new Tokens(dbs.get(0).tokenSecret(), Clock.systemUTC());
            List<CounterKey> keys = new ArrayList<>();
            for (int i = 0; i < urls; i++) {
                keys.add(UrlKeys.url("example.com/page/" + i));
            }
            AtomicLong hits = new AtomicLong();
            AtomicLong batches = new AtomicLong();
            long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            double pgCpuBefore = postgresCpuSeconds();
            long start = System.nanoTime();
            List<Thread> writers = new ArrayList<>();
            for (PostgresDatabase db : dbs) {
                Thread t = new Thread(() -> {
                    long n = 0;
                    while (System.nanoTime() < end) {
                        List<Hit> list = new ArrayList<>(batch);
                        for (int i = 0; i < batch; i++) {
                            list.add(new Hit(keys.get((int) ((n++ * 7919) % keys.size())), tokens.fresh(), true));
                        }
                        long now = System.currentTimeMillis();
                        try {
                            db.inTransaction(c -> new PostgresHits(c).applyAll(list, now, now - 300_000, "2026-12-01"));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        hits.addAndGet(batch);
                        batches.incrementAndGet();
                    }
                });
                t.start();
                writers.add(t);
            }
            for (Thread t : writers) {
                t.join();
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            double pgCpu = postgresCpuSeconds() - pgCpuBefore;
            long counted = pg.number("SELECT sum(count) FROM counters");
            System.out.printf("instances=%d batch=%d urls=%d elapsed=%.1fs hits=%d (counted %d) batches=%d"
                            + " hits/s=%.0f postgres-cpu=%.1fs hits-per-postgres-cpu-second=%.0f%n",
                    instances, batch, urls, elapsed, hits.get(), counted, batches.get(), hits.get() / elapsed, pgCpu,
                    hits.get() / pgCpu);
            dbs.forEach(PostgresDatabase::close);
        }
    }

    /** CPU time used so far by every postgres process of this machine (the server and its backends). */
    private static double postgresCpuSeconds() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false))
                .mapToDouble(p -> p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0))
                .sum();
    }
}
