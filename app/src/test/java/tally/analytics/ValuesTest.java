package tally.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ValuesTest {

    @Test
    void aHostIsTakenFromABareHostOrAUrlInLowerCaseWithoutPortOrUser() {
        assertThat(Values.host("Blog.Example")).isEqualTo("blog.example");
        assertThat(Values.host("https://user@Blog.Example:8443/post?x=1#top")).isEqualTo("blog.example");
        assertThat(Values.host(" blog.example. ")).isEqualTo("blog.example");
        assertThat(Values.host("my_site.example")).isEqualTo("my_site.example");
        assertThat(Values.host("bücher.example")).isEqualTo("xn--bcher-kva.example");
        assertThat(Values.host("a")).isEqualTo("a");
        assertThat(Values.host("blog.example:8080")).isEqualTo("blog.example");
        assertThat(Values.host("android-app://com.google.android.gm/")).isEqualTo("com.google.android.gm");
    }

    @Test
    void whatIsNotAHostNameIsNoHost() {
        assertThat(Values.host(null)).isNull();
        assertThat(Values.host("  ")).isNull();
        assertThat(Values.host("-blog.example")).isNull();
        assertThat(Values.host("blog.example-")).isNull();
        assertThat(Values.host(".blog.example")).isNull();
        assertThat(Values.host("blog example")).isNull();
        assertThat(Values.host("blog.example;drop")).isNull();
        assertThat(Values.host("[::1]")).isNull();
        assertThat(Values.host("javascript:alert(1)")).isNull();
        assertThat(Values.host("about:blank")).isNull();
        assertThat(Values.host("mailto:x")).isNull();
        assertThat(Values.host("data:text/html,hi")).isNull();
        assertThat(Values.host("blog.example:http")).isNull();
        assertThat(Values.host("https://")).isNull();
        assertThat(Values.host("a".repeat(254))).isNull();
    }

    @Test
    void aPathIsKeptWithoutItsQueryFragmentOrSemicolonParameters() {
        assertThat(Values.path("/p;jsessionid=ABC")).isEqualTo("/p");
        assertThat(Values.path("/shop/cart;jsessionid=ABC?x=1#top")).isEqualTo("/shop/cart");
        assertThat(Values.path("/a;v=1/b")).isEqualTo("/a");
        assertThat(Values.path("/post?id=1#c")).isEqualTo("/post");
        assertThat(Values.path("post")).isEqualTo("/post");
        assertThat(Values.path("/100%3Bpure")).isEqualTo("/100%3Bpure");
        assertThat(Values.pathOf("https://foo.example/p;jsessionid=ABC?x=1")).isEqualTo("/p");
    }

    @Test
    void aResolutionIsTwoSidesOfOneToAHundredThousandPixels() {
        assertThat(Values.resolution("1920,1080")).isEqualTo("1920x1080");
        assertThat(Values.resolution(" 390 x 844 ")).isEqualTo("390x844");
        assertThat(Values.resolution("1440×900")).isEqualTo("1440x900");
        assertThat(Values.resolution("100000,1")).isEqualTo("100000x1");
    }

    @Test
    void anythingElseIsNoResolution() {
        assertThat(Values.resolution(null)).isNull();
        assertThat(Values.resolution("1920")).isNull();
        assertThat(Values.resolution("1920,1080,24")).isNull();
        assertThat(Values.resolution(",1080")).isNull();
        assertThat(Values.resolution("0,1080")).isNull();
        assertThat(Values.resolution("-1920,1080")).isNull();
        assertThat(Values.resolution("100001,1")).isNull();
        assertThat(Values.resolution("1920;1080")).isNull();
        assertThat(Values.resolution("1920,1080".repeat(3))).isNull();
    }
}
