package dev.courier;

import dev.courier.client.ProxyRules;
import dev.courier.net.TlsSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link Session.Builder#trustEnvironment()} takes from the environment, as requests'
 * {@code trust_env}: proxies ({@code http_proxy}, {@code https_proxy}, {@code all_proxy},
 * {@code no_proxy}, lower case first, then upper case; see {@link ProxyRules#fromEnvironment}),
 * a CA bundle ({@code REQUESTS_CA_BUNDLE}, then {@code CURL_CA_BUNDLE}, then {@code
 * SSL_CERT_FILE}) and {@code .netrc} credentials ({@code $NETRC}, else {@code ~/.netrc}). Each
 * fills only what the builder was not given: explicit settings win, as in requests.
 *
 * @param env the environment variables
 * @param home the home directory, where {@code .netrc} is looked for
 */
record TrustedEnvironment(Map<String, String> env, Path home) {
  /** The CA bundle variables, in the order they are read. */
  static final List<String> CA_BUNDLE_VARIABLES = List.of("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE");

  /** The process's own environment and {@code user.home}. */
  static TrustedEnvironment system() {
    return new TrustedEnvironment(System.getenv(), Path.of(System.getProperty("user.home", ".")));
  }

  /**
   * @throws IllegalArgumentException naming the variable when a proxy URL is invalid
   */
  ProxyRules proxies() {
    return ProxyRules.fromEnvironment(env);
  }

  /**
   * TLS settings that trust the CA bundle a variable names (instead of the JDK store, as requests
   * reads {@code verify=path}); empty when none is set.
   *
   * @throws IllegalArgumentException naming the variable when its file cannot be read or holds no certificate
   */
  Optional<TlsSettings> tls() {
    for (String name : CA_BUNDLE_VARIABLES) {
      String value = env.get(name);
      if (value == null || value.isBlank()) continue;
      try {
        return Optional.of(TlsSettings.builder().trustedCertificates(Path.of(value.strip())).build());
      } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
        throw new IllegalArgumentException(name + "=" + value + " names no readable CA bundle: " + e.getMessage(), e);
      }
    }
    return Optional.empty();
  }

  /** Basic credentials from the netrc file, when there is one. */
  Optional<Auth> netrc() {
    return Netrc.load(env, home).map(NetrcAuth::new);
  }
}
