package dev.courier;

import dev.courier.http.Url;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/** RFC 7617 Basic: {@code base64(user ":" password)} in UTF-8 (Section 2.1, charset="UTF-8"). */
final class BasicAuth implements Auth {
  private final String user;
  private final String header;

  BasicAuth(String user, String password) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    // RFC 7617, Section 2: a user-id containing a colon cannot be represented.
    if (user.indexOf(':') >= 0) throw new IllegalArgumentException("Basic auth user name contains ':'");
    this.user = user;
    this.header = value(user, password);
  }

  static String value(String user, String password) {
    byte[] pair = (user + ":" + password).getBytes(StandardCharsets.UTF_8);
    return "Basic " + Base64.getEncoder().encodeToString(pair);
  }

  @Override
  public Request apply(Request request) {
    return request.newBuilder().setHeader("Authorization", header).build();
  }

  @Override
  public String toString() {
    return "Auth.basic(" + user + ", " + Url.MASK + ")";
  }
}
