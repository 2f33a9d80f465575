package dev.courier.testing;

import java.util.List;

/** Lists requests for failure messages, each with what kept it from matching a pattern. */
final class RequestReport {
  private RequestReport() {}

  /** One line per request (and one per mismatch below it), or a line saying none arrived. */
  static String describe(List<RecordedRequest> requests, RequestPattern pattern) {
    if (requests.isEmpty()) {
      return "no requests were received";
    }
    StringBuilder out = new StringBuilder(requests.size() + " request"
        + (requests.size() == 1 ? " was" : "s were") + " received:");
    for (RecordedRequest request : requests) {
      out.append("\n  ").append(line(request));
      List<String> mismatches = pattern.mismatches(request);
      if (mismatches.isEmpty()) {
        out.append("  (matches)");
      }
      for (String mismatch : mismatches) {
        out.append("\n      ").append(mismatch);
      }
    }
    return out.toString();
  }

  /** The request line and, when it has one, the body size. */
  static String line(RecordedRequest request) {
    String body = request.bodySize() > 0 ? " [" + request.bodySize() + " body bytes]" : "";
    return "#" + request.sequenceNumber() + " " + request.method() + " " + request.target() + body;
  }
}
