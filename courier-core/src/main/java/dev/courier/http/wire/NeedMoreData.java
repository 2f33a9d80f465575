package dev.courier.http.wire;

/**
 * The parser has used every buffered byte and needs {@link Http1Parser#feed} (or
 * {@link Http1Parser#endOfInput()}) before it can give the next event.
 *
 * <pre>{@code
 * while (parser.next() instanceof NeedMoreData) parser.feed(in.readNBytes(8192));
 * }</pre>
 */
public record NeedMoreData() implements HttpEvent {
  /** The one instance the parser returns. */
  public static final NeedMoreData INSTANCE = new NeedMoreData();
}
