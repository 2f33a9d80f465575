package dev.courier.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Happy Eyeballs v2 (RFC 8305) on loopback: ordering, racing, cancelling the losers. */
class HappyEyeballsTest {
  private static final ConnectOptions OPTIONS = ConnectOptions.defaults().withConnectTimeout(Duration.ofSeconds(20));

  private static InetAddress ip(String literal) throws UnknownHostException {
    return InetAddress.getByName(literal);
  }

  /** Records how each attempt ended. */
  private static final class Recorder implements HappyEyeballs.Listener {
    final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();

    @Override
    public void attemptEnded(InetAddress address, HappyEyeballs.Outcome outcome) {
      events.add(address.getHostAddress() + " " + outcome);
    }

    String next() throws InterruptedException {
      String e = events.poll(30, TimeUnit.SECONDS); // a bound, not a timing assertion
      assertThat(e).as("an attempt outcome").isNotNull();
      return e;
    }
  }

  @Test
  void familiesAreInterleavedStartingWithTheFirstAddresssFamily() throws UnknownHostException {
    InetAddress v6a = ip("2001:db8::1");
    InetAddress v6b = ip("2001:db8::2");
    InetAddress v4a = ip("192.0.2.1");
    InetAddress v4b = ip("192.0.2.2");
    assertThat(HappyEyeballs.interleave(List.of(v6a, v6b, v4a, v4b))).containsExactly(v6a, v4a, v6b, v4b);
    assertThat(HappyEyeballs.interleave(List.of(v4a, v4b, v6a))).containsExactly(v4a, v6a, v4b);
    assertThat(HappyEyeballs.interleave(List.of(v6a, v6b))).containsExactly(v6a, v6b);
  }

  @Test
  void aBlackholedFirstAddressLosesToTheNextAndIsCancelled() throws Exception {
    try (ServerSocket real = new ServerSocket(0, 50, ip("127.0.0.1"));
        Blackhole hole = Blackhole.on(ip("127.0.0.2"), real.getLocalPort())) {
      Recorder recorder = new Recorder();
      try (Socket socket = HappyEyeballs.connect(List.of(ip("127.0.0.2"), ip("127.0.0.1")), real.getLocalPort(),
          OPTIONS, recorder)) {
        assertThat(socket.isConnected()).isTrue();
        assertThat(((InetSocketAddress) socket.getRemoteSocketAddress()).getAddress()).isEqualTo(ip("127.0.0.1"));
      }
      assertThat(List.of(recorder.next(), recorder.next()))
          .containsExactlyInAnyOrder("127.0.0.1 CONNECTED", "127.0.0.2 CANCELLED");
    }
  }

  @Test
  void aRefusedAddressStartsTheNextAtOnce() throws Exception {
    try (ServerSocket real = new ServerSocket(0, 50, ip("127.0.0.1"))) {
      Recorder recorder = new Recorder();
      try (Socket socket = HappyEyeballs.connect(List.of(ip("127.0.0.3"), ip("127.0.0.1")), real.getLocalPort(),
          OPTIONS, recorder)) {
        assertThat(((InetSocketAddress) socket.getRemoteSocketAddress()).getAddress()).isEqualTo(ip("127.0.0.1"));
      }
      assertThat(recorder.next()).isEqualTo("127.0.0.3 FAILED");
      assertThat(recorder.next()).isEqualTo("127.0.0.1 CONNECTED");
    }
  }

  @Test
  void whenEveryAddressFailsTheLastFailureCarriesTheOthers() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 50, ip("127.0.0.1"))) {
      port = s.getLocalPort(); // closed again: nothing listens there now
    }
    int closedPort = port;
    assertThatThrownBy(() -> HappyEyeballs.connect(List.of(ip("127.0.0.1"), ip("127.0.0.4")), closedPort, OPTIONS,
        HappyEyeballs.Listener.NONE))
        .isInstanceOf(ConnectException.class)
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
  }

  @Test
  void aResolverThatFindsNothingIsAnUnknownHost() {
    Transport transport = Transport.system(host -> List.of());
    assertThatThrownBy(() -> transport.connect(Endpoint.tcp("nothing.test", 80), OPTIONS))
        .isInstanceOf(UnknownHostException.class).hasMessageContaining("nothing.test");
  }

  @Test
  void ipLiteralsNeverReachTheResolver() throws IOException {
    try (ServerSocket real = new ServerSocket(0, 50, ip("127.0.0.1"))) {
      Transport transport = Transport.system(host -> {
        throw new AssertionError("resolver asked for " + host);
      });
      try (Connection c = transport.connect(Endpoint.tcp("127.0.0.1", real.getLocalPort()), OPTIONS)) {
        assertThat(c).isNotNull();
      }
    }
  }
}
