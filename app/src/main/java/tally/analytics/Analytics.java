package tally.analytics;

import java.time.Clock;

/** Everything the web layer needs of analytics: the pixel's collector, the reports, the admin token and the clock. */
public record Analytics(Collector collector, Reports reports, AdminToken admin, Clock clock) {
}
