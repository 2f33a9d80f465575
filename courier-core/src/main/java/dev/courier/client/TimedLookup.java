package dev.courier.client;

import dev.courier.net.Endpoint;
import dev.courier.net.Transport;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Looks a TCP endpoint's host name up before the connect when a listener wants the lookup timed
 * ({@code dnsStart}, {@code dnsEnd}). The system transport then resolves the same name again and
 * is answered from the JDK's address cache (positive answers are kept 30 s by default), so the
 * time shows up here and not inside the connect. Nothing happens without a listener, for an IP
 * literal or a Unix socket, or for a transport of the caller's own (its names need not be real).
 */
final class TimedLookup {
  private TimedLookup() {}

  static void lookUp(Endpoint endpoint, Transport transport, ExchangeListener listener)
      throws UnknownHostException {
    if (listener == ExchangeListener.NONE || transport != Transport.system()
        || !(endpoint instanceof Endpoint.Tcp tcp) || NoProxy.ipLiteral(tcp.host()) != null) {
      return;
    }
    listener.dnsStart(tcp.host());
    InetAddress[] addresses = InetAddress.getAllByName(tcp.host());
    listener.dnsEnd(tcp.host(), List.of(addresses));
  }
}
