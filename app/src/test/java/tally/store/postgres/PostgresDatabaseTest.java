package tally.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.StorageException;

class PostgresDatabaseTest {

    private TestPostgres pg;

    @TempDir
    Path dir;

    @BeforeEach
    void freshDatabase() {
        pg = TestPostgres.create();
    }

    @AfterEach
    void dropIt() {
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void anEmptyDatabaseIsMigratedAndItsHistoryRecorded() {
        try (PostgresDatabase db = PostgresDatabase.open(pg.url, 2)) {
            assertThat(pg.number("SELECT max(version) FROM tally_schema_history"))
                    .isEqualTo(PostgresSchema.MIGRATIONS.size());
            assertThat(pg.number("SELECT count(*) FROM information_schema.tables WHERE table_name IN"
                    + " ('counters', 'refresh_tokens', 'daily_hits', 'settings')")).isEqualTo(4);
            assertThat(db.tokenSecret()).hasSize(16);
        }
    }

    @Test
    void threeInstancesStartingAtOnceMigrateOnceAndShareOneSecret() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<PostgresDatabase>> opening = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                opening.add(pool.submit(() -> PostgresDatabase.open(pg.url, 1)));
            }
            List<byte[]> secrets = new ArrayList<>();
            for (Future<PostgresDatabase> f : opening) {
                try (PostgresDatabase db = f.get()) {
                    secrets.add(db.tokenSecret());
                }
            }
            assertThat(secrets).allSatisfy(s -> assertThat(s).isEqualTo(secrets.get(0)));
            assertThat(pg.number("SELECT count(*) FROM tally_schema_history")).isEqualTo(PostgresSchema.MIGRATIONS.size());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void reopeningKeepsTheSecretAndAppliesNothing() {
        byte[] secret;
        try (PostgresDatabase db = PostgresDatabase.open(pg.url, 1)) {
            secret = db.tokenSecret();
        }
        try (PostgresDatabase db = PostgresDatabase.open(pg.url, 1)) {
            assertThat(db.tokenSecret()).isEqualTo(secret);
        }
        assertThat(pg.number("SELECT count(*) FROM tally_schema_history")).isEqualTo(PostgresSchema.MIGRATIONS.size());
    }

    @Test
    void aDatabaseNewerThanTheCodeStopsTheStart() {
        PostgresDatabase.open(pg.url, 1).close();
        pg.execute("INSERT INTO tally_schema_history (version, description) VALUES (99, 'from the future')");
        assertThatThrownBy(() -> PostgresDatabase.open(pg.url, 1))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("schema is version 99 but this Tally knows versions up to "
                        + PostgresSchema.MIGRATIONS.size());
    }

    @Test
    void aFailedMigrationLeavesNothingBehind() {
        List<PostgresSchema.Migration> broken = new ArrayList<>(PostgresSchema.MIGRATIONS);
        broken.add(new PostgresSchema.Migration("broken", "CREATE TABLE half (x INT); SELECT no_such_function()"));
        assertThatThrownBy(() -> PostgresDatabase.open(pg.url, 1, broken)).isInstanceOf(StorageException.class);
        assertThat(pg.number("SELECT count(*) FROM information_schema.tables WHERE table_name IN ('half', 'counters')"))
                .isZero();
    }

    @Test
    void commitsWaitForTheWalEvenWhereTheDatabaseDefaultIsOff() throws Exception {
        pg.execute("ALTER DATABASE " + pg.url.database() + " SET synchronous_commit = off");
        try (PostgresDatabase db = PostgresDatabase.open(pg.url, 1);
             Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW synchronous_commit")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("on");
        }
    }

    @Test
    void withoutAPasswordPgjdbcReadsItFromThePgpassFile() throws Exception {
        PostgresUrl withPassword = pg.url;
        PostgresUrl without = PostgresUrl.fromEnv(Map.of("TALLY_DB",
                withPassword.jdbcUrl().replace("jdbc:postgresql://", "postgresql://" + withPassword.user() + "@")));
        assertThat(without.password()).isNull();
        Path pgpass = dir.resolve("pgpass");
        Files.writeString(pgpass, "*:*:*:" + withPassword.user() + ":" + withPassword.password() + "\n");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
        System.setProperty("org.postgresql.pgpassfile", pgpass.toString());
        try (PostgresDatabase db = PostgresDatabase.open(without, 1)) {
            assertThat(db.tokenSecret()).hasSize(16);
        } finally {
            System.clearProperty("org.postgresql.pgpassfile");
        }
    }

    @Test
    void aWrongPasswordStopsTheStartWithoutPrintingIt() {
        PostgresUrl wrong = PostgresUrl.fromEnv(Map.of("TALLY_DB",
                pg.url.jdbcUrl().replace("jdbc:postgresql://", "postgresql://" + pg.url.user() + ":not-the-password@")));
        assertThatThrownBy(() -> PostgresDatabase.open(wrong, 1))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("cannot open the database postgresql://")
                .hasMessageNotContaining("not-the-password");
    }
}
