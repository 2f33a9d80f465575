package dev.courier.server;

/**
 * The limits on reading a form body: {@link ServerRequest#form(FormLimits)} and
 * {@link ServerRequest#multipart(FormLimits)}. Past a limit the server answers 413.
 *
 * <table>
 *   <caption>Defaults and why</caption>
 *   <tr><th>limit</th><th>default</th><th>why</th></tr>
 *   <tr><td>{@code maxFormBytes}</td><td>2 MiB</td><td>a URL-encoded form is buffered whole; real
 *       forms are kilobytes (Django's default cap is 2.5 MB)</td></tr>
 *   <tr><td>{@code maxFields}</td><td>1000</td><td>every field costs a map entry: the cap of Django
 *       and Jetty, against hash-flooding and allocation by many tiny fields</td></tr>
 *   <tr><td>{@code maxParts}</td><td>1000</td><td>Go's default since CVE-2022-41725 (each part costs
 *       header parsing whatever its size)</td></tr>
 *   <tr><td>{@code maxPartHeaderBytes}</td><td>16 KiB</td><td>the header block of one part; forms need
 *       two short fields (Content-Disposition, Content-Type)</td></tr>
 *   <tr><td>{@code maxPartBytes}</td><td>64 MiB</td><td>one part's content, streamed (the server's body
 *       cap by default)</td></tr>
 *   <tr><td>{@code maxTotalBytes}</td><td>64 MiB</td><td>the whole multipart body; the server's
 *       {@link HttpServer#DEFAULT_MAX_BODY_SIZE} applies as well</td></tr>
 * </table>
 *
 * <pre>{@code
 * FormLimits limits = FormLimits.defaults().withMaxParts(10).withMaxPartBytes(5L << 20);
 * for (FormPart part : request.multipart(limits)) { ... }
 * }</pre>
 *
 * @param maxFormBytes the largest URL-encoded body
 * @param maxFields the most fields of a URL-encoded body
 * @param maxParts the most parts of a multipart body
 * @param maxPartHeaderBytes the largest header block of one part (at most 64 KiB)
 * @param maxPartBytes the largest content of one part
 * @param maxTotalBytes the largest multipart body
 */
public record FormLimits(long maxFormBytes, int maxFields, int maxParts, int maxPartHeaderBytes,
    long maxPartBytes, long maxTotalBytes) {
  private static final FormLimits DEFAULTS = new FormLimits(2L << 20, 1000, 1000, 16 * 1024, 64L << 20, 64L << 20);

  /** Checks every limit is positive, and the part header limit at most 64 KiB (it is buffered). */
  public FormLimits {
    if (maxFormBytes <= 0 || maxFields <= 0 || maxParts <= 0 || maxPartHeaderBytes <= 0
        || maxPartBytes <= 0 || maxTotalBytes <= 0) {
      throw new IllegalArgumentException("form limits must be positive");
    }
    if (maxFormBytes > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("maxFormBytes must fit an array");
    if (maxPartHeaderBytes > 64 * 1024) throw new IllegalArgumentException("maxPartHeaderBytes must be at most 64 KiB");
  }

  /** The defaults of the table above. */
  public static FormLimits defaults() {
    return DEFAULTS;
  }

  /** These limits with {@code maxFormBytes}. */
  public FormLimits withMaxFormBytes(long bytes) {
    return new FormLimits(bytes, maxFields, maxParts, maxPartHeaderBytes, maxPartBytes, maxTotalBytes);
  }

  /** These limits with {@code maxFields}. */
  public FormLimits withMaxFields(int fields) {
    return new FormLimits(maxFormBytes, fields, maxParts, maxPartHeaderBytes, maxPartBytes, maxTotalBytes);
  }

  /** These limits with {@code maxParts}. */
  public FormLimits withMaxParts(int parts) {
    return new FormLimits(maxFormBytes, maxFields, parts, maxPartHeaderBytes, maxPartBytes, maxTotalBytes);
  }

  /** These limits with {@code maxPartHeaderBytes}. */
  public FormLimits withMaxPartHeaderBytes(int bytes) {
    return new FormLimits(maxFormBytes, maxFields, maxParts, bytes, maxPartBytes, maxTotalBytes);
  }

  /** These limits with {@code maxPartBytes}. */
  public FormLimits withMaxPartBytes(long bytes) {
    return new FormLimits(maxFormBytes, maxFields, maxParts, maxPartHeaderBytes, bytes, maxTotalBytes);
  }

  /** These limits with {@code maxTotalBytes}. */
  public FormLimits withMaxTotalBytes(long bytes) {
    return new FormLimits(maxFormBytes, maxFields, maxParts, maxPartHeaderBytes, maxPartBytes, bytes);
  }
}
