package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Arrows point down only (the layers are listed in {@link LayeringRules}): reads every main source file of the library and
 * fails when one uses a package above it or beside it, or when the codec touches sockets, threads
 * or the clock. The checker itself is tested on synthetic sources below, so the check is known to
 * bite.
 */
class LayeringTest {
  private static final Path MAIN_SOURCES = Path.of("src", "main", "java");

  @Test
  void theLibraryRespectsItsLayers() throws IOException {
    assertThat(MAIN_SOURCES.resolve("module-info.java"))
        .as("run from courier-core, where src/main/java holds the library")
        .exists();
    List<String> violations = new ArrayList<>();
    Set<String> packagesSeen = new HashSet<>();
    int files = 0;
    try (Stream<Path> paths = Files.walk(MAIN_SOURCES)) {
      for (Path path : paths.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        if (path.getFileName().toString().equals("module-info.java")) continue;
        String relative = MAIN_SOURCES.relativize(path).toString().replace('\\', '/');
        violations.addAll(LayeringRules.check(relative, Files.readString(path, StandardCharsets.UTF_8)));
        packagesSeen.add(relative.substring(0, relative.lastIndexOf('/')).replace('/', '.'));
        files++;
      }
    }
    // Guard against a vacuous pass: the walk really read the library.
    assertThat(files).isGreaterThanOrEqualTo(10);
    assertThat(packagesSeen)
        .contains("dev.courier", "dev.courier.http", "dev.courier.http.wire", "dev.courier.net",
            "dev.courier.client", "dev.courier.cookies", "dev.courier.server", "dev.courier.server.httpbin");
    assertThat(violations).as("layering violations").isEmpty();
  }

  @Test
  void theInternalPackageIsNotExported() throws IOException {
    String module = Files.readString(MAIN_SOURCES.resolve("module-info.java"), StandardCharsets.UTF_8);
    assertThat(module).contains("exports dev.courier.http;").doesNotContain("exports dev.courier.internal")
        .doesNotContain("exports dev.courier.http.access");
  }

  @Test
  void onlyTheVocabularyAndTheCodecUseTheAccessPackage() {
    String use = "import dev.courier.http.access.HeadersAccess;\nclass Sample {}";
    assertThat(check("dev.courier.http.wire", use)).isEmpty();
    assertThat(check("dev.courier.http", use)).isEmpty();
    assertThat(check("dev.courier.http.h2", use)).singleElement().asString()
        .contains("must not use dev.courier.http.access");
    for (String pkg : List.of("dev.courier.client", "dev.courier.server", "dev.courier", "dev.courier.cookies",
        "dev.courier.internal")) {
      assertThat(check(pkg, use)).as(pkg).hasSize(1);
    }
    assertThat(check("dev.courier.http.access", "import dev.courier.http.wire.Limits;\n")).hasSize(1);
  }

  @Test
  void internalHelpersMayNotReachAboveHttp() {
    assertThat(check("dev.courier.internal", "import dev.courier.Session;\nclass Sample {}"))
        .singleElement().asString().contains("must not use dev.courier");
    assertThat(check("dev.courier.server", "import dev.courier.internal.Json;\nclass Sample {}")).isEmpty();
    assertThat(check("dev.courier.http", "import dev.courier.internal.Json;\nclass Sample {}"))
        .singleElement().asString().contains("must not use dev.courier.internal");
  }

  // ---- the checker, on synthetic sources ----

  private static List<String> check(String packageName, String body) {
    String file = packageName.replace('.', '/') + "/Sample.java";
    return LayeringRules.check(file, "package " + packageName + ";\n" + body);
  }

