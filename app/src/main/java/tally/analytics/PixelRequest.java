package tally.analytics;

/**
 * What a pixel request sent, as raw text (any of it may be null): the query's {@code site}, {@code path},
 * {@code title}, {@code referrer} (the page's document.referrer), {@code resolution} and {@code utm_source},
 * and the request's Referer, User-Agent, client address and whether it asked not to be tracked.
 */
public record PixelRequest(String site, String path, String title, String referrer, String resolution,
                           String utmSource, String refererHeader, String userAgent, String address,
                           boolean doNotTrack) {
}
