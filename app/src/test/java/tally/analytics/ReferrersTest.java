package tally.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReferrersTest {

    @Test
    void wellKnownSourcesGetTheirName() {
        assertThat(Referrers.source("blog.example", "https://www.google.co.uk/search?q=tally", null)).isEqualTo("Google");
        assertThat(Referrers.source("blog.example", "https://news.ycombinator.com/item?id=1", null)).isEqualTo("Hacker News");
        assertThat(Referrers.source("blog.example", "https://old.reddit.com/r/java/", null)).isEqualTo("Reddit");
        assertThat(Referrers.source("blog.example", "https://github.com/you/repo", null)).isEqualTo("GitHub");
    }

    @Test
    void otherReferrersAreHostAndPathWithoutTheQuery() {
        assertThat(Referrers.source("blog.example", "https://Friend.Example/links/?utm=x#y", null)).isEqualTo("friend.example/links/");
        assertThat(Referrers.source("blog.example", "https://friend.example", null)).isEqualTo("friend.example");
    }

    @Test
    void theSameSiteIsNoSourceAndUtmSourceWins() {
        assertThat(Referrers.source("blog.example", "https://blog.example/other", null)).isNull();
        assertThat(Referrers.source("blog.example", "https://www.blog.example/other", null)).isNull();
        assertThat(Referrers.source("blog.example", "", null)).isNull();
        assertThat(Referrers.source("blog.example", "https://google.com/", "newsletter")).isEqualTo("newsletter");
    }
}