  @Test
  void codecMayNotUseSocketsThreadsOrTheClock() {
    assertThat(check("dev.courier.http.wire", "import java.net.Socket;\nclass Sample {}"))
        .singleElement().asString()
        .startsWith("dev/courier/http/wire/Sample.java:2: dev.courier.http.wire must not use java.net");
    assertThat(check("dev.courier.http.wire", "import java.util.concurrent.locks.ReentrantLock;\n"))
        .singleElement().asString().contains("java.util.concurrent");
    assertThat(check("dev.courier.http.wire", "import java.nio.channels.SocketChannel;\n")).hasSize(1);
    assertThat(check("dev.courier.http.wire", "import javax.net.ssl.SSLEngine;\n")).hasSize(1);
    assertThat(check("dev.courier.http.wire", "class S { void f() throws Exception { Thread.sleep(1); } }"))
        .singleElement().asString().contains("Thread");
    assertThat(check("dev.courier.http.wire", "class S { long t = System.nanoTime(); }")).hasSize(1);
    assertThat(check("dev.courier.http.wire", "class S { Object t = java.time.Instant.now(); }")).hasSize(1);
    assertThat(check("dev.courier.http.wire", "class S { java.net.URI u; }")).hasSize(1);
    // What the codec may use.
    assertThat(check("dev.courier.http.wire",
            "import dev.courier.http.Headers;\nimport java.nio.ByteBuffer;\n"
                + "class S { ThreadLocal<byte[]> buf; java.time.Instant at; }"))
        .isEmpty();
  }

  @Test
  void commentsAndStringsDoNotCount() {
    String source = """
        // Not java.net: the codec knows no Thread, see dev.courier.server.
        /* import java.net.Socket; import dev.courier.client.HttpConnection; */
        /** Uses {@code java.util.concurrent} nowhere; System.nanoTime() is banned. */
        class S {
          String a = "java.net.Socket dev.courier.cli.Main";
          String b = \"""
              import dev.courier.server.HttpServer;
              \""";
          char q = '"';
          char e = '\\'';
          String c = "escaped \\" dev.courier.client.X";
        }
        """;
    assertThat(check("dev.courier.http.wire", source)).isEmpty();
    // A literal must not swallow the code after it.
    assertThat(check("dev.courier.http.wire", "class S { char q = '\"'; java.net.Socket s; }"))
        .hasSize(1);
    assertThat(check("dev.courier.http.wire", "class S { String s = \"a\\\\\"; java.net.Socket t; }"))
        .hasSize(1);
  }

  @Test
  void vocabularyAndTransportUseNothingOfOurs() {
    assertThat(check("dev.courier.http", "import dev.courier.http.wire.HttpVersion;\n"))
        .singleElement().asString().contains("must not use dev.courier.http.wire");
    assertThat(check("dev.courier.http", "import java.net.IDN;\nimport java.util.List;\n")).isEmpty();
    assertThat(check("dev.courier.net", "import dev.courier.http.Headers;\n")).hasSize(1);
    assertThat(check("dev.courier.net", "import java.net.Socket;\nimport javax.net.ssl.SSLContext;\n")).isEmpty();
  }

  @Test
  void clientAndServerNeverUseEachOther() {
    assertThat(check("dev.courier.client", "import dev.courier.server.HttpServer;\n")).hasSize(1);
    assertThat(check("dev.courier.client", "import static dev.courier.server.HttpServer.start;\n")).hasSize(1);
    assertThat(check("dev.courier.client", "import dev.courier.server.*;\n")).hasSize(1);
    assertThat(check("dev.courier.server", "class S { dev.courier.client.HttpConnection c; }"))
        .singleElement().asString().contains("must not use dev.courier.client");
    assertThat(check("dev.courier.client.pool", "import dev.courier.server.internal.X;\n")).hasSize(1);
    assertThat(check("dev.courier.client",
            "import dev.courier.http.Url;\nimport dev.courier.http.wire.Http1Parser;\nimport dev.courier.net.Transport;\n"))
        .isEmpty();
  }

