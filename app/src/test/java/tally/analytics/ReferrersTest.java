package tally.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReferrersTest {

    @Test
    void wellKnownSourcesGetTheirName() {
        assertThat(Referrers.source("blog.example", "https://www.google.co.uk/search?q=tally", null)).isEqualTo("Google");
        assertThat(Referrers.source("blog.example", "https://news.ycombinator.com/item?id=1", null)).isEqualTo("Hacker News");
        assertThat(Referrers.source("blog.example", "https://old.reddit.com/r/java/", null)).isEqualTo("Reddit");
        assertThat(Referrers.source("blog.example", "https://github.com/you/repo", null)).isEqualTo("GitHub");
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            https://cn.bing.com/search?q=1            | Bing
            https://html.duckduckgo.com/html          | DuckDuckGo
            https://lite.duckduckgo.com/              | DuckDuckGo
            https://lm.facebook.com/                  | Facebook
            https://l.facebook.com/l.php?u=x          | Facebook
            https://m.facebook.com/                   | Facebook
            https://np.reddit.com/r/y                 | Reddit
            https://old.reddit.com/r/java/            | Reddit
            https://r.search.yahoo.com/x              | Yahoo
            https://gist.github.com/you/1             | GitHub
            https://www.google.de/                    | Google
            https://google.co.uk/                     | Google
            https://mail.google.com/                  | Google
            https://news.google.com/                  | Google News
            https://news.google.co.uk/stories         | Google News
            https://news.ycombinator.com/item?id=1    | Hacker News
            """)
    void aKnownSourceIsNamedOnItsDomainAndEverySubdomain(String referrer, String name) {
        assertThat(Referrers.source("blog.example", referrer, null)).isEqualTo(name);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            https://notgoogle.com/x                   | notgoogle.com/x
            https://google.com.evil.example/x         | google.com.evil.example/x
            https://bing.com.evil.example/            | bing.com.evil.example
            https://mybing.com/                       | mybing.com
            https://reddit.com-x.example/r            | reddit.com-x.example/r
            https://ycombinator.com/                  | ycombinator.com
            https://yahoo.com/                        | yahoo.com
            https://foo.google/                       | foo.google
            """)
    void aHostThatOnlyLooksLikeAKnownSourceIsKeptAsItIs(String referrer, String kept) {
        assertThat(Referrers.source("blog.example", referrer, null)).isEqualTo(kept);
    }

    @Test
    void otherReferrersAreHostAndPathWithoutTheQuery() {
        assertThat(Referrers.source("blog.example", "https://Friend.Example/links/?utm=x#y", null)).isEqualTo("friend.example/links/");
        assertThat(Referrers.source("blog.example", "https://friend.example", null)).isEqualTo("friend.example");
    }

    @Test
    void aReferrersPathParametersAreDroppedSinceTheyOftenCarryASessionId() {
        assertThat(Referrers.source("blog.example", "https://foo.example/p;jsessionid=ABC?x=1", null)).isEqualTo("foo.example/p");
        assertThat(Referrers.source("blog.example", "https://foo.example/;jsessionid=ABC", null)).isEqualTo("foo.example");
        assertThat(Referrers.source("blog.example", "https://foo.example/a;v=1/b", null)).isEqualTo("foo.example/a");
    }

    @Test
    void theSameSiteIsNoSourceAndUtmSourceWins() {
        assertThat(Referrers.source("blog.example", "https://blog.example/other", null)).isNull();
        assertThat(Referrers.source("blog.example", "https://www.blog.example/other", null)).isNull();
        assertThat(Referrers.source("blog.example", "", null)).isNull();
        assertThat(Referrers.source("blog.example", "https://google.com/", "newsletter")).isEqualTo("newsletter");
    }
}
