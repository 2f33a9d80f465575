package dev.courier.http.wire;

/**
 * The bounds the codec enforces so that no peer can make it buffer without end. Every limit is
 * checked while bytes arrive, before they are kept, and each maps to the status a server answers.
 *
 * <table>
 *   <caption>Limits, defaults and reasons</caption>
 *   <tr><th>Limit</th><th>Default</th><th>Status</th><th>Why this default</th></tr>
 *   <tr><td>{@code maxStartLineLength}</td><td>8 KiB</td><td>414 (request), 400 (status line)</td>
 *       <td>RFC 9112, Section 3 recommends supporting request lines of at least 8000 octets;
 *       Apache, nginx and Jetty use 8 KiB.</td></tr>
 *   <tr><td>{@code maxHeaderSectionSize}</td><td>64 KiB</td><td>431</td>
 *       <td>Bytes of all field lines of one head. Big cookie jars fit; CPython caps one line at
 *       64 KiB; OkHttp allows 256 KiB for responses.</td></tr>
 *   <tr><td>{@code maxHeaderCount}</td><td>100</td><td>431</td>
 *       <td>Apache ({@code LimitRequestFields}) and CPython ({@code _MAXHEADERS}) use 100.</td></tr>
 *   <tr><td>{@code maxChunkExtensionLength}</td><td>4 KiB</td><td>400</td>
 *       <td>Bytes after the chunk size on one chunk line. Extensions are almost never used;
 *       unbounded ones were a denial of service in Node.js (CVE-2024-22019).</td></tr>
 *   <tr><td>{@code maxTrailerSectionSize}</td><td>16 KiB</td><td>431</td>
 *       <td>Bytes of the trailer section; trailers carry checksums and timings, not cookies.
 *       The field count is bounded by {@code maxHeaderCount}.</td></tr>
 *   <tr><td>{@code maxBodySize}</td><td>unlimited</td><td>413</td>
 *       <td>The codec streams bodies and buffers none of them, so the natural bound belongs to
 *       the application; a server sets it to refuse large uploads at the head.</td></tr>
 *   <tr><td>{@code maxInformationalResponses}</td><td>16</td><td>400</td>
 *       <td>Interim (1xx) responses before the final one; a flood of them would otherwise never
 *       end a response.</td></tr>
 * </table>
 *
 * <pre>{@code
 * Limits limits = Limits.defaults().withMaxHeaderCount(200).withMaxBodySize(10 << 20);
 * Http1Parser parser = Http1Parser.forRequests(limits);
 * }</pre>
 *
 * @param maxStartLineLength bytes of the request line or status line, CRLF excluded
 * @param maxHeaderSectionSize bytes of the field lines of a head, CRLFs included
 * @param maxHeaderCount field lines in a head or a trailer section
 * @param maxChunkExtensionLength bytes after the chunk size on one chunk line
 * @param maxTrailerSectionSize bytes of the trailer section, CRLFs included
 * @param maxBodySize body bytes of one message, declared or received
 * @param maxInformationalResponses interim responses before a final response
 */
public record Limits(
    int maxStartLineLength,
    int maxHeaderSectionSize,
    int maxHeaderCount,
    int maxChunkExtensionLength,
    int maxTrailerSectionSize,
    long maxBodySize,
    int maxInformationalResponses) {

  private static final Limits DEFAULTS =
      new Limits(8 * 1024, 64 * 1024, 100, 4 * 1024, 16 * 1024, Long.MAX_VALUE, 16);

  /** Checks that every limit is positive (zero for the extension and informational limits). */
  public Limits {
    positive("maxStartLineLength", maxStartLineLength);
    positive("maxHeaderSectionSize", maxHeaderSectionSize);
    positive("maxHeaderCount", maxHeaderCount);
    if (maxChunkExtensionLength < 0) throw new IllegalArgumentException("maxChunkExtensionLength < 0");
    positive("maxTrailerSectionSize", maxTrailerSectionSize);
    if (maxBodySize < 0) throw new IllegalArgumentException("maxBodySize < 0");
    if (maxInformationalResponses < 0) {
      throw new IllegalArgumentException("maxInformationalResponses < 0");
    }
  }

  /** The defaults listed in the table above. */
  public static Limits defaults() {
    return DEFAULTS;
  }

  /** A copy with {@code maxStartLineLength} changed. */
  public Limits withMaxStartLineLength(int value) {
    return new Limits(value, maxHeaderSectionSize, maxHeaderCount, maxChunkExtensionLength,
        maxTrailerSectionSize, maxBodySize, maxInformationalResponses);
  }

  /** A copy with {@code maxHeaderSectionSize} changed. */
  public Limits withMaxHeaderSectionSize(int value) {
    return new Limits(maxStartLineLength, value, maxHeaderCount, maxChunkExtensionLength,
        maxTrailerSectionSize, maxBodySize, maxInformationalResponses);
  }

  /** A copy with {@code maxHeaderCount} changed. */
  public Limits withMaxHeaderCount(int value) {
    return new Limits(maxStartLineLength, maxHeaderSectionSize, value, maxChunkExtensionLength,
        maxTrailerSectionSize, maxBodySize, maxInformationalResponses);
  }

  /** A copy with {@code maxChunkExtensionLength} changed. */
  public Limits withMaxChunkExtensionLength(int value) {
    return new Limits(maxStartLineLength, maxHeaderSectionSize, maxHeaderCount, value,
        maxTrailerSectionSize, maxBodySize, maxInformationalResponses);
  }

  /** A copy with {@code maxTrailerSectionSize} changed. */
  public Limits withMaxTrailerSectionSize(int value) {
    return new Limits(maxStartLineLength, maxHeaderSectionSize, maxHeaderCount,
        maxChunkExtensionLength, value, maxBodySize, maxInformationalResponses);
  }

  /** A copy with {@code maxBodySize} changed. */
  public Limits withMaxBodySize(long value) {
    return new Limits(maxStartLineLength, maxHeaderSectionSize, maxHeaderCount,
        maxChunkExtensionLength, maxTrailerSectionSize, value, maxInformationalResponses);
  }

  /** A copy with {@code maxInformationalResponses} changed. */
  public Limits withMaxInformationalResponses(int value) {
    return new Limits(maxStartLineLength, maxHeaderSectionSize, maxHeaderCount,
        maxChunkExtensionLength, maxTrailerSectionSize, maxBodySize, value);
  }

  private static void positive(String name, int value) {
    if (value <= 0) throw new IllegalArgumentException(name + " must be positive: " + value);
  }
}
