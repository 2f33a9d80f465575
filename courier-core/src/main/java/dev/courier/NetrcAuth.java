package dev.courier;

/**
 * Basic credentials looked up in a {@link Netrc} by the host of each request, exactly as the URL
 * parser sees it (never by splitting the authority by hand: requests CVE-2024-47081). Not applied
 * to a request that already carries an {@code Authorization} header, nor over plain http when the
 * call started on https.
 */
final class NetrcAuth implements Auth {
  private final Netrc netrc;

  NetrcAuth(Netrc netrc) {
    this.netrc = netrc;
  }

  @Override
  public Request apply(Request request) {
    if (request.headers().contains("Authorization")) return request;
    return netrc.credentials(request.url().host())
        .filter(e -> !e.login().isEmpty() || !e.password().isEmpty())
        .map(e -> request.newBuilder().setHeader("Authorization", BasicAuth.value(e.login(), e.password())).build())
        .orElse(request);
  }

  @Override
  public String toString() {
    return "Auth.netrc(" + netrc + ")";
  }
}
