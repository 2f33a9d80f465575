package dev.courier;

/** The exchanger over dev.courier.client (pool, proxies, TLS). */
final class ClientExchanger {
  private ClientExchanger() {}

  /** Transport settings collected by the session builder. */
  static final class Settings {
    Exchanger build() {
      throw new UnsupportedOperationException("transport not wired yet");
    }
  }
}
