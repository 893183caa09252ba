package tally.store.sqlite;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import tally.StorageException;
import tally.analytics.AdminToken;

/** Named settings kept in the database, such as the admin token made at the first start. */
public final class Settings implements AdminToken.Keeper {

    private static final String KEEP = "INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING";
    private static final String READ = "SELECT value FROM settings WHERE name = ?";
    private static final String HAS = "SELECT 1 FROM settings WHERE name = ?";
    private static final String FORGET = "DELETE FROM settings WHERE name >= ? AND name < ?";

    private final Database db;

    public Settings(Database db) {
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

    @Override
    public boolean has(String name) {
        try (Connection c = db.reader(); PreparedStatement has = c.prepareStatement(HAS)) {
            has.setString(1, name);
            try (ResultSet rs = has.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new StorageException("cannot read the setting " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void forget(String from, String to) {
        try {
            db.inTransaction(c -> {
                try (PreparedStatement forget = c.prepareStatement(FORGET)) {
                    forget.setString(1, from);
                    forget.setString(2, to);
                    return forget.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw new StorageException("cannot forget the settings from " + from + ": " + e.getMessage(), e);
        }
    }
}
