package dev.courier.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves a host name to the addresses to connect to, in preference order: the system resolver
 * by default; a custom one for tests, DNS-over-HTTPS, service discovery or pinning a name to an
 * address. IP literals are never passed to it. With several addresses the connection races them
 * (Happy Eyeballs, RFC 8305): see {@link Transport#system(Dns)}.
 *
 * <pre>{@code
 * Dns staging = host -> host.equals("api.example.com")
 *     ? List.of(InetAddress.getByName("10.0.0.7"))
 *     : Dns.system().lookup(host);
 * Session s = Session.builder().dns(staging).build();
 * }</pre>
 */
@FunctionalInterface
public interface Dns {
  /**
   * The addresses of {@code host}, never empty.
   *
   * @throws UnknownHostException when the name does not resolve
   */
  List<InetAddress> lookup(String host) throws UnknownHostException;

  /** The system resolver ({@link InetAddress#getAllByName}), in its order. */
  static Dns system() {
    return host -> List.of(InetAddress.getAllByName(host));
  }
}
