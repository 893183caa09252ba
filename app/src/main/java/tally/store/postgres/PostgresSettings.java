package tally.store.postgres;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import tally.StorageException;
import tally.analytics.AdminToken;

/** Named settings in the shared database, such as the admin token: the first instance to keep one makes it for all. */
final class PostgresSettings implements AdminToken.Keeper {

    private static final String KEEP = "INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING";
    private static final String READ = "SELECT value FROM settings WHERE name = ?";

    private final PostgresDatabase db;

    PostgresSettings(PostgresDatabase db) {
        this.db = db;
    }

    @Override
    public String keep(String name, String fresh) {
        try {
            return db.inTransaction(c -> {
                try (PreparedStatement keep = c.prepareStatement(KEEP)) {
                    keep.setString(1, name);
                    keep.setBytes(2, fresh.getBytes(StandardCharsets.UTF_8));
                    keep.executeUpdate();
                }
                try (PreparedStatement read = c.prepareStatement(READ)) {
                    read.setString(1, name);
                    try (ResultSet rs = read.executeQuery()) {
                        rs.next();
                        return new String(rs.getBytes(1), StandardCharsets.UTF_8);
                    }
                }
            });
        } catch (SQLException e) {
            throw new StorageException("cannot keep the setting " + name + ": " + e.getMessage(), e);
        }
    }
}
