package dev.courier.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.courier.Body;
import dev.courier.Multipart;
import dev.courier.Request;
import dev.courier.http.FormData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the method, URL and request items of a command line into a {@link Request}, with
 * HTTPie's rules: data items make a JSON object unless {@code --form} or {@code --multipart};
 * a file field ({@code name@path}) makes the body multipart, streamed from disk; {@code @file},
 * {@code --raw} or stdin is the raw body, and cannot be mixed with data items; with no method,
 * POST when there is a body, else GET.
 *
 * <pre>{@code
 * Request r = new RequestFactory(options, io).build(null, ":8000/post", List.of("name=ada"));
 * }</pre>
 */
final class RequestFactory {
  static final String JSON_ACCEPT = "application/json, */*;q=0.5";

  private final RequestOptions options;
  private final Io io;

  RequestFactory(RequestOptions options, Io io) {
    this.options = options;
    this.io = io;
  }

  Request build(String method, String url, List<String> itemArgs) {
    List<RequestItem> items = new ArrayList<>();
    for (String arg : itemArgs) items.add(RequestItem.parse(arg));
    boolean hasData = items.stream().anyMatch(i -> i.kind().isData() && !(i.kind() == RequestItem.Kind.FILE && i.key().isEmpty()));
    Body raw = rawBody(items);
    if (raw != null && hasData) {
      throw new BadItemException("a request body (from stdin, --raw or @file) and data items (name=value) cannot be "
          + "mixed; pass --ignore-stdin to let the items win");
    }
    String chosen = method != null ? method.toUpperCase(java.util.Locale.ROOT) : (hasData || raw != null ? "POST" : "GET");
    Request.Builder request = Request.builder(chosen, UrlArgument.complete(url, options.https));

    boolean multipart = options.multipart
        || items.stream().anyMatch(i -> i.kind() == RequestItem.Kind.FILE && !i.key().isEmpty());
    boolean jsonMode = !options.form && !multipart;
    boolean userContentType = false;
    boolean userAccept = false;
    for (RequestItem item : items) {
      switch (item.kind()) {
        case HEADER, EMPTY_HEADER, HEADER_FILE -> {
          String value = switch (item.kind()) {
            case HEADER -> item.value();
            case EMPTY_HEADER -> "";
            default -> stripNewline(readText(item));
          };
          if (item.kind() == RequestItem.Kind.EMPTY_HEADER && !item.value().isEmpty()) {
            throw new BadItemException("'" + item.original() + "': Header; sends an empty header and takes no value");
          }
          try {
            request.header(item.key(), value);
          } catch (IllegalArgumentException e) {
            throw new BadItemException("'" + item.original() + "': " + e.getMessage(), e);
          }
          userContentType |= item.key().equalsIgnoreCase("Content-Type");
          userAccept |= item.key().equalsIgnoreCase("Accept");
        }
        case QUERY -> request.param(item.key(), item.value());
        case QUERY_FILE -> request.param(item.key(), stripNewline(readText(item)));
        default -> { } // data items: below
      }
    }

    if (raw != null) {
      request.body(raw);
      if (jsonMode && !userContentType && raw.contentType().isEmpty()) request.header("Content-Type", "application/json");
      if (jsonMode && !userAccept) request.header("Accept", JSON_ACCEPT);
    } else if (multipart) {
      request.body(multipartBody(items));
    } else if (options.form) {
      if (hasData) request.body(Body.form(formData(items)));
    } else if (hasData) {
      NestedJson json = new NestedJson();
      for (RequestItem item : items) {
        if (item.kind().isData()) json.put(item.key(), item.original(), jsonValue(item));
      }
      request.body(Body.of(writeJson(json.root()), "application/json"));
      if (!userAccept) request.header("Accept", JSON_ACCEPT);
    } else if (options.json) {
      // As HTTPie: --json says what we send and what we want back, body or not.
      if (!userAccept) request.header("Accept", JSON_ACCEPT);
      if (!userContentType) request.header("Content-Type", "application/json");
    }
    return BodyEncoding.apply(request.build(), options.compress.length, options.chunked);
  }

