package dev.courier.http;

import static java.util.Locale.ROOT;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The status codes of the IANA HTTP Status Code Registry, each with its reason phrase, a one-line
 * description and the document that defines it. Constant names follow RFC 9110 ({@link
 * #CONTENT_TOO_LARGE}, {@link #UNPROCESSABLE_CONTENT}, ...); the older names used by RFC 7231 and
 * Python 3.11 still resolve through {@link #byName(String)}.
 *
 * <pre>{@code
 * HttpStatus.of(404);                    // NOT_FOUND
 * HttpStatus.NOT_FOUND.phrase();         // "Not Found"
 * HttpStatus.NOT_FOUND.isClientError();  // true
 * HttpStatus.lookup(299);                // Optional.empty(): valid but unregistered
 * HttpStatus.classOf(299);               // StatusClass.SUCCESS
 * HttpStatus.byName("REQUEST_ENTITY_TOO_LARGE");  // Optional[CONTENT_TOO_LARGE]
 * }</pre>
 *
 * <p><b>Phrases</b> are the registry's descriptions without its markers: 104 is registered as
 * "Upload Resumption Supported (TEMPORARY)" and 510 as "Not Extended (OBSOLETED)"; the markers
 * describe the registration, not the phrase to send, so {@link #phrase()} leaves them out. Where
 * Python 3.11 and the registry differ (413, 414, 416, 422) the registry wins: {@code
 * CONTENT_TOO_LARGE.phrase()} is "Content Too Large", not "Request Entity Too Large".
 *
 * <p><b>Codes the registry marks "(Unused)".</b> 418 is kept as {@link #IM_A_TEAPOT} with the
 * phrase "I'm a Teapot", because Python, curl users and many servers know it and a client must be
 * able to name what it receives; RFC 9110, Section 15.5.19 reserves the number so it stays
 * recognisable. 306 has no constant: RFC 9110, Section 15.4.7 says it is no longer used and only
 * reserved, it never had a phrase worth sending, and Python has no member for it either. A
 * response carrying 306 is still handled like any unregistered code: {@link #lookup(int)} is empty
 * and {@link #classOf(int)} says {@link StatusClass#REDIRECTION}.
 *
 * <p><b>104</b> is a temporary registration for draft-ietf-httpbis-resumable-upload. It is in the
 * registry today, so it is here; its Javadoc says it may change.
 */
public enum HttpStatus {
  // 1xx Informational (RFC 9110, Section 15.2)
  CONTINUE(100, "Continue", "RFC 9110, Section 15.2.1",
      "The request head arrived and the client may go on to send the content."),
  SWITCHING_PROTOCOLS(101, "Switching Protocols", "RFC 9110, Section 15.2.2",
      "The server agrees to move this connection to the protocol named in its Upgrade header."),
  PROCESSING(102, "Processing", "RFC 2518, Section 10.1",
      "WebDAV: the server has accepted a long request and is still working on it."),
  EARLY_HINTS(103, "Early Hints", "RFC 8297, Section 2",
      "Header fields, such as Link preloads, sent ahead of the final response."),
  /**
   * 104, a temporary IANA registration for draft-ietf-httpbis-resumable-upload; its name may
   * change when the draft becomes an RFC.
   */
  UPLOAD_RESUMPTION_SUPPORTED(104, "Upload Resumption Supported",
      "draft-ietf-httpbis-resumable-upload",
      "The server tells the client that an interrupted upload to this resource can be resumed."),

  // 2xx Successful (RFC 9110, Section 15.3)
  OK(200, "OK", "RFC 9110, Section 15.3.1",
      "The request succeeded; what the content means depends on the method."),
  CREATED(201, "Created", "RFC 9110, Section 15.3.2",
      "The request made a new resource, identified by Location or else by the target URI."),
  ACCEPTED(202, "Accepted", "RFC 9110, Section 15.3.3",
      "The request was queued for processing that has not finished and may still fail."),
  NON_AUTHORITATIVE_INFORMATION(203, "Non-Authoritative Information", "RFC 9110, Section 15.3.4",
      "Success, but a transforming proxy altered the content the origin server sent."),
  NO_CONTENT(204, "No Content", "RFC 9110, Section 15.3.5",
      "Success, and there is nothing to send in the response content."),
  RESET_CONTENT(205, "Reset Content", "RFC 9110, Section 15.3.6",
      "Success; the client should reset the view that sent the request, such as a form."),
  PARTIAL_CONTENT(206, "Partial Content", "RFC 9110, Section 15.3.7",
      "The response carries only the byte ranges that the request asked for."),
  MULTI_STATUS(207, "Multi-Status", "RFC 4918, Section 11.1",
      "WebDAV: one XML body reports a separate status for each of several resources."),
  ALREADY_REPORTED(208, "Already Reported", "RFC 5842, Section 7.1",
      "WebDAV: members of this binding were listed earlier in the same reply, not repeated."),
  IM_USED(226, "IM Used", "RFC 3229, Section 10.4.1",
      "The content results from instance manipulations, such as a delta, on the current resource."),

  // 3xx Redirection (RFC 9110, Section 15.4)
  MULTIPLE_CHOICES(300, "Multiple Choices", "RFC 9110, Section 15.4.1",
      "The target has several representations and the client may choose among them."),
  MOVED_PERMANENTLY(301, "Moved Permanently", "RFC 9110, Section 15.4.2",
      "The resource has a new permanent URI in Location; clients may change POST to GET."),
  FOUND(302, "Found", "RFC 9110, Section 15.4.3",
      "The resource is for now at the URI in Location; clients may change POST to GET."),
  SEE_OTHER(303, "See Other", "RFC 9110, Section 15.4.4",
      "The answer is elsewhere: fetch the URI in Location with GET."),
  NOT_MODIFIED(304, "Not Modified", "RFC 9110, Section 15.4.5",
      "A conditional GET or HEAD found the client's stored copy still current."),
  USE_PROXY(305, "Use Proxy", "RFC 9110, Section 15.4.6",
      "Deprecated: once told the client to go through a proxy, which clients no longer obey."),
  TEMPORARY_REDIRECT(307, "Temporary Redirect", "RFC 9110, Section 15.4.8",
      "The resource is for now at another URI; repeat the same method and content there."),
  PERMANENT_REDIRECT(308, "Permanent Redirect", "RFC 9110, Section 15.4.9",
      "The resource moved for good; repeat the same method and content at the new URI."),

  // 4xx Client Error (RFC 9110, Section 15.5)
  BAD_REQUEST(400, "Bad Request", "RFC 9110, Section 15.5.1",
      "The server will not process a request it sees as wrong, for example malformed syntax."),
  UNAUTHORIZED(401, "Unauthorized", "RFC 9110, Section 15.5.2",
      "Valid credentials are missing; WWW-Authenticate says how to authenticate."),
  PAYMENT_REQUIRED(402, "Payment Required", "RFC 9110, Section 15.5.3",
      "Reserved for future use, though some APIs send it when a payment or quota is due."),
  FORBIDDEN(403, "Forbidden", "RFC 9110, Section 15.5.4",
      "The server understood the request and refuses it; other credentials may not help."),
  NOT_FOUND(404, "Not Found", "RFC 9110, Section 15.5.5",
      "There is no current representation of the target, or the server will not reveal one."),
  METHOD_NOT_ALLOWED(405, "Method Not Allowed", "RFC 9110, Section 15.5.6",
      "The target does not support this method; the Allow header lists those it does."),
  NOT_ACCEPTABLE(406, "Not Acceptable", "RFC 9110, Section 15.5.7",
      "No representation fits the request's negotiation headers, such as Accept."),
  PROXY_AUTHENTICATION_REQUIRED(407, "Proxy Authentication Required", "RFC 9110, Section 15.5.8",
      "The proxy wants credentials; Proxy-Authenticate says how to give them."),
  REQUEST_TIMEOUT(408, "Request Timeout", "RFC 9110, Section 15.5.9",
      "The server stopped waiting for a complete request and will close the connection."),
  CONFLICT(409, "Conflict", "RFC 9110, Section 15.5.10",
      "The request clashes with the resource's current state, such as an edit of an old version."),
  GONE(410, "Gone", "RFC 9110, Section 15.5.11",
      "The target is no longer at the origin server, most likely for good."),
  LENGTH_REQUIRED(411, "Length Required", "RFC 9110, Section 15.5.12",
      "The server refuses a request that has content but no Content-Length."),
  PRECONDITION_FAILED(412, "Precondition Failed", "RFC 9110, Section 15.5.13",
      "A condition in the request header, such as If-Match, turned out false."),
  CONTENT_TOO_LARGE(413, "Content Too Large", "RFC 9110, Section 15.5.14",
      "The request content is bigger than the server is willing or able to handle."),
  URI_TOO_LONG(414, "URI Too Long", "RFC 9110, Section 15.5.15",
      "The target URI is longer than the server is willing to interpret."),
  UNSUPPORTED_MEDIA_TYPE(415, "Unsupported Media Type", "RFC 9110, Section 15.5.16",
      "The content's media type or coding is not supported by the target for this method."),
  RANGE_NOT_SATISFIABLE(416, "Range Not Satisfiable", "RFC 9110, Section 15.5.17",
      "None of the requested ranges overlap the current length of the representation."),
  EXPECTATION_FAILED(417, "Expectation Failed", "RFC 9110, Section 15.5.18",
      "The server cannot meet what the request's Expect header asks for."),
  /** 418: registered as "(Unused)"; kept under Python's name and phrase (see the class Javadoc). */
  IM_A_TEAPOT(418, "I'm a Teapot", "RFC 9110, Section 15.5.19",
      "A joke from RFC 2324's coffee pot protocol, reserved so that it is never reassigned."),
  MISDIRECTED_REQUEST(421, "Misdirected Request", "RFC 9110, Section 15.5.20",
      "The request reached a server that does not answer for its scheme and authority."),
  UNPROCESSABLE_CONTENT(422, "Unprocessable Content", "RFC 9110, Section 15.5.21",
      "The content is well formed and of a supported type, but its instructions cannot be done."),
  LOCKED(423, "Locked", "RFC 4918, Section 11.3",
      "WebDAV: the resource is locked against this change."),
  FAILED_DEPENDENCY(424, "Failed Dependency", "RFC 4918, Section 11.4",
      "WebDAV: the method failed because an action it relied on failed."),
  TOO_EARLY(425, "Too Early", "RFC 8470, Section 5.2",
      "The server will not risk a request that an attacker could replay from TLS early data."),
  UPGRADE_REQUIRED(426, "Upgrade Required", "RFC 9110, Section 15.5.22",
      "The server refuses the current protocol; Upgrade names the ones to switch to."),
  PRECONDITION_REQUIRED(428, "Precondition Required", "RFC 6585, Section 3",
      "The server wants a conditional request, so that concurrent updates are not lost."),
  TOO_MANY_REQUESTS(429, "Too Many Requests", "RFC 6585, Section 4",
      "The client is rate limited; Retry-After may say when to try again."),
  REQUEST_HEADER_FIELDS_TOO_LARGE(431, "Request Header Fields Too Large", "RFC 6585, Section 5",
      "The header section, or a single field in it, is too big for the server."),
  UNAVAILABLE_FOR_LEGAL_REASONS(451, "Unavailable For Legal Reasons", "RFC 7725, Section 3",
      "Access is denied because of a legal demand, such as a court order."),

  // 5xx Server Error (RFC 9110, Section 15.6)
  INTERNAL_SERVER_ERROR(500, "Internal Server Error", "RFC 9110, Section 15.6.1",
      "Something unexpected inside the server kept it from fulfilling the request."),
  NOT_IMPLEMENTED(501, "Not Implemented", "RFC 9110, Section 15.6.2",
      "The server lacks what the request needs, for example support for its method."),
  BAD_GATEWAY(502, "Bad Gateway", "RFC 9110, Section 15.6.3",
      "A gateway or proxy received an invalid answer from the server behind it."),
  SERVICE_UNAVAILABLE(503, "Service Unavailable", "RFC 9110, Section 15.6.4",
      "The server is overloaded or in maintenance for now; Retry-After may say how long."),
  GATEWAY_TIMEOUT(504, "Gateway Timeout", "RFC 9110, Section 15.6.5",
      "A gateway or proxy gave up waiting for the server behind it."),
  HTTP_VERSION_NOT_SUPPORTED(505, "HTTP Version Not Supported", "RFC 9110, Section 15.6.6",
      "The server does not support the major HTTP version the request used."),
  VARIANT_ALSO_NEGOTIATES(506, "Variant Also Negotiates", "RFC 2295, Section 8.1",
      "Content negotiation is misconfigured: the chosen variant negotiates again."),
  INSUFFICIENT_STORAGE(507, "Insufficient Storage", "RFC 4918, Section 11.5",
      "WebDAV: the server cannot store what it needs to complete the request."),
  LOOP_DETECTED(508, "Loop Detected", "RFC 5842, Section 7.2",
      "WebDAV: the server stopped an operation that would cycle through bindings forever."),
  /** 510, registered as "(OBSOLETED)" since RFC 2774 was moved to Historic. */
  NOT_EXTENDED(510, "Not Extended", "RFC 2774, Section 7",
      "Obsolete: the request did not satisfy the resource's HTTP extension policy."),
  NETWORK_AUTHENTICATION_REQUIRED(511, "Network Authentication Required", "RFC 6585, Section 6",
      "The client must log in to the network first, as behind a captive portal.");

  /** Lowest valid status code (RFC 9110, Section 15: "values outside 100..599 are invalid"). */
  public static final int MIN_CODE = 100;

  /** Highest valid status code (RFC 9110, Section 15). */
  public static final int MAX_CODE = 599;

  private static final HttpStatus[] BY_CODE = new HttpStatus[MAX_CODE + 1];
  private static final Map<String, HttpStatus> BY_NAME = new HashMap<>();

  static {
    for (HttpStatus status : values()) {
      BY_CODE[status.value] = status;
      BY_NAME.put(status.name(), status);
    }
    // RFC 7231 names, used by Python 3.11 and older (Python 3.13 keeps them as aliases).
    BY_NAME.put("REQUEST_ENTITY_TOO_LARGE", CONTENT_TOO_LARGE);
    BY_NAME.put("REQUEST_URI_TOO_LONG", URI_TOO_LONG);
    BY_NAME.put("REQUESTED_RANGE_NOT_SATISFIABLE", RANGE_NOT_SATISFIABLE);
    // The spelling printed in the table of Python 3's http module documentation, never a Python member.
    BY_NAME.put("REQUEST_RANGE_NOT_SATISFIABLE", RANGE_NOT_SATISFIABLE);
    BY_NAME.put("UNPROCESSABLE_ENTITY", UNPROCESSABLE_CONTENT);
    // Names other libraries use for the same codes.
    BY_NAME.put("PAYLOAD_TOO_LARGE", CONTENT_TOO_LARGE);
    BY_NAME.put("I_AM_A_TEAPOT", IM_A_TEAPOT);
    // requests' codes aliases ("ok", "teapot", "not_found"...), never hiding a constant's own
    // name; a later alias of the same name wins, as in requests' table.
    java.util.Set<String> fixed = java.util.Set.copyOf(BY_NAME.keySet());
    for (StatusAliases.Alias alias : StatusAliases.all()) {
      String key = alias.name().toUpperCase(ROOT);
      HttpStatus status = BY_CODE[alias.code()];
      if (status != null && !fixed.contains(key)) BY_NAME.put(key, status);
    }
    BY_NAME.put("EARLY-HINTS", EARLY_HINTS); // requests lists it under 102; RFC 8297 registers 103
  }

  private final int value;
  private final String phrase;
  private final String rfc;
  private final String description;

  HttpStatus(int value, String phrase, String rfc, String description) {
    this.value = value;
    this.phrase = phrase;
    this.rfc = rfc;
    this.description = description;
  }

  /**
   * The constant for a registered code.
   *
   * @throws IllegalArgumentException naming the code when it is not registered here (use {@link
   *     #lookup(int)} to accept any code)
   */
  public static HttpStatus of(int code) {
    HttpStatus status = code >= 0 && code <= MAX_CODE ? BY_CODE[code] : null;
    if (status == null) {
      throw new IllegalArgumentException(
          isValidCode(code)
              ? "unregistered HTTP status code " + code
              : "invalid HTTP status code " + code + ": expected three digits in 100..599");
    }
    return status;
  }

  /** The constant for a registered code, or empty for any other number (299, 306, 600, -1). */
  public static Optional<HttpStatus> lookup(int code) {
    return Optional.ofNullable(code >= 0 && code <= MAX_CODE ? BY_CODE[code] : null);
  }

  /**
   * The constant with this name, ignoring case, including the older names RFC 7231 and Python 3.11
   * used: {@code REQUEST_ENTITY_TOO_LARGE}, {@code REQUEST_URI_TOO_LONG}, {@code
   * REQUESTED_RANGE_NOT_SATISFIABLE}, {@code UNPROCESSABLE_ENTITY}; and {@code PAYLOAD_TOO_LARGE},
   * {@code I_AM_A_TEAPOT}; and every alias of requests' {@code codes} ({@code ok}, {@code okay},
   * {@code all_ok}, {@code teapot}, {@code not_found}, {@code moved}, {@code temporary_redirect},
   * {@code too_many}, {@code \o/}...; {@code StatusAliases} holds the table and its quirks).
   *
   * <pre>{@code
   * HttpStatus.byName("teapot");      // Optional[IM_A_TEAPOT]
   * HttpStatus.byName("All_OK");      // Optional[OK]
   * HttpStatus.byName("nonsense");    // Optional.empty
   * }</pre>
   */
  public static Optional<HttpStatus> byName(String name) {
    return Optional.ofNullable(BY_NAME.get(name.toUpperCase(ROOT)));
  }

  /** True for a code in 100..599, the range RFC 9110, Section 15 allows, registered or not. */
  public static boolean isValidCode(int code) {
    return code >= MIN_CODE && code <= MAX_CODE;
  }

  /**
   * The class of any valid code, registered or not: {@code classOf(299)} is {@link
   * StatusClass#SUCCESS}. RFC 9110, Section 15 asks clients to treat an unrecognised code like the
   * x00 code of its class.
   *
   * @throws IllegalArgumentException when {@code code} is outside 100..599
   */
  public static StatusClass classOf(int code) {
    return StatusClass.of(code);
  }

  /** The three-digit code, e.g. 404. */
  public int value() {
    return value;
  }

  /** The reason phrase from the IANA registry, e.g. "Not Found" (see the class Javadoc). */
  public String phrase() {
    return phrase;
  }

  /** One sentence saying what the code means. */
  public String description() {
    return description;
  }

  /** The defining document and section, e.g. "RFC 9110, Section 15.5.5". */
  public String rfc() {
    return rfc;
  }

  /** The class of this code. */
  public StatusClass statusClass() {
    return StatusClass.of(value);
  }

  /** True for 1xx. */
  public boolean isInformational() {
    return value < 200;
  }

  /** True for 2xx. */
  public boolean isSuccess() {
    return value >= 200 && value < 300;
  }

  /** True for 3xx. */
  public boolean isRedirection() {
    return value >= 300 && value < 400;
  }

  /** True for 4xx. */
  public boolean isClientError() {
    return value >= 400 && value < 500;
  }

  /** True for 5xx. */
  public boolean isServerError() {
    return value >= 500;
  }

  /** True for 4xx and 5xx. */
  public boolean isError() {
    return value >= 400;
  }

  /** The code and phrase, as after the version on a status line: "404 Not Found". */
  public String codeAndPhrase() {
    return value + " " + phrase;
  }
}
