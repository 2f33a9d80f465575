package dev.courier.testing;

import dev.courier.http.FormData;
import dev.courier.http.Url;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Compares a live request with recorded ones: what differs, and the message when none matches. */
final class CassetteMismatch {
  private CassetteMismatch() {}

  /** What keeps {@code recorded} from answering {@code live}, one line each; empty when it may. */
  static List<String> differences(Episode recorded, Episode live, Set<Cassette.Match> on, Set<String> headers) {
    List<String> out = new ArrayList<>();
    if (on.contains(Cassette.Match.METHOD) && !recorded.method().equals(live.method())) {
      out.add("method: recorded " + recorded.method() + ", sent " + live.method());
    }
    Optional<Url> was = Url.tryParse(recorded.url());
    Optional<Url> now = Url.tryParse(live.url());
    if (on.contains(Cassette.Match.URL) && !recorded.url().equals(live.url())) {
      if (was.isPresent() && now.isPresent() && was.get().origin().equals(now.get().origin())
          && was.get().path().equals(now.get().path())) {
        out.add("query: recorded " + was.get().query().orElse("(none)") + ", sent " + now.get().query().orElse("(none)"));
      } else {
        out.add("url: recorded " + recorded.url() + ", sent " + live.url());
      }
    }
    if (on.contains(Cassette.Match.PATH) && was.isPresent() && now.isPresent()
        && !was.get().path().equals(now.get().path())) {
      out.add("path: recorded " + was.get().path() + ", sent " + now.get().path());
    }
    if (on.contains(Cassette.Match.QUERY) && was.isPresent() && now.isPresent()
        && !query(was.get()).equals(query(now.get()))) {
      out.add("query: recorded " + query(was.get()) + ", sent " + query(now.get()));
    }
    for (String name : headers) {
      List<String> a = recorded.requestHeaders().allValues(name);
      List<String> b = live.requestHeaders().allValues(name);
      if (!a.equals(b)) {
        out.add("header " + name + ": recorded " + a + ", sent " + b);
      }
    }
    if (on.contains(Cassette.Match.BODY) && !Arrays.equals(recorded.requestBody(), live.requestBody())) {
      out.add("body: recorded " + snippet(recorded.requestBody()) + ", sent " + snippet(live.requestBody()));
    }
    return out;
  }

  /**
   * The failure for a request no episode answers: the request, and the nearest recorded episode
   * (fewest differences, the earliest on a tie) with what differs, or that it was already played.
   */
  static String describe(Path file, CassetteMode mode, Episode live, List<Episode> loaded, boolean[] played,
      Set<Cassette.Match> on, Set<String> headers) {
    StringBuilder out = new StringBuilder("cassette " + file + " (" + mode + ") has no episode for "
        + live.method() + " " + live.url());
    if (loaded.isEmpty()) {
      return out.append("; it holds no episodes").toString();
    }
    int best = -1;
    List<String> bestDiff = List.of();
    for (int i = 0; i < loaded.size(); i++) {
      List<String> diff = differences(loaded.get(i), live, on, headers);
      if (best < 0 || diff.size() < bestDiff.size()) {
        best = i;
        bestDiff = diff;
      }
    }
    Episode nearest = loaded.get(best);
    out.append("\nnearest recorded episode #").append(best).append(": ")
        .append(nearest.method()).append(' ').append(nearest.url());
    if (bestDiff.isEmpty() && played[best]) {
      out.append("\n  matches, but was already played (Cassette.Builder.allowPlaybackRepeats() plays it again)");
    }
    for (String line : bestDiff) {
      out.append("\n  ").append(line);
    }
    return out.toString();
  }

  private static java.util.Map<String, List<String>> query(Url url) {
    return url.query().map(FormData::parse).orElse(FormData.empty()).toMap();
  }

  private static String snippet(byte[] body) {
    if (body.length == 0) {
      return "(empty)";
    }
    String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
    return '"' + text.replace("\r", "\\r").replace("\n", "\\n") + '"' + (body.length > 200 ? "..." : "")
        + " (" + body.length + " bytes)";
  }
}
