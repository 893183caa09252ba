package tally.badge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogoSvgTest {

    private static final String NS = "xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink'";

    @ParameterizedTest
    @ValueSource(strings = {
        "<svg " + NS + "><script>alert(1)</script></svg>",
        "<svg " + NS + "><SCRIPT>alert(1)</SCRIPT></svg>",
        "<svg " + NS + "><s:script xmlns:s='http://www.w3.org/2000/svg'>alert(1)</s:script></svg>",
        "<svg " + NS + " onload='alert(1)'/>",
        "<svg " + NS + "><rect ONCLICK='alert(1)'/></svg>",
        "<svg " + NS + "><a href='javascript:alert(1)'><rect/></a></svg>",
        "<svg " + NS + "><a xlink:href='https://evil.example/'><rect/></a></svg>",
        "<svg " + NS + "><image href='https://evil.example/track.png'/></svg>",
        "<svg " + NS + "><image href='data:image/svg+xml;base64,PHN2Zz48L3N2Zz4='/></svg>",
        "<svg " + NS + "><use href='other.svg#x'/></svg>",
        "<svg " + NS + "><foreignObject><div xmlns='http://www.w3.org/1999/xhtml'>hi</div></foreignObject></svg>",
        "<svg " + NS + "><rect style='fill:url(https://evil.example/a)'/></svg>",
        "<svg " + NS + "><rect fill=\"url( 'https://evil.example/a#g')\"/></svg>",
        "<svg " + NS + "><style>rect { fill: url(//evil.example/a) }</style></svg>",
        "<svg " + NS + "><style><![CDATA[@import 'https://evil.example/a.css';]]></style></svg>",
        "<svg " + NS + "><rect style='background:u\\rl(http://evil.example/x.png)'/></svg>",
        "<svg " + NS + "><rect style='background:\\75rl(http://evil.example/x.png)'/></svg>",
        "<svg " + NS + "><style>@\\69mport 'http://evil.example/a.css';</style></svg>",
        "<svg " + NS + "><rect style='fill:image-set(\"http://evil.example/x.png\" 1x)'/></svg>",
        "<svg " + NS + "><rect style='fill:-webkit-image-set(\"http://evil.example/x.png\" 1x)'/></svg>",
        "<svg " + NS + "><a><set attributeName='href' to='javascript:alert(1)'/></a></svg>",
        "<svg " + NS + "><animate attributeName='onbegin' to='alert(1)'/></svg>",
        "<?xml-stylesheet href='https://evil.example/a.css'?><svg " + NS + "/>",
        "<svg " + NS + "><?xml-stylesheet href='https://evil.example/a.css'?></svg>",
        "<!DOCTYPE svg [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><svg " + NS + ">&x;</svg>",
        "<!DOCTYPE svg [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;'>]><svg " + NS + ">&b;</svg>",
        "<svg " + NS + "><rect></svg>",
        "<html><script>alert(1)</script></html>",
        "not xml at all"})
    void logosWithActiveContentOrOutsideReferencesAreRefused(String svg) {
        InvalidBadgeOption e = catchThrowableOfType(InvalidBadgeOption.class, () -> BadgeOptions.parse(logo(svg)));
        assertThat(e).as(svg).isNotNull();
        assertThat(e.reason()).isEqualTo("unsafe logo");
        assertThat(e.getMessage()).contains("SVG logo", "send a plain SVG drawing");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<svg></svg>",
        "<?xml version='1.0' encoding='UTF-8'?><svg " + NS + " viewBox='0 0 24 24'><path d='M0 0h24v24H0z' fill='#fff'/></svg>",
        "<svg " + NS + "><defs><linearGradient id='g'/></defs><rect fill='url(#g)' style=\"fill: url('#g')\"/></svg>",
        "<svg " + NS + "><use href='#a'/><use xlink:href='#b'/></svg>",
        "<svg " + NS + "><image href='data:image/png;base64,iVBORw0KGgo='/></svg>",
        "<svg " + NS + "><title>online</title><style>.a { fill: red }</style><!-- a comment --></svg>"})
    void plainDrawingsAreKeptAndPassedOnAsShieldsLogoSvg(String svg) {
        BadgeOptions options = BadgeOptions.parse(logo(svg));
        assertThat(options.shieldsJson(1, 1)).containsEntry("logoSvg", svg);
    }

    private static Map<String, List<String>> logo(String svg) {
        String data = "data:image/svg+xml;base64," + Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8));
        return Map.of("logo", List.of(data));
    }
}
