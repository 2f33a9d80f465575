package dev.courier.server;

/**
 * A handler its author declared non-blocking ({@link Handler#nonBlocking}): the selector-driven
 * read path runs it on the loop's thread when the request's body (if any) is buffered whole
 * (see {@link SelectorPath}), as the whole handler or as a {@link Router}'s route ({@link LoopRouting}).
 */
record NonBlockingHandler(Handler handler) implements Handler {
  @Override
  public ServerResponse handle(ServerRequest request) throws Exception {
    return handler.handle(request);
  }
}
