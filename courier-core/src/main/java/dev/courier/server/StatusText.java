package dev.courier.server;

/**
 * Reason phrases and one-line descriptions for the status codes the server writes itself.
 * TEMPORARY: replaced by {@code dev.courier.http.HttpStatus} once it is on main.
 */
final class StatusText {
  private StatusText() {}

  static String phrase(int status) {
    return switch (status) {
      case 100 -> "Continue";
      case 101 -> "Switching Protocols";
      case 200 -> "OK";
      case 201 -> "Created";
      case 202 -> "Accepted";
      case 203 -> "Non-Authoritative Information";
      case 204 -> "No Content";
      case 205 -> "Reset Content";
      case 206 -> "Partial Content";
      case 300 -> "Multiple Choices";
      case 301 -> "Moved Permanently";
      case 302 -> "Found";
      case 303 -> "See Other";
      case 304 -> "Not Modified";
      case 305 -> "Use Proxy";
      case 307 -> "Temporary Redirect";
      case 308 -> "Permanent Redirect";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 402 -> "Payment Required";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 406 -> "Not Acceptable";
      case 407 -> "Proxy Authentication Required";
      case 408 -> "Request Timeout";
      case 409 -> "Conflict";
      case 410 -> "Gone";
      case 411 -> "Length Required";
      case 412 -> "Precondition Failed";
      case 413 -> "Content Too Large";
      case 414 -> "URI Too Long";
      case 415 -> "Unsupported Media Type";
      case 416 -> "Range Not Satisfiable";
      case 417 -> "Expectation Failed";
      case 418 -> "I'm a Teapot";
      case 421 -> "Misdirected Request";
      case 422 -> "Unprocessable Content";
      case 425 -> "Too Early";
      case 426 -> "Upgrade Required";
      case 428 -> "Precondition Required";
      case 429 -> "Too Many Requests";
      case 431 -> "Request Header Fields Too Large";
      case 451 -> "Unavailable For Legal Reasons";
      case 500 -> "Internal Server Error";
      case 501 -> "Not Implemented";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      case 505 -> "HTTP Version Not Supported";
      default -> status < 200 ? "Informational" : status < 300 ? "Success" : status < 400 ? "Redirection"
          : status < 500 ? "Client Error" : "Server Error";
    };
  }

  static String description(int status) {
    return switch (status) {
      case 400 -> "The server could not understand the request.";
      case 401 -> "Authentication is required to access this resource.";
      case 403 -> "The server refuses to give access to this resource.";
      case 404 -> "Nothing matches the requested path.";
      case 405 -> "The method is not supported for this resource.";
      case 408 -> "The server timed out waiting for the request.";
      case 411 -> "A Content-Length is required.";
      case 412 -> "A precondition given in the request failed.";
      case 413 -> "The request content is larger than the server accepts.";
      case 414 -> "The request target is longer than the server accepts.";
      case 415 -> "The content type of the request is not supported.";
      case 416 -> "The requested range cannot be satisfied.";
      case 417 -> "The server cannot meet the Expect request header.";
      case 429 -> "Too many requests in a given amount of time.";
      case 431 -> "The request header fields are too large.";
      case 500 -> "The server met an unexpected condition.";
      case 501 -> "The server does not support the functionality required.";
      case 503 -> "The server is temporarily unable to handle the request.";
      case 505 -> "The HTTP version used in the request is not supported.";
      default -> phrase(status) + ".";
    };
  }
}
