package tally.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** One route's request counts by status and its latency, looked up once so that a request only increments. */
public final class RouteSeries {

    private final Metrics metrics;
    private final String method;
    private final String route;
    private final DistributionDataPoint latency;
    /** By status code; index 0 holds any code outside 100–599. */
    private final AtomicReferenceArray<CounterDataPoint> byStatus = new AtomicReferenceArray<>(600);

    RouteSeries(Metrics metrics, String method, String route) {
        this.metrics = metrics;
        this.method = method;
        this.route = route;
        this.latency = metrics.latency.labelValues(method, route);
    }

    /** Counts one answered request; {@code timed} is false for a live stream, whose duration is its life. */
    public void observe(int status, double seconds, boolean timed) {
        int i = status >= 100 && status <= 599 ? status : 0;
        CounterDataPoint requests = byStatus.get(i);
        if (requests == null) {
            requests = metrics.requests.labelValues(method, route, i == 0 ? "other" : Integer.toString(i));
            byStatus.set(i, requests);
        }
        requests.inc();
        if (timed) {
            latency.observe(seconds);
        }
    }
}
