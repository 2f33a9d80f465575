package dev.courier;

import dev.courier.http.FieldSyntax;
import dev.courier.http.Url;

/** RFC 6750, Section 2.1: {@code Authorization: Bearer <token>}. */
final class BearerAuth implements Auth {
  private final String header;

  BearerAuth(String token) {
    if (token.isEmpty()) throw new IllegalArgumentException("bearer token is empty");
    // Validated here so that a token with CR/LF fails without echoing the secret.
    for (int i = 0; i < token.length(); i++) {
      if (!FieldSyntax.isFieldValueChar(token.charAt(i)) || token.charAt(i) == ' ') {
        throw new IllegalArgumentException("bearer token has a forbidden character at " + i);
      }
    }
    this.header = "Bearer " + token;
  }

  @Override
  public Request apply(Request request) {
    return request.newBuilder().setHeader("Authorization", header).build();
  }

  @Override
  public String toString() {
    return "Auth.bearer(" + Url.MASK + ")";
  }
}
