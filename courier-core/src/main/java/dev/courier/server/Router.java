package dev.courier.server;

import dev.courier.http.Url;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link Handler} that dispatches on method and path pattern.
 *
 * <p>Patterns are matched segment by segment against the percent-encoded path: a literal segment
 * matches itself, {@code {name}} matches one non-empty segment (decoded into
 * {@link ServerRequest#pathParam}), and a final {@code *} matches the rest of the path, possibly
 * empty (decoded into {@code pathParam("*")}). Routes are tried in the order they were added.
 * {@link Builder#mount} hands a whole subtree to another handler with the prefix removed from
 * {@link ServerRequest#path()}.
 *
 * <p>When no route matches the path: 404. When routes match the path but not the method: 405 with
 * {@code Allow} (RFC 9110 section 15.5.6). {@code HEAD} falls back to the {@code GET} route (the
 * server drops the body); {@code OPTIONS} without a route answers 204 with {@code Allow}.
 *
 * <pre>{@code
 * Router router = Router.builder()
 *     .get("/users/{id}", r -> ServerResponse.ok("user " + r.pathParam("id").orElseThrow()))
 *     .post("/users", r -> ServerResponse.of(201))
 *     .mount("/static/", FileHandler.of(Path.of("public")))
 *     .build();
 * }</pre>
 *
 * <p>A route whose handler is declared non-blocking ({@link Handler#nonBlocking}) is always
 * answered on the server's read loop, as a whole non-blocking handler is: the read loop picks the
 * route from the request line (a plain origin-form target; any other goes to a thread) before it
 * runs anything. Every other route runs as any handler not declared runs: on the loop too while
 * the server tries ordinary handlers there ({@link HttpServer.Builder#handlersOnLoop}, the
 * default), else on a virtual thread. A router with such a route answers its own 404, 405,
 * {@code OPTIONS} and mount redirects on the loop too (they are built in memory); a
 * {@link Builder#notFound} handler runs there only when declared non-blocking. A mounted router's
 * non-blocking routes count as well. The marker belongs to the handler object: wrapping it (or the
 * router) in another handler, as {@link HttpServer.Builder#compressResponses} does on purpose, runs
 * it on a thread again. A router without non-blocking routes costs nothing extra.
 *
 * <pre>{@code
 * Router api = Router.builder()
 *     .get("/health", Handler.nonBlocking(r -> ServerResponse.ok("up")))  // on the read loop
 *     .get("/users/{id}", r -> ServerResponse.ok(users.load(r.pathParam("id").orElseThrow())))
 *     .build();
 * }</pre>
 */
public final class Router implements Handler {
  /** What {@link #select} gives when no route matches the path. */
  private static final int NOT_FOUND = -1;
  /** What {@link #select} gives when routes match the path but not the method. */
  private static final int NOT_ALLOWED = -2;

  private final List<Route> routes;
  private final Handler notFound;
  /** Null when no route (nor the not-found handler) was declared non-blocking: the loop then asks nothing. */
  private final LoopRouting loopRouting;

  private Router(Builder builder) {
    this.routes = List.copyOf(builder.routes);
    this.notFound = builder.notFound;
    this.loopRouting = builder.nonBlocking ? this::runsOnLoop : null;
  }

  /** A new, empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public ServerResponse handle(ServerRequest request) throws Exception {
    String path = request.path();
    int i = select(request.method(), path, 0, path.length());
    if (i >= 0) {
      Route route = routes.get(i);
      Map<String, String> params = route.match(path, 0, path.length(), true);
      if (route.mount) {
        return route.handler.handle(request.mountedAt(route.prefix, rest(path, route.prefix), params));
      }
      return route.handler.handle(request.withPathParams(params));
    }
    if (i == NOT_FOUND) return notFound.handle(request);
    Set<String> allowed = new LinkedHashSet<>();
    for (Route route : routes) {
      if (route.method != null && route.match(path, 0, path.length(), false) != null) allowed.add(route.method);
    }
    if (allowed.contains("GET")) allowed.add("HEAD");
    allowed.add("OPTIONS");
    String allow = String.join(", ", allowed);
    if (request.method().equals("OPTIONS")) {
      return ServerResponse.builder(204).header("Allow", allow).build();
    }
    return ErrorPages.response(405, request, "use one of: " + allow).newBuilder()
        .header("Allow", allow).build();
  }

  /**
   * The index of the route that answers {@code method} on {@code path[from, to)}: the first whose
   * pattern matches and whose method is the request's (or any, or a mount), else for {@code HEAD}
   * the first matching {@code GET} route; {@link #NOT_ALLOWED} when routes match the path but none
   * the method, {@link #NOT_FOUND} when none matches. Captures nothing: the one decision that both
   * {@link #handle} and {@link #runsOnLoop} follow.
   */
  private int select(String method, String path, int from, int to) {
    int getFallback = NOT_FOUND;
    boolean pathMatched = false;
    for (int i = 0; i < routes.size(); i++) {
      Route route = routes.get(i);
      if (route.match(path, from, to, false) == null) continue;
      if (route.mount || route.method == null || route.method.equals(method)) return i;
      pathMatched = true;
      if (getFallback == NOT_FOUND && route.method.equals("GET") && method.equals("HEAD")) getFallback = i;
    }
    if (getFallback != NOT_FOUND) return getFallback;
    return pathMatched ? NOT_ALLOWED : NOT_FOUND;
  }

  /** How the read loop learns which requests this router answers non-blocking; null when none. */
  LoopRouting loopRouting() {
    return loopRouting;
  }

  /**
   * On the read loop: whether the handler that will answer {@code method} on {@code target} was
   * declared non-blocking. Only a plain origin-form target is routed here (split as
   * {@link ServerRequest} splits it); any other goes to a thread, which parses it in full.
   */
  private boolean runsOnLoop(String method, String target) {
    if (!RequestTarget.isPlainOriginForm(target)) return false;
    int q = target.indexOf('?');
    return runsOnLoop(method, target, 0, q < 0 ? target.length() : q);
  }

  /** {@link #runsOnLoop(String, String)} for the path {@code path[from, to)}, as {@link #handle} sees it. */
  private boolean runsOnLoop(String method, String path, int from, int to) {
    int i = select(method, path, from, to);
    if (i == NOT_ALLOWED) return true; // the 405, or the 204 to OPTIONS: this router's own answer, from memory
    if (i == NOT_FOUND) return runsOnLoop(notFound, method, path, from, to);
    Route route = routes.get(i);
    // a mounted handler sees the path below the prefix, which ends with "/" (rest())
    return runsOnLoop(route.handler, method, path, route.mount ? from + route.prefix.length() - 1 : from, to);
  }

  private static boolean runsOnLoop(Handler handler, String method, String path, int from, int to) {
    if (handler instanceof NonBlockingHandler) return true;
    return handler instanceof Router router && router.loopRouting != null
        && router.runsOnLoop(method, path, from, to);
  }

  private static String rest(String path, String prefix) {
    // prefix ends with "/"; the mounted handler sees "/" + whatever follows it.
    if (path.length() < prefix.length()) return "/";
    return path.substring(prefix.length() - 1);
  }

  /** Builds a {@link Router}. */
  public static final class Builder {
    private final List<Route> routes = new ArrayList<>();
    // The router's own answers (404, the mount's redirect) come from memory, so they may run on
    // the read loop of a router that has a non-blocking route; they never make it have one.
    private Handler notFound = new NonBlockingHandler(r -> ErrorPages.response(404, r, "no route for " + r.path()));
    /** A handler given so far runs some requests on the read loop ({@link LoopRouting#of}). */
    private boolean nonBlocking;

    private Builder() {}

    /** Routes {@code method} (case-sensitive, e.g. {@code "GET"}) on {@code pattern} to {@code handler}. */
    public Builder route(String method, String pattern, Handler handler) {
      Objects.requireNonNull(method, "method");
      routes.add(Route.of(method, pattern, handler, false));
      noteLoopRouting(handler);
      return this;
    }

    /** Routes every method on {@code pattern} to {@code handler}. */
    public Builder any(String pattern, Handler handler) {
      routes.add(Route.of(null, pattern, handler, false));
      noteLoopRouting(handler);
      return this;
    }

    public Builder get(String pattern, Handler handler) {
      return route("GET", pattern, handler);
    }

    public Builder post(String pattern, Handler handler) {
      return route("POST", pattern, handler);
    }

    public Builder put(String pattern, Handler handler) {
      return route("PUT", pattern, handler);
    }

    public Builder patch(String pattern, Handler handler) {
      return route("PATCH", pattern, handler);
    }

    public Builder delete(String pattern, Handler handler) {
      return route("DELETE", pattern, handler);
    }

    /**
     * Hands every request whose path starts with {@code prefix} (which must end with {@code /}) to
     * {@code handler}, which sees the path below the prefix and {@code basePath()} extended by it.
     * A request for the prefix without its final slash is redirected to it.
     */
    public Builder mount(String prefix, Handler handler) {
      if (!prefix.startsWith("/") || !prefix.endsWith("/")) {
        throw new IllegalArgumentException("mount prefix must start and end with '/': " + prefix);
      }
      Objects.requireNonNull(handler, "handler");
      if (prefix.length() > 1) {
        String bare = prefix.substring(0, prefix.length() - 1);
        routes.add(Route.of(null, bare, new NonBlockingHandler(r -> ServerResponse.redirect(301,
            r.basePath() + prefix + r.query().map(q -> "?" + q).orElse(""))), false));
      }
      routes.add(Route.mount(prefix, handler));
      noteLoopRouting(handler);
      return this;
    }

    /** What answers when no route matches the path (default: the 404 error page). */
    public Builder notFound(Handler handler) {
      this.notFound = Objects.requireNonNull(handler, "handler");
      noteLoopRouting(handler);
      return this;
    }

    private void noteLoopRouting(Handler handler) {
      if (LoopRouting.of(handler) != null) nonBlocking = true;
    }

    public Router build() {
      return new Router(this);
    }
  }

  /** One route: a method (null for any), the pattern's segments, and the handler. */
  private static final class Route {
    final String method;
    final String[] segments;
    final boolean wildcard;
    final boolean mount;
    final String prefix;
    final Handler handler;
    final boolean[] isParam;

    private Route(String method, String[] segments, boolean wildcard, boolean mount, String prefix, Handler handler) {
      this.method = method;
      this.segments = segments;
      this.wildcard = wildcard;
      this.mount = mount;
      this.prefix = prefix;
      this.handler = Objects.requireNonNull(handler, "handler");
      this.isParam = new boolean[segments.length];
      for (int i = 0; i < segments.length; i++) isParam[i] = segments[i].startsWith("{");
    }

    static Route of(String method, String pattern, Handler handler, boolean mount) {
      if (!pattern.startsWith("/")) throw new IllegalArgumentException("pattern must start with '/': " + pattern);
      if (method != null && !dev.courier.http.FieldSyntax.isToken(method)) {
        throw new IllegalArgumentException("method is not a token: " + method);
      }
      String[] parts = pattern.substring(1).split("/", -1);
      boolean wildcard = parts.length > 0 && parts[parts.length - 1].equals("*");
      if (wildcard) parts = java.util.Arrays.copyOf(parts, parts.length - 1);
      for (String part : parts) {
        if (part.contains("*")) throw new IllegalArgumentException("'*' only as the last segment: " + pattern);
        if (part.startsWith("{") != part.endsWith("}") || part.equals("{}")) {
          throw new IllegalArgumentException("bad parameter segment '" + part + "' in " + pattern);
        }
      }
      return new Route(method, parts, wildcard, mount, null, handler);
    }

    static Route mount(String prefix, Handler handler) {
      Route pattern = of(null, prefix + "*", handler, true);
      return new Route(null, pattern.segments, true, true, prefix, handler);
    }

    /**
     * Whether {@code path[from, to)} matches: its captured parameters (an empty map when there are
     * none, or when {@code capture} is false), else null. Scans without splitting, and allocates
     * only what it captures.
     */
    Map<String, String> match(String path, int from, int to, boolean capture) {
      if (to <= from || path.charAt(from) != '/') return null;
      Map<String, String> params = null;
      int pos = from + 1;
      for (int i = 0; i < segments.length; i++) {
        if (pos > to) return null; // the path ended before the pattern
        int end = path.indexOf('/', pos);
        if (end < 0 || end > to) end = to;
        String seg = segments[i];
        if (isParam[i]) {
          if (end == pos) return null;
          if (capture) {
            if (params == null) params = new LinkedHashMap<>(4);
            params.put(seg.substring(1, seg.length() - 1), Url.percentDecode(path.substring(pos, end)));
          }
        } else if (seg.length() != end - pos || !path.regionMatches(pos, seg, 0, seg.length())) {
          return null;
        }
        pos = end + 1;
      }
      if (wildcard) {
        if (pos > to) return null; // "/files" does not match "/files/*"
        if (capture) {
          if (params == null) params = new LinkedHashMap<>(2);
          params.put("*", Url.percentDecode(path.substring(pos, to)));
        }
      } else if (pos <= to) {
        return null; // more path than pattern
      }
      return params == null ? Map.of() : params;
    }
  }
}
