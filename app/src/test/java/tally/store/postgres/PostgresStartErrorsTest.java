package tally.store.postgres;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tally.StorageException;

/** Starting on a PostgreSQL that cannot be reached says why, in the network's words where the driver has none. */
class PostgresStartErrorsTest {

    @Test
    void aHostNameThatDoesNotResolveIsNamedAsSuch() {
        PostgresUrl url = PostgresUrl.fromEnv(Map.of("TALLY_DB", "postgresql://tally:s3cret@nosuchhost.invalid:5432/counts"));

        assertThatThrownBy(() -> PostgresDatabase.open(url, 2)).isInstanceOf(StorageException.class)
                .hasMessageContaining("no such host nosuchhost.invalid")
                .hasMessageContaining("postgresql://tally@nosuchhost.invalid:5432/counts")
                .hasMessageNotContaining("s3cret");
    }
}
