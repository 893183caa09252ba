package tally;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import tally.store.postgres.PostgresUrl;

/** Several real jars on one PostgreSQL database, as a site runs them behind a load balancer. */
final class Instances implements AutoCloseable {

    private final List<ChildTally> jars;

    private Instances(List<ChildTally> jars) {
        this.jars = jars;
    }

    /** Starts {@code n} jars at once on {@code database} (so they also race to migrate it). */
    static Instances start(int n, PostgresUrl database, Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>();
        if (database.password() != null) {
            env.put("TALLY_DB_PASSWORD", database.password()); // not in TALLY_DB, as a careful operator would keep it
        }
        env.putAll(extra);
        return start(n, database.redacted(), env);
    }

    /** Starts {@code n} jars at once on the database TALLY_DB names. */
    static Instances start(int n, String tallyDb, Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>();
        // Every client of these tests is 127.0.0.1: thousands of connections at once are the point.
        env.put("TALLY_CONNECTIONS_PER_IP", "0");
        env.putAll(extra);
        ExecutorService starting = Executors.newFixedThreadPool(n);
        List<Future<ChildTally>> started = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            started.add(starting.submit(() -> ChildTally.startOn(tallyDb, env)));
        }
        starting.shutdown();
        List<ChildTally> jars = new ArrayList<>();
        Exception failed = null;
        for (Future<ChildTally> f : started) {
            try {
                jars.add(f.get());
            } catch (Exception e) {
                failed = failed == null ? e : failed;
            }
        }
        Instances instances = new Instances(jars);
        if (failed != null) {
            instances.close();
            throw failed;
        }
        return instances;
    }

    ChildTally get(int i) {
        return jars.get(i);
    }

    int size() {
        return jars.size();
    }

    /** Every instance's log, for a failure's message. */
    String logs() {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < jars.size(); i++) {
            all.append("--- instance ").append(i).append(" ---\n").append(jars.get(i).log);
        }
        return all.toString();
    }

    /** The number in a JSON answer's field, such as "count" in {"url":"...","count":3,"counted":true}. */
    static long number(String json, String field) {
        int at = json.indexOf("\"" + field + "\":");
        if (at < 0) {
            throw new AssertionError("no " + field + " in " + json);
        }
        int from = at + field.length() + 3;
        int to = from;
        while (to < json.length() && Character.isDigit(json.charAt(to))) {
            to++;
        }
        return Long.parseLong(json.substring(from, to));
    }

    @Override
    public void close() throws InterruptedException {
        for (ChildTally jar : jars) {
            jar.close();
        }
    }
}
