package dev.courier.bench;

import dev.courier.cookies.CookieJar;
import dev.courier.cookies.SetCookie;
import dev.courier.http.Url;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.cookie.Cookie;
import org.apache.hc.client5.http.cookie.CookieOrigin;
import org.apache.hc.client5.http.cookie.CookieSpec;
import org.apache.hc.client5.http.cookie.MalformedCookieException;
import org.apache.hc.client5.http.impl.cookie.RFC6265CookieSpecFactory;
import org.apache.hc.core5.http.message.BasicHeader;
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
 * Parsing the {@code Set-Cookie} a load balancer sends on every response (the client benchmark's
 * {@code --body api} cookie): Courier's parser beside OkHttp's, Apache HttpClient 5's (RFC 6265,
 * relaxed, its default) and the JDK's {@code HttpCookie}, and Courier's jar storing it again.
 *
 * <pre>
 * java -jar courier-bench/target/benchmarks.jar SetCookieBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SetCookieBenchmark {
  static final String AFFINITY = "AWSALB=Xq1fLw0bRk7vS2Zt9yHc4Jm8pN3dQe6uVa5Gi1Ko7Br2Ts9Wx4Yz0Cf8Hj3Ln6Mp; "
      + "Expires=Mon, 14 Dec 2026 16:00:00 GMT; Path=/";
  static final Instant NOW = Instant.parse("2026-12-07T16:00:00Z");

  CookieJar jar;
  Url url;
  okhttp3.HttpUrl okUrl;
  CookieSpec apache;
  CookieOrigin origin;
  BasicHeader header;

  @Setup
  public void setUp() {
    jar = CookieJar.builder().clock(() -> NOW).build();
    url = Url.parse("http://api.example.com/users");
    okUrl = okhttp3.HttpUrl.get("http://api.example.com/users");
    apache = new RFC6265CookieSpecFactory().create(null);
    origin = new CookieOrigin("api.example.com", 80, "/users", false);
    header = new BasicHeader("Set-Cookie", AFFINITY);
  }

  @Benchmark
  public SetCookie courier() {
    return SetCookie.parse(AFFINITY);
  }

  @Benchmark
  public boolean courierJar() {
    return jar.setCookie(url, AFFINITY, NOW);
  }

  @Benchmark
  public okhttp3.Cookie okhttp() {
    return okhttp3.Cookie.parse(okUrl, AFFINITY);
  }

  @Benchmark
  public List<Cookie> apache() throws MalformedCookieException {
    return apache.parse(header, origin);
  }

  @Benchmark
  public List<java.net.HttpCookie> jdk() {
    return java.net.HttpCookie.parse(AFFINITY);
  }
}
