package dev.courier.server.httpbin;

import dev.courier.internal.Html;
import dev.courier.server.ServerRequest;
/** The fixed pages of {@link HttpBin}: its index, {@code /json}, {@code /xml}, {@code /html} and the teapot. */
final class HttpBinPages {
  private HttpBinPages() {}

  static String indexPage(ServerRequest req) {
    String base = Html.escape(req.basePath());
    StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<title>Courier httpbin</title><style>body{font-family:system-ui,sans-serif;margin:2em auto;"
        + "max-width:50em}code{background:#f3f3f3;padding:0 .3em}</style></head><body>\n"
        + "<h1>httpbin, built into Courier</h1>\n<p>HTTP request and response testing endpoints.</p>\n<ul>\n");
    for (String path : new String[] {"/get", "/anything", "/headers", "/ip", "/user-agent", "/status/418",
        "/redirect/3", "/cookies", "/cookies/set?k=v", "/basic-auth/user/passwd", "/bearer",
        "/digest-auth/auth/user/passwd/MD5", "/delay/1", "/gzip", "/deflate", "/bytes/64", "/stream/5",
        "/stream-bytes/64", "/drip?duration=2&numbytes=5", "/range/64", "/cache", "/etag/abc",
        "/response-headers?X-Demo=1", "/json", "/html", "/xml", "/uuid", "/base64/Q291cmllcg=="}) {
      String href = base + Html.escape(path);
      html.append("<li><a href=\"").append(href).append("\"><code>").append(Html.escape(path))
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

  /** {@code /deny}: the page {@code robots.txt} forbids, the face httpbin shows there. */
  static final String DENY = """

                .-''''''-.
              .' _      _ '.
             /   O      O   \\
            :                :
            |                |
            :       __       :
             \\  .-"`  `"-.  /
              '.          .'
                '-......-'
           YOU SHOULDN'T BE HERE
      """;

  /** {@code /forms/post}: a form that posts {@code firstname} and {@code lastname} to {@code /post}. */
  static String formsPost(ServerRequest req) {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>A form</title></head><body>\n"
        + "<form method=\"post\" action=\"" + Html.escape(req.basePath()) + "/post\">\n"
        + "<p><label>First name: <input type=\"text\" name=\"firstname\"></label></p>\n"
        + "<p><label>Last name: <input type=\"text\" name=\"lastname\"></label></p>\n"
        + "<p><button>Submit</button></p>\n</form>\n</body></html>\n";
  }

  /**
   * {@code /links/{n}/{offset}}: n links to the pages {@code /links/n/0} to {@code n-1}, the one
   * at {@code offset} shown as plain text, in httpbin's exact markup (crawlers' tests count them).
   */
  static String links(ServerRequest req, int n, int offset) {
    String base = Html.escape(req.basePath());
    StringBuilder html = new StringBuilder("<html><head><title>Links</title></head><body>");
    for (int i = 0; i < n; i++) {
      if (i == offset) {
        html.append(i).append(' ');
      } else {
        html.append("<a href='").append(base).append("/links/").append(n).append('/').append(i).append("'>")
            .append(i).append("</a> ");
      }
    }
    return html.append("</body></html>").toString();
  }

  /** {@code /encoding/utf8}: text in many scripts, for checking a client's decoding. */
  static final String UTF8_SAMPLE = """
      <!DOCTYPE html>
      <html lang="en"><head><meta charset="utf-8"><title>UTF-8 sample</title></head><body><pre>
      English:   The quick brown fox jumps over the lazy dog.
      German:    Zwölf Boxkämpfer jagen Viktor quer über den großen Sylter Deich.
      French:    Voix ambiguë d'un cœur qui, au zéphyr, préfère les jattes de kiwis.
      Greek:     Ξεσκεπάζω την ψυχοφθόρα βδελυγμία.
      Russian:   Съешь же ещё этих мягких французских булок, да выпей чаю.
      Hebrew:    דג סקרן שט בים מאוכזב ולפתע מצא חברה
      Arabic:    نص حكيم له سر قاطع وذو شأن عظيم
      Japanese:  いろはにほへと ちりぬるを
      Chinese:   我能吞下玻璃而不伤身体。
      Korean:    다람쥐 헌 쳇바퀴에 타고파
      Thai:      เป็นมนุษย์สุดประเสริฐเลิศคุณค่า
      Math:      ∀x ∈ ℝ: ⌈x⌉ = −⌊−x⌋, ∑ 1/n² = π²/6
      Symbols:   € £ ¥ ₹ ← ↑ → ↓ ♠ ♥ ♦ ♣ ✓
      Astral:    𝄞 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀 🚀
      </pre></body></html>
      """;
}
