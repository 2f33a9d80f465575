package dev.courier.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Whenever we accept a URL that a WHATWG parser (browsers, Node) also accepts, we must name the
 * same host and port: two parsers that disagree about the host are how SSRF filters and
 * credential scoping get bypassed. Data: see {@code src/test/resources/dev/courier/http/whatwg/README.md}.
 */
class UrlWhatwgAgreementTest {

  @Test
  void sameHostAndPortAsWhatwgWheneverBothAccept() throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<String> disagreements = new ArrayList<>();
    int parsedBoth = 0;
    int resolvedBoth = 0;
    int rows = 0;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        getClass().getResourceAsStream("whatwg/whatwg-agreement.jsonl"), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        JsonNode row = json.readTree(line);
        rows++;
        Optional<Url> ours;
        String what;
        if (row.has("input")) {
          what = row.get("input").asText();
          ours = Url.tryParse(what);
        } else {
          Url base = Url.parse(row.get("base").asText());
          what = row.get("base").asText() + " + " + row.get("reference").asText();
          try {
            ours = Optional.of(base.resolve(row.get("reference").asText()));
          } catch (IllegalArgumentException refused) {
            ours = Optional.empty();
          }
        }
        if (ours.isEmpty()) {
          continue;
        }
        Url url = ours.get();
        if (row.has("input")) {
          parsedBoth++;
          String username = row.get("username").asText();
          if (!username.equals(url.username())) {
            disagreements.add(what + ": user " + url.username() + " vs " + username);
          }
        } else {
          resolvedBoth++;
        }
        String host = row.get("host").asText();
        int port = row.get("port").isNull() ? Url.defaultPort(url.scheme()) : row.get("port").asInt();
        if (!host.equals(url.host()) || port != url.port()) {
          disagreements.add(what + ": ours " + url.host() + ":" + url.port()
              + ", WHATWG " + host + ":" + port);
        }
      }
    }
    assertThat(rows).isEqualTo(2277);
    // Most rows are accepted by both; if this drops, a change made us refuse what we used to parse.
    assertThat(parsedBoth).isGreaterThanOrEqualTo(800);
    assertThat(resolvedBoth).isGreaterThanOrEqualTo(600);
    assertThat(disagreements).isEmpty();
  }
}
