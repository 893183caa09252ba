package tally.store.postgres;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL database named by TALLY_DB: {@code postgresql://user:pass@host:5432/db?sslmode=require} (libpq's
 * form, {@code postgres://} too) or {@code jdbc:postgresql://...}. The password comes from the URL, else from
 * TALLY_DB_PASSWORD, else pgjdbc looks it up itself in PGPASSFILE or ~/.pgpass. It is never printed: toString
 * is {@link #redacted()}.
 */
public final class PostgresUrl {

    private static final List<String> PREFIXES = List.of("postgresql://", "postgres://", "jdbc:postgresql://");

    private final String hosts;
    private final String database;
    private final String user;
    private final String password;
    private final List<String> parameters;

    private PostgresUrl(String hosts, String database, String user, String password, List<String> parameters) {
        this.hosts = hosts;
        this.database = database;
        this.user = user;
        this.password = password;
        this.parameters = List.copyOf(parameters);
    }

    private static final Pattern URL_SCHEME =
            Pattern.compile("\\s*([A-Za-z][A-Za-z0-9+.-]{0,30})://.*", Pattern.DOTALL);

    /**
     * The scheme of a value written as a URL of some other database (mysql://, a misspelt postgress://), or null:
     * such a value is a mistake, not the name of an SQLite file to create.
     */
    public static String otherScheme(String tallyDb) {
        Matcher m = URL_SCHEME.matcher(tallyDb);
        return m.matches() && !isPostgres(tallyDb) ? m.group(1) : null;
    }

    /** True when TALLY_DB names a PostgreSQL database rather than an SQLite file. */
    public static boolean isPostgres(String tallyDb) {
        String lower = tallyDb.trim().toLowerCase(Locale.ROOT);
        return PREFIXES.stream().anyMatch(lower::startsWith);
    }

    /**
     * Reads TALLY_DB (and TALLY_DB_PASSWORD) from the environment; throws IllegalArgumentException with a
     * message that names the variable and never contains the password.
     */
    public static PostgresUrl fromEnv(Map<String, String> env) {
        String value = env.getOrDefault("TALLY_DB", "").trim();
        String lower = value.toLowerCase(Locale.ROOT);
        String prefix = PREFIXES.stream().filter(lower::startsWith).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("TALLY_DB is not a PostgreSQL URL"
                        + " (postgresql://user@host:5432/database)"));
        String rest = value.substring(prefix.length());
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String database = slash < 0 ? "" : decode(rest.substring(slash + 1), "database name");
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon), "user");
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1), "password");
        }
        List<String> parameters = new ArrayList<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (!name.matches("[A-Za-z][A-Za-z0-9_.]*")) {
                throw new IllegalArgumentException("TALLY_DB has a parameter whose name is not a word: send name=value"
                        + " pairs such as sslmode=require, joined by &");
            }
            String decoded = eq < 0 ? "" : decode(pair.substring(eq + 1), "parameter " + name);
            switch (name) {
                case "user" -> user = decoded;
                case "password" -> password = decoded;
                default -> parameters.add(pair);
            }
        }
        if (authority.isEmpty()) {
            authority = "localhost";
        }
        if (!authority.matches("[A-Za-z0-9.\\-_:\\[\\],%]+")) {
            throw new IllegalArgumentException("TALLY_DB has a host that is not a name, an address or a list of them: "
                    + "send postgresql://user@host:5432/database");
        }
        for (String host : authority.split(",")) {
            int colon = host.lastIndexOf(':');
            String port = colon < 0 || host.endsWith("]") ? null : host.substring(colon + 1);
            // pgjdbc would log its own warning and then say only "No suitable driver".
            if (port != null && (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535)) {
                throw new IllegalArgumentException("TALLY_DB has the port '" + port + "': send a number from 1 to 65535,"
                        + " as in postgresql://user@host:5432/database");
            }
        }
        if (database.isEmpty() || database.contains("/")) {
            throw new IllegalArgumentException("TALLY_DB names no database: send postgresql://user@"
                    + authority + "/database");
        }
        if (password == null || password.isEmpty()) {
            String fromEnv = env.get("TALLY_DB_PASSWORD");
            password = fromEnv == null || fromEnv.isEmpty() ? null : fromEnv;
        }
        return new PostgresUrl(authority, database, user == null || user.isEmpty() ? null : user, password, parameters);
    }

    private static String decode(String text, String what) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("TALLY_DB has a malformed %-escape in its " + what
                    + ": write a reserved character as % and two hex digits, such as %40 for @");
        }
    }

    /** The URL pgjdbc connects to: no user or password in it (they travel as {@link #properties()}). */
    public String jdbcUrl() {
        String query = parameters.isEmpty() ? "" : "?" + String.join("&", parameters);
        return "jdbc:postgresql://" + hosts + "/" + encode(database) + query;
    }

    /** The user and, when known, the password, as pgjdbc's connection properties. */
    public Properties properties() {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("ApplicationName", "tally");
        return p;
    }

    /** The user, or null for pgjdbc's default (the system user's name). */
    public String user() {
        return user;
    }

    /** The password given in TALLY_DB or TALLY_DB_PASSWORD, or null: pgjdbc then reads PGPASSFILE or ~/.pgpass. */
    public String password() {
        return password;
    }

    public String database() {
        return database;
    }

    /** The same server under another database name (tests make one database each). */
    public PostgresUrl withDatabase(String name) {
        return new PostgresUrl(hosts, name, user, password, parameters);
    }

    /** The URL for the start log line: the user, hosts, database and parameters, never the password. */
    public String redacted() {
        String query = parameters.isEmpty() ? "" : "?" + String.join("&", parameters);
        return "postgresql://" + (user == null ? "" : encode(user) + "@") + hosts + "/" + encode(database) + query;
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return redacted();
    }
}
