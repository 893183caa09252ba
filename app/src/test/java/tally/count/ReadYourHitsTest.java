package tally.count;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.TestTally;

/**
 * Reads racing hits: once a hit has been answered with a count, no later read of that counter answers
 * less, whether it comes from the writer's recent counts or from a reader connection.
 */
class ReadYourHitsTest {

    private static final int COUNTERS = 200;
    private static final int HITS_PER_THREAD = 1_500;
    private static final int READS_PER_THREAD = 6_000;

    @TempDir
    Path dir;

    @Test
    void noReadAnswersLessThanAnAcknowledgedCount() throws Exception {
        List<CounterKey> keys = new ArrayList<>();
        for (int i = 0; i < COUNTERS; i++) {
            keys.add(UrlKeys.url("example.com/" + i));
        }
        AtomicLongArray acknowledged = new AtomicLongArray(COUNTERS);
        ConcurrentLinkedQueue<String> stale = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (TestTally t = TestTally.create(dir)) {
            List<Future<?>> work = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                Random random = new Random(thread);
                work.add(pool.submit(() -> {
                    for (int n = 0; n < HITS_PER_THREAD; n++) {
                        int i = random.nextInt(COUNTERS);
                        long count = t.counters.hit(keys.get(i), null, false).join().count();
                        acknowledged.accumulateAndGet(i, count, Math::max);
                    }
                }));
            }
            for (int thread = 0; thread < 4; thread++) {
                Random random = new Random(100 + thread);
                work.add(pool.submit(() -> {
                    for (int n = 0; n < READS_PER_THREAD; n++) {
                        int i = random.nextInt(COUNTERS);
                        long before = acknowledged.get(i);
                        long read = t.counters.read(keys.get(i)).count();
                        if (read < before) {
                            stale.add(keys.get(i).key() + " read " + read + " after " + before + " was acknowledged");
                        }
                    }
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
            long total = 0;
            for (int i = 0; i < COUNTERS; i++) {
                assertThat(t.counters.read(keys.get(i)).count()).isEqualTo(acknowledged.get(i));
                total += acknowledged.get(i);
            }
            assertThat(total).isEqualTo(4L * HITS_PER_THREAD);
        } finally {
            pool.shutdownNow();
        }
        assertThat(stale).isEmpty();
    }
}
