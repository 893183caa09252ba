package tally.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import tally.count.CounterKey;
import tally.count.Hit;
import tally.count.UrlKeys;

class PostgresNotifierTest {

    private static final CounterKey A = UrlKeys.url("example.com/a");

    /** Collects what a listener is told. */
    private static final class Heard implements PostgresNotifier.Listener {
        final BlockingQueue<PostgresNotifier.Change> changes = new LinkedBlockingQueue<>();
        final AtomicInteger reconnections = new AtomicInteger();

        @Override
        public void changed(List<PostgresNotifier.Change> changed) {
            changes.addAll(changed);
        }

        @Override
        public void reconnected() {
            reconnections.incrementAndGet();
        }

        PostgresNotifier.Change next() throws InterruptedException {
            PostgresNotifier.Change c = changes.poll(30, TimeUnit.SECONDS);
            assertThat(c).as("a change heard within 30 s").isNotNull();
            return c;
        }
    }

    private static PostgresNotifier.Change change(long id, String key, long count) {
        return new PostgresNotifier.Change(id, "url", key, count, count);
    }

    @Test
    void aCounterChangedTwiceIsSentOnceWithItsLatestCount() {
        List<String> payloads = PostgresNotifier.payloads("me", List.of(change(1, "a", 5), change(2, "b", 1), change(1, "a", 6)));
        assertThat(payloads).containsExactly("{\"from\":\"me\",\"changes\":[[1,\"url\",\"a\",6,6],[2,\"url\",\"b\",1,1]]}");
    }

    @Test
    void manyChangesAreSplitIntoPayloadsUnderTheLimit() {
        List<PostgresNotifier.Change> changes = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            changes.add(change(i, "example.com/" + "é".repeat(250) + i, i));
        }
        List<String> payloads = PostgresNotifier.payloads("me", changes);
        assertThat(payloads).hasSizeGreaterThan(1).allSatisfy(p ->
                assertThat(p.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(PostgresNotifier.MAX_PAYLOAD));
        assertThat(String.join("", payloads)).contains("example.com/" + "é".repeat(250) + 299);
    }

    @Test
    void anotherInstancesCommittedBatchIsHeardAndARolledBackOneIsNot() throws Exception {
        try (TestPostgres pg = TestPostgres.create();
             PostgresDatabase one = PostgresDatabase.open(pg.url, 2); PostgresDatabase two = PostgresDatabase.open(pg.url, 2);
             PostgresNotifier listening = new PostgresNotifier(one); PostgresNotifier writing = new PostgresNotifier(two)) {
            Heard heard = new Heard();
            listening.start(heard);
            awaitNonZero(listening::listenerPid);
            try {
                two.inTransaction(c -> {
                    PostgresHits hits = new PostgresHits(c);
                    hits.applyAll(List.of(new Hit(A, null, false)), 1_000, 0, "2026-11-21");
                    writing.publish(c, hits.changed());
                    throw new IllegalStateException("rolled back on purpose");
                });
            } catch (IllegalStateException expected) {
                // nothing of it was committed, so nothing may be heard
            }
            apply(two, writing, 2);
            PostgresNotifier.Change first = heard.next();
            assertThat(first.key()).isEqualTo(A.key());
            assertThat(first.count()).isEqualTo(2);
        }
    }

    @Test
    void anInstanceDoesNotHearItsOwnChanges() throws Exception {
        try (TestPostgres pg = TestPostgres.create(); PostgresDatabase one = PostgresDatabase.open(pg.url, 2);
             PostgresDatabase two = PostgresDatabase.open(pg.url, 2);
             PostgresNotifier self = new PostgresNotifier(one); PostgresNotifier other = new PostgresNotifier(two)) {
            Heard heard = new Heard();
            self.start(heard);
            awaitNonZero(self::listenerPid);
            apply(one, self, 1);
            apply(two, other, 1);
            assertThat(heard.next().count()).as("the first change heard is the other instance's").isEqualTo(2);
        }
    }

    @Test
    void aListenerWhoseConnectionIsKilledReconnectsAndHearsAgain() throws Exception {
        try (TestPostgres pg = TestPostgres.create();
             PostgresDatabase one = PostgresDatabase.open(pg.url, 2); PostgresDatabase two = PostgresDatabase.open(pg.url, 2);
             PostgresNotifier listening = new PostgresNotifier(one); PostgresNotifier writing = new PostgresNotifier(two)) {
            Heard heard = new Heard();
            listening.start(heard);
            int before = awaitNonZero(listening::listenerPid);
            try (Connection c = two.connection(); Statement s = c.createStatement()) {
                s.execute("SELECT pg_terminate_backend(" + before + ")");
            }
            int after = awaitNonZero(() -> listening.listenerPid() == before ? 0 : listening.listenerPid());
            assertThat(after).isNotEqualTo(before);
            assertThat(heard.reconnections.get()).isEqualTo(1);
            apply(two, writing, 1);
            assertThat(heard.next().count()).isEqualTo(1);
        }
    }

    @Test
    void aBatchOfHundredsOfLongKeysIsHeardWhole() throws Exception {
        try (TestPostgres pg = TestPostgres.create();
             PostgresDatabase one = PostgresDatabase.open(pg.url, 2); PostgresDatabase two = PostgresDatabase.open(pg.url, 2);
             PostgresNotifier listening = new PostgresNotifier(one); PostgresNotifier writing = new PostgresNotifier(two)) {
            Heard heard = new Heard();
            listening.start(heard);
            awaitNonZero(listening::listenerPid);
            List<Hit> hits = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                hits.add(new Hit(UrlKeys.url("example.com/" + "x".repeat(400) + "/" + i), null, false));
            }
            two.inTransaction(c -> {
                PostgresHits applied = new PostgresHits(c);
                applied.applyAll(hits, 1_000, 0, "2026-11-21");
                writing.publish(c, applied.changed());
                return null;
            });
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                keys.add(heard.next().key());
            }
            assertThat(keys).containsExactlyInAnyOrderElementsOf(hits.stream().map(h -> h.key().key()).toList());
        }
    }

    /** Applies n hits on A in one transaction on that instance and publishes its changes in it. */
    private static void apply(PostgresDatabase instance, PostgresNotifier notifier, int n) throws Exception {
        List<Hit> hits = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            hits.add(new Hit(A, null, false));
        }
        instance.inTransaction(c -> {
            PostgresHits applied = new PostgresHits(c);
            applied.applyAll(hits, 1_000, 0, "2026-11-21");
            notifier.publish(c, applied.changed());
            return null;
        });
    }

    /** Waits (up to 30 s) for the supplier to answer other than 0, and answers that. */
    private static int awaitNonZero(IntSupplier value) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            int v = value.getAsInt();
            if (v != 0) {
                return v;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("still 0 after 30 s");
    }
}
