package tally.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresUrlTest {

    private static PostgresUrl url(String tallyDb) {
        return PostgresUrl.fromEnv(Map.of("TALLY_DB", tallyDb));
    }

    @Test
    void libpqUrlsAndJdbcUrlsArePostgresAndPathsAreNot() {
        assertThat(PostgresUrl.isPostgres("postgresql://db.example.com/tally")).isTrue();
        assertThat(PostgresUrl.isPostgres("postgres://db.example.com/tally")).isTrue();
        assertThat(PostgresUrl.isPostgres("JDBC:postgresql://db.example.com/tally")).isTrue();
        assertThat(PostgresUrl.isPostgres("tally.db")).isFalse();
        assertThat(PostgresUrl.isPostgres("/var/lib/postgresql/tally.db")).isFalse();
        assertThat(PostgresUrl.isPostgres("postgresql.db")).isFalse();
    }

    @Test
    void theUserAndPasswordLeaveTheUrlAndTravelAsProperties() {
        PostgresUrl url = url("postgresql://tally:s3cret@db.example.com:5432/counts?sslmode=verify-full");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:5432/counts?sslmode=verify-full");
        assertThat(url.properties()).containsEntry("user", "tally").containsEntry("password", "s3cret");
        assertThat(url.database()).isEqualTo("counts");
    }

    @Test
    void aJdbcUrlWithUserAndPasswordParametersIsReadTheSameWay() {
        PostgresUrl url = url("jdbc:postgresql://db1:5432,db2:5432/counts?user=tally&password=s3cret&sslmode=require");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db1:5432,db2:5432/counts?sslmode=require");
        assertThat(url.user()).isEqualTo("tally");
        assertThat(url.password()).isEqualTo("s3cret");
    }

    @Test
    void escapedCharactersInThePasswordAreDecoded() {
        assertThat(url("postgresql://tally:p%40ss%3Aw+rd@localhost/counts").password()).isEqualTo("p@ss:w+rd");
    }

    @Test
    void thePasswordComesFromTallyDbPasswordWhenTheUrlHasNone() {
        PostgresUrl url = PostgresUrl.fromEnv(Map.of("TALLY_DB", "postgresql://tally@localhost/counts",
                "TALLY_DB_PASSWORD", "from-env"));
        assertThat(url.password()).isEqualTo("from-env");
    }

    @Test
    void withoutAnyPasswordNoneIsSentSoPgjdbcReadsThePgpassFile() {
        PostgresUrl url = url("postgresql://tally@localhost/counts");
        assertThat(url.password()).isNull();
        assertThat(url.properties()).doesNotContainKey("password");
    }

    @Test
    void theRedactedFormNeverShowsThePassword() {
        PostgresUrl url = url("postgresql://tally:s3cret@db.example.com/counts?password=other&sslmode=require");
        assertThat(url.redacted()).isEqualTo("postgresql://tally@db.example.com/counts?sslmode=require");
        assertThat(url.toString()).doesNotContain("s3cret").doesNotContain("other");
        PostgresUrl fromEnv = PostgresUrl.fromEnv(Map.of("TALLY_DB", "postgresql://tally@localhost/counts",
                "TALLY_DB_PASSWORD", "from-env"));
        assertThat(fromEnv.toString()).doesNotContain("from-env");
    }

    @Test
    void aMissingHostMeansLocalhost() {
        assertThat(url("postgresql:///counts").jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/counts");
    }

    @Test
    void aUrlWithoutADatabaseIsRefusedByName() {
        assertThatThrownBy(() -> url("postgresql://tally:s3cret@localhost"))
                .hasMessageContaining("TALLY_DB names no database")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void aMalformedEscapeIsRefusedWithoutEchoingThePassword() {
        assertThatThrownBy(() -> url("postgresql://tally:s3cret%zz@localhost/counts"))
                .hasMessageContaining("TALLY_DB has a malformed %-escape in its password")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void aPortThatIsNotANumberFrom1To65535IsRefusedByName() {
        for (String bad : java.util.List.of("postgresql://localhost:notaport/counts", "postgresql://localhost:0/counts",
                "postgresql://localhost:70000/counts", "postgresql://a:5432,b:x/counts")) {
            assertThatThrownBy(() -> url(bad)).as(bad).hasMessageContaining("TALLY_DB has the port");
        }
        assertThat(url("postgresql://a:5432,b:5433/counts").jdbcUrl()).isEqualTo("jdbc:postgresql://a:5432,b:5433/counts");
        assertThat(url("postgresql://[::1]:5432/counts").jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5432/counts");
        assertThat(url("postgresql://[::1]/counts").jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]/counts");
    }

    @Test
    void aParameterThatIsNotANameIsRefused() {
        assertThatThrownBy(() -> url("postgresql://localhost/counts?=x"))
                .hasMessageContaining("TALLY_DB has a parameter");
    }
}
