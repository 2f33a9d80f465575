package dev.courier.server;

/** The fixed pages of {@link HttpBin}: its index, {@code /json}, {@code /xml}, {@code /html} and the teapot. */
final class HttpBinPages {
  private HttpBinPages() {}

  static String indexPage(ServerRequest req) {
    String base = ErrorPages.escape(req.basePath());
    StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<title>Courier httpbin</title><style>body{font-family:system-ui,sans-serif;margin:2em auto;"
        + "max-width:50em}code{background:#f3f3f3;padding:0 .3em}</style></head><body>\n"
        + "<h1>httpbin, built into Courier</h1>\n<p>HTTP request and response testing endpoints.</p>\n<ul>\n");
    for (String path : new String[] {"/get", "/anything", "/headers", "/ip", "/user-agent", "/status/418",
        "/redirect/3", "/cookies", "/cookies/set?k=v", "/basic-auth/user/passwd", "/bearer",
        "/digest-auth/auth/user/passwd/MD5", "/delay/1", "/gzip", "/deflate", "/bytes/64", "/stream/5",
        "/stream-bytes/64", "/drip?duration=2&numbytes=5", "/range/64", "/cache", "/etag/abc",
        "/response-headers?X-Demo=1", "/json", "/html", "/xml", "/uuid", "/base64/Q291cmllcg=="}) {
      String href = base + ErrorPages.escape(path);
      html.append("<li><a href=\"").append(href).append("\"><code>").append(ErrorPages.escape(path))
          .append("</code></a></li>\n");
    }
    return html.append("</ul>\n</body></html>\n").toString();
  }

  static final String TEAPOT = "\n    -=[ teapot ]=-\n\n       _...._\n     .'  _ _ `.\n"
      + "    | .\"` ^ `\". _,\n    \\_;`\"---\"`|//\n      |       ;/\n      \\_     _/\n        `\"\"\"`\n";

  static final String SLIDESHOW_JSON = """
      {
        "slideshow": {
          "author": "Courier",
          "date": "2026-11-22",
          "slides": [
            {
              "title": "Why test against a local httpbin",
              "type": "all"
            },
            {
              "items": [
                "No network needed",
                "Every delay and size is capped"
              ],
              "title": "Overview",
              "type": "all"
            }
          ],
          "title": "Sample Slide Show"
        }
      }
      """;

  static final String SLIDESHOW_XML = """
      <?xml version='1.0' encoding='us-ascii'?>
      <!--  A sample slide show  -->
      <slideshow title="Sample Slide Show" date="2026-11-22" author="Courier">
          <slide type="all">
            <title>Why test against a local httpbin</title>
          </slide>
          <slide type="all">
              <title>Overview</title>
              <item>No network needed</item>
              <item>Every delay and size is <em>capped</em></item>
          </slide>
      </slideshow>
      """;

  static final String SAMPLE_HTML = """
      <!DOCTYPE html>
      <html>
        <head>
        </head>
        <body>
            <h1>A Sample Page</h1>
            <div>
              <p>
                This page is served by Courier's built-in httpbin so that HTTP clients can be tested
                against HTML content without reaching the network. It has a heading, a paragraph and
                nothing else worth parsing.
              </p>
            </div>
        </body>
      </html>
      """;
}
