package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.server.ServerResponse;
import dev.courier.testsupport.TlsRecordTap;
import dev.courier.testsupport.TlsTestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request body over TLS leaves in whole records, however it is written: each record costs the
 * client a cipher set-up and a system call and the server a decryption, so a body cut into 8 KiB
 * records, or into a full record and a 17-byte one per 16 KiB, pays twice what it needs. Counted
 * on the TCP stream between the client and the server ({@link TlsRecordTap}).
 */
class UploadTlsRecordsTest {
  private static final int BODY = 1 << 20;
  /** A TLS 1.3 record carrying a full 16,367 bytes: with its content type byte, 16 bytes of padding and the tag. */
  private static final int FULL_RECORD = 16_400;
  private static final byte[] BYTES = new byte[BODY];
  private static TlsTestServer server;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() throws Exception {
    new Random(7).nextBytes(BYTES);
    server = TlsTestServer.start(request -> ServerResponse.ok(Long.toHexString(crc(request.bodyBytes()))));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @ParameterizedTest
  @EnumSource(value = HttpVersionPolicy.class, names = {"HTTP_1_1", "HTTP_2_ONLY"})
  void aFileLeavesInWholeRecords(HttpVersionPolicy policy) throws Exception {
    Path file = Files.write(dir.resolve("upload.bin"), BYTES);
    assertWholeRecords(policy, Body.file(file));
  }

  @ParameterizedTest
  @EnumSource(value = HttpVersionPolicy.class, names = {"HTTP_1_1", "HTTP_2_ONLY"})
  void aBodyWrittenInSmallPiecesLeavesInWholeRecords(HttpVersionPolicy policy) throws Exception {
    assertWholeRecords(policy, writtenInPiecesOf(1000));
  }

  /** Sends {@code body} (the {@link #BYTES}) through a tap; the server got it whole, in few records. */
  private void assertWholeRecords(HttpVersionPolicy policy, Body body) throws Exception {
    List<Integer> records;
    try (TlsRecordTap tap = TlsRecordTap.to(server.port());
        Session session = Session.builder().httpVersionPolicy(policy).tls(server.trust()).build()) {
      Response r = session.put("https://127.0.0.1:" + tap.port() + "/", body);
      assertThat(r.text()).isEqualTo(Long.toHexString(crc(BYTES)));
      records = tap.clientRecords();
    }
    long full = records.stream().filter(length -> length == FULL_RECORD).count();
    assertThat(full).as("full records in %s", records).isGreaterThanOrEqualTo(BODY / 16_367 - 2);
    assertThat(records.size() - full).as("other records in %s", records).isLessThanOrEqualTo(12);
  }

  /** The bytes as a one-shot body whose writer hands them over {@code piece} bytes at a time. */
  private static Body writtenInPiecesOf(int piece) {
    return new Body() {
      @Override public Optional<String> contentType() {
        return Optional.of("application/octet-stream");
      }

      @Override public long contentLength() {
        return BODY;
      }

      @Override public boolean isReplayable() {
        return true;
      }

      @Override public void writeTo(OutputStream out) throws IOException {
        for (int at = 0; at < BODY; at += piece) out.write(BYTES, at, Math.min(piece, BODY - at));
      }
    };
  }

  private static long crc(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return crc.getValue();
  }
}