  /** The raw body from {@code @file}, {@code --raw} or stdin, or null; more than one is refused. */
  private Body rawBody(List<RequestItem> items) {
    List<String> sources = new ArrayList<>();
    Body body = null;
    for (RequestItem item : items) {
      if (item.kind() == RequestItem.Kind.FILE && item.key().isEmpty()) {
        Path path = file(item, item.value());
        body = Body.file(path);
        sources.add(item.original());
      }
    }
    if (options.raw != null) {
      body = Body.of(options.raw.getBytes(StandardCharsets.UTF_8));
      sources.add("--raw");
    }
    if (!options.ignoreStdin && !io.stdinTerminal() && sources.isEmpty()) {
      byte[] stdin = readStdin();
      if (stdin.length > 0) {
        body = Body.of(stdin);
        sources.add("stdin");
      }
    }
    if (sources.size() > 1) throw new BadItemException("more than one request body: " + String.join(", ", sources));
    return body;
  }

  private byte[] readStdin() {
    try {
      return io.in().readAllBytes();
    } catch (IOException e) {
      throw new BadItemException("cannot read the body from stdin: " + e.getMessage(), e);
    }
  }

  private FormData formData(List<RequestItem> items) {
    FormData form = FormData.empty();
    for (RequestItem item : items) {
      switch (item.kind()) {
        case DATA -> form = form.with(item.key(), item.value());
        case DATA_FILE -> form = form.with(item.key(), readText(item));
        case JSON, JSON_FILE -> throw new BadItemException("'" + item.original() + "': raw JSON (:=) needs a JSON body; drop --form");
        default -> { }
      }
    }
    return form;
  }

  private Multipart multipartBody(List<RequestItem> items) {
    Multipart.Builder parts;
    try {
      parts = options.boundary == null ? Multipart.builder() : Multipart.builder(options.boundary);
    } catch (IllegalArgumentException e) {
      throw new BadItemException("--boundary '" + options.boundary + "': " + e.getMessage(), e);
    }
    for (RequestItem item : items) {
      switch (item.kind()) {
        case DATA -> parts.field(item.key(), item.value());
        case DATA_FILE -> parts.field(item.key(), readText(item));
        case JSON, JSON_FILE -> throw new BadItemException("'" + item.original() + "': raw JSON (:=) needs a JSON body, not multipart");
        case FILE -> {
          String value = item.value();
          String type = null;
          int at = value.lastIndexOf(";type=");
          if (at >= 0) {
            type = value.substring(at + ";type=".length());
            value = value.substring(0, at);
          }
          Path path = file(item, value);
          if (type == null) {
            parts.file(item.key(), path);
          } else {
            parts.file(item.key(), path, path.getFileName().toString(), type);
          }
        }
        default -> { }
      }
    }
    return parts.build();
  }

  private JsonNode jsonValue(RequestItem item) {
    return switch (item.kind()) {
      case DATA -> TextNode.valueOf(item.value());
      case DATA_FILE -> TextNode.valueOf(readText(item));
      case JSON -> parseJson(item, item.value());
      case JSON_FILE -> parseJson(item, readText(item));
      default -> throw new BadItemException("'" + item.original() + "': a file upload needs --form or --multipart");
    };
  }

  private static JsonNode parseJson(RequestItem item, String text) {
    try {
      return CliJson.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      var where = e.getLocation();
      throw new BadItemException("'" + item.original() + "': invalid JSON" + (where == null ? "" : " at column " + where.getColumnNr())
          + ": " + e.getOriginalMessage(), e);
    }
  }

  private static byte[] writeJson(JsonNode node) {
    try {
      return CliJson.MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private String readText(RequestItem item) {
    Path path = file(item, item.value());
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BadItemException("'" + item.original() + "': cannot read " + path + " as UTF-8 text: " + e, e);
    }
  }

  private Path file(RequestItem item, String name) {
    Path path = io.cwd().resolve(expandHome(name));
    if (!Files.isRegularFile(path)) {
      throw new BadItemException("'" + item.original() + "': no such file: " + path);
    }
    return path;
  }

  private String expandHome(String name) {
    if (name.equals("~") || name.startsWith("~/")) {
      return io.env("HOME").orElse(System.getProperty("user.home")) + name.substring(1);
    }
    return name;
  }

  private static String stripNewline(String s) {
    return s.endsWith("\r\n") ? s.substring(0, s.length() - 2) : s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
  }
}
