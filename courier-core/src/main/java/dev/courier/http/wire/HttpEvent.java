package dev.courier.http.wire;

/**
 * What {@link Http1Parser#next()} returns: a head, a piece of body, trailers, the end of a
 * message, a request for more bytes, or the end of the connection.
 *
 * <p>Each message gives one head ({@link RequestHead} or {@link ResponseHead}), zero or more
 * {@link BodyChunk}s, at most one {@link Trailers}, then {@link EndOfMessage}. A response may be
 * preceded by interim heads ({@link ResponseHead#isInformational()}), which have no body and no
 * {@link EndOfMessage} of their own (except 101, which ends the HTTP part of the connection).
 *
 * <pre>{@code
 * switch (parser.next()) {
 *   case RequestHead head -> handle(head);
 *   case BodyChunk chunk -> consume(chunk.data());
 *   case Trailers trailers -> {}
 *   case EndOfMessage end -> respond();
 *   case NeedMoreData more -> parser.feed(readSocket());
 *   case Closed closed -> close();
 *   case ResponseHead head -> throw new AssertionError();
 * }
 * }</pre>
 */
public sealed interface HttpEvent
    permits RequestHead, ResponseHead, BodyChunk, Trailers, EndOfMessage, NeedMoreData, Closed {}
