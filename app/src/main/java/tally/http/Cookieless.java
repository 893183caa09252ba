package tally.http;

import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import tally.count.ClientHashes;
import tally.count.CounterKey;
import tally.count.CounterState;
import tally.count.Counters;
import tally.count.Creation;
import tally.count.Recent;

/**
 * Counting with TALLY_COOKIES=false: no cookie is set, and a reload is recognised by the keyed hash of
 * (address, User-Agent, counter) remembered in memory for the refresh window. Nothing of it is stored.
 */
final class Cookieless {

    /** (client, counter) pairs remembered at most (about 120 bytes each, 12 MB in all, as measured); then the oldest go. */
    static final int CAPACITY = 100_000;

    private final Counters counters;
    private final Clients clients;
    private final Recent<ClientHashes.Hash, Boolean> counted;

    Cookieless(Counters counters, Clients clients, Duration window, Clock clock) {
        this.counters = counters;
        this.clients = clients;
        this.counted = new Recent<>(window, CAPACITY, clock);
    }

    /** Counts the hit unless this client was counted for this counter within the window; answers the counter's state. */
    CompletableFuture<CounterState> hit(Context ctx, CounterKey key, Creation creation) {
        ClientHashes.Hash client = clients.hash(ctx, key);
        if (!counted.first(client, Boolean.TRUE)) {
            return CompletableFuture.completedFuture(counters.read(key));
        }
        // a hit that was not committed was not counted: the client's retry may count
        return counters.hit(key, null, false, creation).whenComplete((tally, failure) -> {
            if (failure != null) {
                counted.forget(client);
            }
        });
    }
}
