package dev.courier.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinkTest {
  private static final Url BASE = Url.parse("https://api.example.com/repos/o/r/issues?page=2");

  @Test
  void githubPagination() {
    String header = "<https://api.example.com/repositories/1/issues?page=3>; rel=\"next\", "
        + "<https://api.example.com/repositories/1/issues?page=9>; rel=\"last\", "
        + "<https://api.example.com/repositories/1/issues?page=1>; rel=\"first\", "
        + "<https://api.example.com/repositories/1/issues?page=1>; rel=\"prev\"";
    Map<String, Link> links = Link.byRel(Link.parseAll(header, BASE));
    assertThat(links.keySet()).containsExactly("next", "last", "first", "prev");
    assertThat(links.get("next").target()).isEqualTo("https://api.example.com/repositories/1/issues?page=3");
    assertThat(links.get("last").url()).contains(Url.parse("https://api.example.com/repositories/1/issues?page=9"));
  }

  @Test
  void severalRelsInOneValueGiveEachAndCompareCaseInsensitively() {
    List<Link> links = Link.parseAll("</a>; REL=\"Next  Last\"", BASE);
    assertThat(links).hasSize(1);
    assertThat(links.get(0).rels()).containsExactly("next", "last");
    Map<String, Link> byRel = Link.byRel(links);
    assertThat(byRel.get("next")).isSameAs(byRel.get("last"));
  }

  @Test
  void relativeTargetsResolveAgainstTheResponseUrl() {
    List<Link> links = Link.parseAll("<?page=3>; rel=next, </other>; rel=up, <../x>; rel=x, <//cdn.example.net/s>; rel=s", BASE);
    assertThat(links).extracting(Link::target).containsExactly(
        "https://api.example.com/repos/o/r/issues?page=3",
        "https://api.example.com/other",
        "https://api.example.com/repos/o/x",
        "https://cdn.example.net/s");
  }

  @Test
  void commasAndSemicolonsInsideBracketsAndQuotesBelongToTheirPart() {
    List<Link> links = Link.parseAll(
        "<https://e.com/a,b;c>; rel=\"next\"; title=\"one, two; three \\\"q\\\"\", </z>; rel=last", BASE);
    assertThat(links).hasSize(2);
    assertThat(links.get(0).target()).isEqualTo("https://e.com/a,b;c");
    assertThat(links.get(0).param("title")).contains("one, two; three \"q\"");
    assertThat(links.get(1).rels()).containsExactly("last");
  }

  @Test
  void parametersWithoutValuesRepeatedRelAndExtendedValues() {
    List<Link> links = Link.parseAll(
        "</a>; rel=first; rel=second; crossorigin; title*=UTF-8'de'caf%C3%A9%20cr%C3%A8me", BASE);
    Link link = links.get(0);
    assertThat(link.rels()).as("RFC 8288 3.3: later rel ignored").containsExactly("first");
    assertThat(link.param("crossorigin")).contains("");
    assertThat(link.param("TITLE*")).contains("café crème");
    assertThat(link.params().keySet()).containsExactly("rel", "crossorigin", "title*");
  }

  @Test
  void nonHttpTargetsAreKept() {
    List<Link> links = Link.parseAll("<urn:isbn:0451450523>; rel=cite-as, <mailto:a@example.com>; rel=author", BASE);
    assertThat(links).extracting(Link::target).containsExactly("urn:isbn:0451450523", "mailto:a@example.com");
  }

  @Test
  void malformedLinkValuesAreSkippedAndTheRestKept() {
    assertThat(Link.parseAll("no-bracket; rel=x, </ok>; rel=ok", BASE)).extracting(Link::target)
        .containsExactly("https://api.example.com/ok");
    assertThat(Link.parseAll("</a>; rel=\"never ends, </b>; rel=b", BASE)).as("unterminated quote eats the rest").isEmpty();
    assertThat(Link.parseAll("</a; rel=a", BASE)).as("no closing bracket").isEmpty();
    assertThat(Link.parseAll("</a> junk; rel=a, </b>; rel=b", BASE)).extracting(Link::target)
        .containsExactly("https://api.example.com/b");
    assertThat(Link.parseAll("</a>; =x, </b>; rel=\"x, y\" , </c>; rel=c", BASE)).extracting(Link::target)
        .containsExactly("https://api.example.com/b", "https://api.example.com/c");
    assertThat(Link.parseAll("", BASE)).isEmpty();
    assertThat(Link.parseAll(" , ,", BASE)).isEmpty();
  }

  @Test
  void linksWithoutRelAreNotKeyed() {
    assertThat(Link.byRel(Link.parseAll("</a>; title=t", BASE))).isEmpty();
  }

  @Test
  void longHostileHeadersParseInLinearTime() {
    String hostile = "<".repeat(200_000) + "\"".repeat(200_000) + ";,".repeat(200_000);
    assertThat(Link.parseAll(hostile, BASE)).isNotNull();
  }

  @Test
  void toStringIsAFieldValueThatParsesBack() {
    Link link = Link.parseAll("</a>; rel=\"next last\"; title=\"x \\\"y\\\"\"", BASE).get(0);
    assertThat(Link.parseAll(link.toString(), BASE)).containsExactly(link);
  }

  @Test
  void nullsAreRefused() {
    assertThatThrownBy(() -> Link.parseAll(null, BASE)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Link(null, Map.of())).isInstanceOf(NullPointerException.class);
  }
}
