package dev.courier.bench;

import dev.courier.cookies.CookieJar;
import dev.courier.cookies.CookieLimits;
import dev.courier.http.Url;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The {@code Cookie} header for one request, from a jar of 10,000 cookies over 1,000 sites (each
 * site: 4 cookies for the registrable domain, 4 host-only cookies on www, 2 on a deeper path).
 *
 * <pre>
 * java -jar courier-bench/target/benchmarks.jar CookieJarBenchmark -prof gc
 * </pre>
 *
 * {@code hit} asks for a host that has cookies (www.site500.example, 8 of its 10 match the path);
 * {@code miss} for a host with none; {@code hitUrlParse} includes parsing the URL string, as the
 * String overload does. The jar is indexed by domain, so the cost should not depend on the 10,000.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CookieJarBenchmark {
  static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  CookieJar jar;
  Url hit;
  Url miss;
  String hitString;

  @Setup
  public void fill() {
    jar = CookieJar.builder()
        .limits(CookieLimits.defaults().withMaxCookies(20_000))
        .clock(() -> NOW)
        .build();
    for (int site = 0; site < 1000; site++) {
      String domain = "site" + site + ".example";
      Url www = Url.parse("https://www." + domain + "/app/page");
      for (int i = 0; i < 4; i++) {
        jar.setCookie(www, "d" + i + "=value" + i + "; Domain=" + domain + "; Path=/; Max-Age=86400", NOW);
        jar.setCookie(www, "h" + i + "=value" + i + "; Path=/; Secure; HttpOnly; Max-Age=86400", NOW);
      }
      for (int i = 0; i < 2; i++) {
        jar.setCookie(www, "p" + i + "=value" + i + "; Path=/admin; Max-Age=86400", NOW);
      }
    }
    if (jar.size() != 10_000) throw new IllegalStateException("jar holds " + jar.size());
    hitString = "https://www.site500.example/app/index.html?q=1";
    hit = Url.parse(hitString);
    miss = Url.parse("https://www.unknown.example/app/index.html");
    if (jar.cookieHeader(hit, NOW).split("; ").length != 8) throw new IllegalStateException(jar.cookieHeader(hit, NOW));
  }

  @Benchmark
  public String hit() {
    return jar.cookieHeader(hit, NOW);
  }

  @Benchmark
  public String miss() {
    return jar.cookieHeader(miss, NOW);
  }

  @Benchmark
  public String hitUrlParse() {
    return jar.cookieHeader(Url.parse(hitString), NOW);
  }
}