  @Test
  void cookiesUseOnlyTheVocabularyAndOnlyTheServerAndRootUseCookies() {
    assertThat(check("dev.courier.cookies", "import dev.courier.http.Url;\n")).isEmpty();
    assertThat(check("dev.courier.cookies", "import dev.courier.net.Transport;\n")).hasSize(1);
    assertThat(check("dev.courier.server", "import dev.courier.cookies.SetCookie;\n")).isEmpty();
    assertThat(check("dev.courier.server.httpbin", "import dev.courier.server.Router;\n")).isEmpty();
    assertThat(check("dev.courier.server", "import dev.courier.server.httpbin.HttpBin;\n")).hasSize(1);
    assertThat(check("dev.courier.server.httpbin", "import dev.courier.client.HttpConnection;\n")).hasSize(1);
    assertThat(check("dev.courier", "import dev.courier.cookies.CookieJar;\n")).isEmpty();
    assertThat(check("dev.courier.client", "import dev.courier.cookies.CookieJar;\n")).hasSize(1);
  }

  @Test
  void theRootPackageUsesEverythingButTheServer() {
    assertThat(check("dev.courier",
            "import dev.courier.client.HttpConnection;\nimport dev.courier.net.Transport;\n"
                + "import dev.courier.http.wire.Limits;\n"))
        .isEmpty();
    assertThat(check("dev.courier", "import dev.courier.server.HttpServer;\n")).hasSize(1);
    assertThat(check("dev.courier.server", "import dev.courier.Session;\n"))
        .singleElement().asString().contains("must not use dev.courier ");
  }

  @Test
  void nothingInTheLibraryUsesTheCliOrBenchmarks() {
    for (String pkg : List.of("dev.courier", "dev.courier.http", "dev.courier.server", "dev.courier.client")) {
      assertThat(check(pkg, "import dev.courier.cli.Main;\n")).as(pkg).hasSize(1);
      assertThat(check(pkg, "import dev.courier.bench.Peers;\n")).as(pkg).hasSize(1);
    }
    assertThat(check("dev.courier.cli", "class Main {}")).singleElement().asString()
        .contains("does not belong in the library");
  }

  @Test
  void unknownPackagesMustBeAddedToTheMap() {
    assertThat(check("dev.courier.util", "class S {}")).singleElement().asString()
        .contains("not in the layering map");
    assertThat(check("dev.courier.http", "import dev.courier.util.Strings;\n")).hasSize(1);
    assertThat(LayeringRules.check("S.java", "class S {}")).containsExactly("S.java:1: no package declaration");
  }

  @Test
  void layersResolveByLongestPackagePrefix() {
    assertThat(LayeringRules.layerOf("dev.courier.http.wire")).isEqualTo(LayeringRules.Layer.WIRE);
    assertThat(LayeringRules.layerOf("dev.courier.http.wire.internal")).isEqualTo(LayeringRules.Layer.WIRE);
    assertThat(LayeringRules.layerOf("dev.courier.http")).isEqualTo(LayeringRules.Layer.HTTP);
    assertThat(LayeringRules.layerOf("dev.courier")).isEqualTo(LayeringRules.Layer.ROOT);
    assertThat(LayeringRules.layerOf("dev.courier.httpx")).isNull();
    assertThat(LayeringRules.layerOf("dev.courierx")).isNull();
  }

  @Test
  void theHttp2CoreIsSansIoAndBelowClientAndServer() {
    assertThat(check("dev.courier.http.h2", "import java.net.Socket;\nclass Sample {}")).hasSize(1);
    assertThat(check("dev.courier.http.h2", "class S { long t = System.nanoTime(); }")).hasSize(1);
    assertThat(check("dev.courier.http.h2", "import dev.courier.http.wire.Limits;\n"))
        .singleElement().asString().contains("must not use dev.courier.http.wire");
    assertThat(check("dev.courier.client", "import dev.courier.http.h2.FrameReader;\n")).isEmpty();
    assertThat(check("dev.courier.server", "import dev.courier.http.h2.HpackDecoder;\n")).isEmpty();
    assertThat(LayeringRules.layerOf("dev.courier.http.h2")).isEqualTo(LayeringRules.Layer.H2);
  }
}
