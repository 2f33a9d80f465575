package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.http.h2.Frame;
import dev.courier.http.h2.H2Limits;
import dev.courier.http.h2.Settings;
import dev.courier.testsupport.SendWindows;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The server's receive windows grow with the round trip to the client. RFC 9113 section 5.2.2
 * leaves their sizes to the receiver; fixed at 256 KiB, a client 150 ms away could upload 256 KiB
 * per round trip. The server measures the round trip from its SETTINGS to their acknowledgement.
 */
class H2UploadWindowTest {
  private static final int UPLOAD = 24 << 20;

  @Test
  void anUploadFromAClientFarAwayGrowsTheWindowsAndTheNextUploadStartsAsWide() throws Exception {
    HttpServer server = HttpServer.builder().bind("127.0.0.1").port(0)
        .handler(r -> ServerResponse.ok(Long.toString(r.body().transferTo(OutputStream.nullOutputStream())))).start();
    try (H2Peer peer = new H2Peer(server.port())) {
      Settings settings = peer.handshakeAckingAfter(150);
      H2Limits limits = H2Limits.defaults();
      assertThat(settings.initialWindowSize()).isEqualTo(limits.streamWindow());
      peer.post(1, "/upload");
      List<Frame.WindowUpdate> updates = upload(peer, 1, settings.initialWindowSize());
      assertThat(updates.stream().filter(w -> w.streamId() == 1).mapToInt(Frame.WindowUpdate::increment).max().orElse(0))
          .as("the update that took the stream's window from 2 to 4 MiB").isGreaterThanOrEqualTo(2 << 20);
      assertThat(updates.stream().filter(w -> w.streamId() == 0).mapToInt(Frame.WindowUpdate::increment).max().orElse(0))
          .as("the update that took the connection's window from 4 to 8 MiB").isGreaterThanOrEqualTo(4 << 20);
      assertThat(answer(peer, 1)).isEqualTo(Integer.toString(UPLOAD));

      peer.post(3, "/upload");
      Frame.WindowUpdate opening = nextUpdate(peer);
      assertThat(opening.streamId()).isEqualTo(3);
      assertThat(opening.increment()).as("before any DATA: 256 KiB widened to 4 MiB")
          .isEqualTo(limits.maxStreamWindow() - limits.streamWindow());
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
  }

  /** Sends {@link #UPLOAD} bytes on {@code streamId} as fast as the server's windows allow; returns its WINDOW_UPDATEs. */
  private static List<Frame.WindowUpdate> upload(H2Peer peer, int streamId, int streamWindow) throws Exception {
    List<Frame.WindowUpdate> updates = new ArrayList<>();
    SendWindows windows = new SendWindows(streamId, streamWindow);
    byte[] chunk = new byte[16 * 1024];
    for (int sent = 0; sent < UPLOAD; ) {
      int n;
      while ((n = windows.allowed(Math.min(chunk.length, UPLOAD - sent))) == 0) {
        Frame.WindowUpdate w = nextUpdate(peer);
        updates.add(w);
        windows.credit(w);
      }
      windows.sent(n);
      sent += n;
      peer.writer.writeData(streamId, chunk, 0, n, sent == UPLOAD);
      peer.flush();
    }
    return updates;
  }

  private static Frame.WindowUpdate nextUpdate(H2Peer peer) throws Exception {
    while (true) {
      Frame f = peer.next().orElseThrow(() -> new AssertionError("the server closed the connection"));
      if (f instanceof Frame.WindowUpdate w) return w;
      if (!(f instanceof Frame.Settings)) throw new AssertionError("unexpected " + f);
    }
  }

  /** The text of the answer on {@code streamId}, skipping the WINDOW_UPDATEs still coming. */
  private static String answer(H2Peer peer, int streamId) throws Exception {
    StringBuilder body = new StringBuilder();
    while (true) {
      Frame f = peer.next().orElseThrow(() -> new AssertionError("the server closed the connection"));
      if (f instanceof Frame.Data d && d.streamId() == streamId) {
        body.append(new String(d.data(), StandardCharsets.UTF_8));
        if (d.endStream()) return body.toString();
      } else if (f instanceof Frame.Headers h && h.streamId() == streamId) {
        assertThat(peer.lastStatus).isEqualTo("200");
        if (h.endStream()) return body.toString();
      }
    }
  }
}
