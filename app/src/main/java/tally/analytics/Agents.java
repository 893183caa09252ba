package tally.analytics;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import ua_parser.Client;

/**
 * What a User-Agent says: browser family and major version, OS family, device class, or that it is a bot.
 * uap-java reads uap-core's rules (shipped in the jar), each tried only if the User-Agent has its plain text
 * ({@link UaRules}), behind a bounded cache keyed by the string; the rules load on a thread of their own at
 * start, so the server does not wait for them.
 */
public final class Agents {

    /** Longer User-Agents are read only this far: the cache's keys stay bounded. */
    static final int MAX_UA = 512;
    private static final Pattern TABLET = Pattern.compile(
            "(?i)ipad|tablet|kindle|silk/|playbook|sm-t\\d|galaxy tab|nexus (7|9|10)\\b|lenovo tab|mi pad");
    private static final Pattern MOBILE = Pattern.compile("(?i)mobi|iphone|ipod|android|phone|blackberry|opera mini");

    /** A User-Agent's classification; for a bot every other field is null. */
    public record Agent(boolean bot, String browser, String version, String os, String device) {
        static final Agent BOT = new Agent(true, null, null, null, null);
    }

    private final CompletableFuture<UaRules> parser;
    private final CompletableFuture<Bots> bots;
    private final Cache<String, Agent> cache = Caffeine.newBuilder().maximumSize(10_000).build();

    public Agents() {
        parser = CompletableFuture.supplyAsync(Agents::loadParser);
        bots = CompletableFuture.supplyAsync(Bots::load);
    }

    /** Waits until the rules are loaded; for start-up checks and tests. */
    public Agents ready() {
        parser.join();
        bots.join();
        return this;
    }

    public Agent classify(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return Agent.BOT; // browsers always send one; a missing User-Agent is a script
        }
        String ua = Values.cut(userAgent, MAX_UA);
        return cache.get(ua, this::parse);
    }

    private Agent parse(String ua) {
        if (ua.contains("HeadlessChrome") || bots.join().matches(ua)) {
            return Agent.BOT;
        }
        Client c = parser.join().parse(ua);
        if ("Spider".equals(c.device.family) || c.userAgent.family.startsWith("Headless")) {
            return Agent.BOT;
        }
        String browser = Values.cut(c.userAgent.family, 60);
        String version = c.userAgent.major == null ? browser : Values.cut(browser + " " + c.userAgent.major, 80);
        return new Agent(false, browser, version, Values.cut(c.os.family, 60), device(ua, c));
    }

    private static String device(String ua, Client c) {
        String family = c.device.family == null ? "" : c.device.family;
        if (TABLET.matcher(family).find() || TABLET.matcher(ua).find()
                || (ua.contains("Android") && !ua.contains("Mobile"))) {
            return "tablet";
        }
        return MOBILE.matcher(ua).find() ? "mobile" : "desktop";
    }

    private static UaRules loadParser() {
        try (InputStream in = Agents.class.getResourceAsStream("/analytics/regexes.yaml")) {
            if (in == null) {
                throw new IllegalStateException("the jar has no /analytics/regexes.yaml");
            }
            return new UaRules(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
