package tally.count;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.TestTally;

/**
 * The hit writer against a model of refresh suppression: random hits from a few browsers on a few
 * counters, queued in groups that the writer splits into batches as it likes, while the clock moves by
 * steps that fall on both sides of the window's edge and across UTC midnight. Each answer must say what
 * the model says: whether it counted, and a counted hit's total and today's count.
 */
class SuppressionModelTest {

    private static final long WINDOW_MS = 300_000;
    private static final long[] STEPS_S = {0, 1, 60, 299, 300, 301, 3_600};

    @TempDir
    Path dir;

    private record Pair(Token token, CounterKey key) {
    }

    private record Expected(boolean counted, long count, long today) {
    }

    @Test
    void everyAnswerIsTheModelsAnswer() {
        Random random = new Random(42);
        List<CounterKey> keys = List.of(UrlKeys.url("example.com/a"), UrlKeys.url("example.com/b"),
                UrlKeys.url("example.com/c"), UrlKeys.pageId("example.com/a"));
        Map<Pair, Long> lastCounted = new HashMap<>();
        Map<CounterKey, Long> counts = new HashMap<>();
        Map<String, Long> todays = new HashMap<>();
        List<Token> browsers = new ArrayList<>();
        int suppressed = 0;
        try (TestTally t = TestTally.create(dir)) {
            assertThat(t.config.counting().refreshWindow().toMillis()).isEqualTo(WINDOW_MS);
            for (int group = 0; group < 300; group++) {
                t.clock.advanceSeconds(STEPS_S[random.nextInt(STEPS_S.length)]);
                long now = t.clock.millis();
                String day = LocalDate.ofInstant(t.clock.instant(), ZoneOffset.UTC).toString();
                List<CompletableFuture<CounterState>> answers = new ArrayList<>();
                List<Expected> expected = new ArrayList<>();
                for (int n = 1 + random.nextInt(30); n > 0; n--) {
                    boolean fresh = browsers.isEmpty() || random.nextInt(5) == 0;
                    Token token = fresh ? t.tokens.fresh() : browsers.get(random.nextInt(browsers.size()));
                    if (fresh && browsers.size() < 8) {
                        browsers.add(token);
                    }
                    CounterKey key = keys.get(random.nextInt(keys.size()));
                    answers.add(t.counters.hit(key, token, !fresh));
                    Pair pair = new Pair(token, key);
                    Long last = lastCounted.get(pair);
                    if (!fresh && last != null && last >= now - WINDOW_MS) {
                        expected.add(new Expected(false, counts.getOrDefault(key, 0L), 0));
                        suppressed++;
                    } else {
                        lastCounted.put(pair, now);
                        long count = counts.merge(key, 1L, Long::sum);
                        long today = todays.merge(key.kind() + " " + key.key() + " " + day, 1L, Long::sum);
                        expected.add(new Expected(true, count, today));
                    }
                }
                for (int i = 0; i < answers.size(); i++) {
                    CounterState answer = answers.get(i).join();
                    Expected e = expected.get(i);
                    String where = "group " + group + ", hit " + i;
                    assertThat(answer.counted()).as(where).isEqualTo(e.counted());
                    if (e.counted()) {
                        assertThat(answer.count()).as(where).isEqualTo(e.count());
                        assertThat(answer.today()).as(where).isEqualTo(e.today());
                    } else {
                        // A suppressed hit shows its counter after the batch it fell in: at least what the model had then.
                        assertThat(answer.count()).as(where).isBetween(e.count(), counts.getOrDefault(answer.key(), 0L));
                    }
                }
            }
            for (CounterKey key : keys) {
                assertThat(t.counters.read(key).count()).as(key.toString()).isEqualTo(counts.getOrDefault(key, 0L));
            }
        }
        assertThat(suppressed).as("suppressed hits").isGreaterThan(300);
        assertThat(todays.keySet().stream().map(k -> k.substring(k.lastIndexOf(' '))).distinct().count())
                .as("UTC days crossed").isGreaterThan(1);
    }
}
