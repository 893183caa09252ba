package tally.count;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tally.analytics.View;

/** The writer settles the ledger (folds held page views) only after a quiet spell, never between busy batches. */
class WriterQuietTest {

    /** A ledger that commits at once and counts the settles that came soon after a commit. */
    private static final class CountingLedger implements Ledger {
        final AtomicInteger busySettles = new AtomicInteger();
        final AtomicInteger views = new AtomicInteger();
        /** Touched by the writer's thread only. */
        private long lastCommit = System.nanoTime();

        @Override
        public List<CounterState> commit(List<Hit> hits, List<View> batch, long now, long suppressSince, String day) {
            views.addAndGet(batch.size());
            lastCommit = System.nanoTime();
            return new ArrayList<>();
        }

        @Override
        public void settle() {
            if (System.nanoTime() - lastCommit < 40_000_000L) {
                busySettles.incrementAndGet();
            }
        }

        @Override
        public void makeDurable() {
        }

        @Override
        public int forgetTokens(long before, int limit) {
            return 0;
        }

        @Override
        public boolean rollUpOneDay(long before) {
            return false;
        }

        @Override
        public boolean soleWriter() {
            return true;
        }
    }

    @Test
    void manyClientsWaitingOnTheirViewsNeverLookQuiet() throws Exception {
        CountingLedger ledger = new CountingLedger();
        View view = new View("example.com", 0, "/", null, false, false, true, true, false, null, "Firefox", "120",
                "Linux", "desktop", "DE", "1920x1080");
        try (HitWriter writer = new HitWriter(ledger, Duration.ofMinutes(5), Clock.systemUTC(), null)) {
            ExecutorService clients = Executors.newFixedThreadPool(16);
            long end = System.nanoTime() + 1_500_000_000L;
            for (int i = 0; i < 16; i++) {
                clients.submit(() -> {
                    while (System.nanoTime() < end) {
                        writer.submit(view).join();
                    }
                });
            }
            clients.shutdown();
            assertThat(clients.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            // Each settle folds what is held: under steady traffic that must wait for the ledger's own thresholds,
            // not come after every batch. A stall of the test machine may make a real quiet spell of 50 ms.
            assertThat(ledger.views.get()).as("views committed").isGreaterThan(1_000);
            assertThat(ledger.busySettles.get()).as("settles less than 40 ms after a commit").isZero();
        }
    }
}
