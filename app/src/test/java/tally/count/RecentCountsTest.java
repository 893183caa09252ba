package tally.count;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RecentCountsTest {

    private static final CounterKey PAGE = UrlKeys.url("example.com/a");
    private static final String DAY = "2026-11-21";
    private final RecentCounts recent = new RecentCounts(100);
    private final AtomicInteger databaseReads = new AtomicInteger();

    private CounterState fromDatabase(long count) {
        databaseReads.incrementAndGet();
        return new CounterState(PAGE, count, count, false);
    }

    @Test
    void aCommittedCountIsReadWithoutTheDatabase() {
        recent.committed(List.of(new CounterState(PAGE, 7, 3, true)), DAY);
        assertThat(recent.get(PAGE, DAY, () -> fromDatabase(0)).count()).isEqualTo(7);
        assertThat(databaseReads).hasValue(0);
    }

    @Test
    void aMissIsReadFromTheDatabaseOnceAndKept() {
        assertThat(recent.get(PAGE, DAY, () -> fromDatabase(5)).count()).isEqualTo(5);
        assertThat(recent.get(PAGE, DAY, () -> fromDatabase(99)).count()).isEqualTo(5);
        assertThat(databaseReads).hasValue(1);
    }

    @Test
    void aCounterNeverCountedIsKeptAsNoneUntilTheWriterCountsIt() {
        assertThat(recent.get(PAGE, DAY, () -> null)).isNull();
        assertThat(recent.get(PAGE, DAY, () -> fromDatabase(1))).isNull();
        recent.committed(List.of(new CounterState(PAGE, 1, 1, true)), DAY);
        assertThat(recent.get(PAGE, DAY, () -> fromDatabase(0)).count()).isEqualTo(1);
    }

    @Test
    void aReadThatACommitOvertookIsAnsweredButNotKept() {
        CounterState stale = recent.get(PAGE, DAY, () -> {
            CounterState before = fromDatabase(4);
            recent.committed(List.of(new CounterState(PAGE, 5, 5, true)), DAY); // committed while the reader was reading
            return before;
        });
        assertThat(stale.count()).isEqualTo(4);
        assertThat(recent.get(PAGE, DAY, () -> fromDatabase(0)).count()).isEqualTo(5);
    }

    @Test
    void anOlderDaysEntryIsReadAgainForTodaysHits() {
        recent.committed(List.of(new CounterState(PAGE, 9, 9, true)), "2026-11-20");
        assertThat(recent.get(PAGE, DAY, () -> new CounterState(PAGE, 9, 0, false)).today()).isZero();
        assertThat(recent.get(PAGE, DAY, () -> fromDatabase(0)).today()).isZero();
        assertThat(databaseReads).hasValue(0);
    }

    @Test
    void theLastOfSeveralHitsOnOneCounterInABatchWins() {
        recent.committed(List.of(new CounterState(PAGE, 1, 1, true), new CounterState(PAGE, 2, 2, true), new CounterState(PAGE, 3, 3, true)), DAY);
        assertThat(recent.get(PAGE, DAY, () -> fromDatabase(0)).count()).isEqualTo(3);
    }

    @Test
    void itNeverHoldsMoreThanItsCapacity() {
        RecentCounts small = new RecentCounts(10);
        for (int i = 0; i < 25; i++) {
            CounterKey key = UrlKeys.url("example.com/" + i);
            small.get(key, DAY, () -> new CounterState(key, 1, 1, false));
        }
        int reads = 0;
        for (int i = 0; i < 25; i++) {
            CounterKey key = UrlKeys.url("example.com/" + i);
            AtomicInteger here = new AtomicInteger();
            small.get(key, DAY, () -> {
                here.incrementAndGet();
                return new CounterState(key, 1, 1, false);
            });
            reads += here.get();
        }
        assertThat(reads).isGreaterThanOrEqualTo(15);
    }
}
