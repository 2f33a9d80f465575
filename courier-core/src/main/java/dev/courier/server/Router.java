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
 */
public final class Router implements Handler {
  private final List<Route> routes;
  private final Handler notFound;

  private Router(Builder builder) {
    this.routes = List.copyOf(builder.routes);
    this.notFound = builder.notFound;
  }

  /** A new, empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public ServerResponse handle(ServerRequest request) throws Exception {
    String path = request.path();
    Set<String> allowed = null;
    Route getFallback = null;
    Map<String, String> getParams = null;
    for (Route route : routes) {
      Map<String, String> params = route.match(path);
      if (params == null) continue;
      if (route.mount) {
        return route.handler.handle(request.mountedAt(route.prefix, rest(path, route.prefix), params));
      }
      if (route.method == null || route.method.equals(request.method())) {
        return route.handler.handle(request.withPathParams(params));
      }
      if (allowed == null) allowed = new LinkedHashSet<>();
      allowed.add(route.method);
      if (getFallback == null && route.method.equals("GET") && request.method().equals("HEAD")) {
        getFallback = route;
        getParams = params;
      }
    }
    if (getFallback != null) return getFallback.handler.handle(request.withPathParams(getParams));
    if (allowed == null) return notFound.handle(request);
    if (allowed.contains("GET")) allowed.add("HEAD");
    allowed.add("OPTIONS");
    String allow = String.join(", ", allowed);
    if (request.method().equals("OPTIONS")) {
      return ServerResponse.builder(204).header("Allow", allow).build();
    }
    return ErrorPages.response(405, request, "use one of: " + allow).newBuilder()
        .header("Allow", allow).build();
  }

  private static String rest(String path, String prefix) {
    // prefix ends with "/"; the mounted handler sees "/" + whatever follows it.
    if (path.length() < prefix.length()) return "/";
    return path.substring(prefix.length() - 1);
  }

  /** Builds a {@link Router}. */
  public static final class Builder {
    private final List<Route> routes = new ArrayList<>();
    private Handler notFound = r -> ErrorPages.response(404, r, "no route for " + r.path());

    private Builder() {}

    /** Routes {@code method} (case-sensitive, e.g. {@code "GET"}) on {@code pattern} to {@code handler}. */
    public Builder route(String method, String pattern, Handler handler) {
      Objects.requireNonNull(method, "method");
      routes.add(Route.of(method, pattern, handler, false));
      return this;
    }

    /** Routes every method on {@code pattern} to {@code handler}. */
    public Builder any(String pattern, Handler handler) {
      routes.add(Route.of(null, pattern, handler, false));
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
        routes.add(Route.of(null, bare, r -> ServerResponse.redirect(301,
            r.basePath() + prefix + r.query().map(q -> "?" + q).orElse("")), false));
      }
      routes.add(Route.mount(prefix, handler));
      return this;
    }

    /** What answers when no route matches the path (default: the 404 error page). */
    public Builder notFound(Handler handler) {
      this.notFound = Objects.requireNonNull(handler, "handler");
      return this;
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

    /** The captured parameters when {@code path} matches, else null. Scans without splitting. */
    Map<String, String> match(String path) {
      int n = path.length();
      if (n == 0 || path.charAt(0) != '/') return null;
      Map<String, String> params = null;
      int pos = 1;
      for (int i = 0; i < segments.length; i++) {
        if (pos > n) return null; // the path ended before the pattern
        int end = path.indexOf('/', pos);
        if (end < 0) end = n;
        String seg = segments[i];
        if (isParam[i]) {
          if (end == pos) return null;
          if (params == null) params = new LinkedHashMap<>(4);
          params.put(seg.substring(1, seg.length() - 1), Url.percentDecode(path.substring(pos, end)));
        } else if (seg.length() != end - pos || !path.regionMatches(pos, seg, 0, seg.length())) {
          return null;
        }
        pos = end + 1;
      }
      if (wildcard) {
        if (pos > n) return null; // "/files" does not match "/files/*"
        if (params == null) params = new LinkedHashMap<>(2);
        params.put("*", Url.percentDecode(path.substring(pos, n)));
      } else if (pos <= n) {
        return null; // more path than pattern
      }
      return params == null ? Map.of() : params;
    }
  }
}
