package dev.courier.net;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a byte stream goes: a TCP host and port, or a Unix-domain socket file.
 *
 * <pre>{@code
 * Endpoint web = Endpoint.tcp("example.com", 443);
 * Endpoint docker = Endpoint.unix(Path.of("/var/run/docker.sock"));
 * }</pre>
 */
public sealed interface Endpoint permits Endpoint.Tcp, Endpoint.Unix {

  /** A TCP endpoint; the host is a name or an IP literal (IPv6 without brackets). */
  static Tcp tcp(String host, int port) {
    return new Tcp(host, port);
  }

  /** A Unix-domain socket endpoint. */
  static Unix unix(Path path) {
    return new Unix(path);
  }

  /** A TCP host and port. */
  record Tcp(String host, int port) implements Endpoint {
    public Tcp {
      Objects.requireNonNull(host, "host");
      if (host.isEmpty()) {
        throw new IllegalArgumentException("empty host");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port out of range 1..65535: " + port);
      }
    }

    @Override
    public String toString() {
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
  }

  /** A Unix-domain socket file. */
  record Unix(Path path) implements Endpoint {
    public Unix {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public String toString() {
      return "unix:" + path;
    }
  }
}
