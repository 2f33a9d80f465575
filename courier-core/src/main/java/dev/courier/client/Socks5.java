package dev.courier.client;

import dev.courier.error.ProxyException;
import dev.courier.net.Connection;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/**
 * The client side of a SOCKS5 CONNECT (RFC 1928) with optional user/password authentication
 * (RFC 1929), over an open connection to the proxy.
 */
final class Socks5 {
  private static final int VERSION = 5;
  private static final int NO_AUTH = 0;
  private static final int USER_PASSWORD = 2;
  private static final int NO_ACCEPTABLE = 0xff;
  private static final int CONNECT = 1;
  private static final int IPV4 = 1;
  private static final int DOMAIN = 3;
  private static final int IPV6 = 4;

  private Socks5() {}

  /**
   * Asks the proxy to connect to host:port; on return the connection is a tunnel to it.
   *
   * @param url the URL the tunnel is for (redacted), named in a {@link ProxyException}
   * @throws ProxyException when the proxy refuses
   * @throws IOException when the connection to the proxy fails
   */
  static void connect(Connection connection, Proxy proxy, String host, int port, String url)
      throws IOException {
    OutputStream out = connection.output();
    InputStream in = connection.input();
    boolean credentials = proxy.username().isPresent();
    out.write(credentials ? new byte[] {VERSION, 2, NO_AUTH, USER_PASSWORD}
        : new byte[] {VERSION, 1, NO_AUTH});
    out.flush();
    byte[] choice = readFully(in, 2);
    if (choice[0] != VERSION) {
      throw failure("the proxy did not answer as SOCKS5 (version byte " + (choice[0] & 0xff) + ")", url);
    }
    int method = choice[1] & 0xff;
    if (method == USER_PASSWORD && credentials) {
      authenticate(in, out, proxy, url);
    } else if (method == NO_ACCEPTABLE) {
      throw failure(credentials ? "the proxy accepted none of our authentication methods"
          : "the proxy requires authentication; give credentials in the proxy URL", url);
    } else if (method != NO_AUTH) {
      throw failure("the proxy chose an unsupported authentication method " + method, url);
    }
    out.write(request(proxy, host, port, url));
    out.flush();
    byte[] head = readFully(in, 4);
    if (head[0] != VERSION) {
      throw failure("bad SOCKS5 reply version " + (head[0] & 0xff), url);
    }
    int reply = head[1] & 0xff;
    if (reply != 0) {
      throw failure("the proxy could not connect to " + host + ":" + port + ": " + describe(reply), url);
    }
    int skip = switch (head[3] & 0xff) {
      case IPV4 -> 4;
      case IPV6 -> 16;
      case DOMAIN -> readFully(in, 1)[0] & 0xff;
      default -> throw failure("bad SOCKS5 address type " + (head[3] & 0xff), url);
    };
    readFully(in, skip + 2); // bound address and port: unused
  }

  private static void authenticate(InputStream in, OutputStream out, Proxy proxy, String url)
      throws IOException {
    byte[] user = proxy.username().orElseThrow().getBytes(StandardCharsets.UTF_8);
    byte[] password = proxy.password().getBytes(StandardCharsets.UTF_8);
    if (user.length > 255 || password.length > 255) {
      throw failure("SOCKS5 user name and password are limited to 255 bytes (RFC 1929)", url);
    }
    byte[] message = new byte[3 + user.length + password.length];
    message[0] = 1;
    message[1] = (byte) user.length;
    System.arraycopy(user, 0, message, 2, user.length);
    message[2 + user.length] = (byte) password.length;
    System.arraycopy(password, 0, message, 3 + user.length, password.length);
    out.write(message);
    out.flush();
    byte[] status = readFully(in, 2);
    if (status[1] != 0) {
      throw failure("the proxy rejected the user name or password", url);
    }
  }

  private static byte[] request(Proxy proxy, String host, int port, String url)
      throws IOException {
    byte[] address;
    int type;
    byte[] literal = NoProxy.ipLiteral(host);
    if (literal == null && !proxy.resolvesRemotely()) {
      literal = InetAddress.getByName(host).getAddress();
    }
    if (literal != null) {
      type = literal.length == 4 ? IPV4 : IPV6;
      address = literal;
    } else {
      byte[] name = host.getBytes(StandardCharsets.US_ASCII);
      if (name.length > 255) {
        throw failure("host name too long for SOCKS5: " + name.length + " bytes", url);
      }
      type = DOMAIN;
      address = new byte[name.length + 1];
      address[0] = (byte) name.length;
      System.arraycopy(name, 0, address, 1, name.length);
    }
    byte[] request = new byte[4 + address.length + 2];
    request[0] = VERSION;
    request[1] = CONNECT;
    request[3] = (byte) type;
    System.arraycopy(address, 0, request, 4, address.length);
    request[request.length - 2] = (byte) (port >> 8);
    request[request.length - 1] = (byte) port;
    return request;
  }

  private static String describe(int reply) {
    return switch (reply) {
      case 1 -> "general failure";
      case 2 -> "not allowed by the proxy's rules";
      case 3 -> "network unreachable";
      case 4 -> "host unreachable";
      case 5 -> "connection refused";
      case 6 -> "TTL expired";
      case 7 -> "command not supported";
      case 8 -> "address type not supported";
      default -> "reply code " + reply;
    };
  }

  private static byte[] readFully(InputStream in, int n) throws IOException {
    byte[] bytes = in.readNBytes(n);
    if (bytes.length < n) {
      throw new EOFException("the SOCKS5 proxy closed the connection");
    }
    return bytes;
  }

  private static ProxyException failure(String message, String url) {
    return new ProxyException(-1, "SOCKS5: " + message, url, null);
  }
}
