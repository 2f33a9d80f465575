package dev.courier.server;

import static dev.courier.server.ClientHelloAlpn.Verdict.INCOMPLETE;
import static dev.courier.server.ClientHelloAlpn.Verdict.NO_H2;
import static dev.courier.server.ClientHelloAlpn.Verdict.OFFERS_H2;
import static dev.courier.server.ClientHelloAlpn.Verdict.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.server.ClientHelloAlpn.Verdict;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ClientHelloAlpnTest {

  /** A ClientHello the JDK's TLS client sends, and what it should be judged. */
  record RealHello(String name, byte[] bytes, Verdict expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<RealHello> realHellos() throws Exception {
    return List.of(
        new RealHello("TLS 1.3, h2 + http/1.1", jdkHello(null, "h2", "http/1.1"), OFFERS_H2),
        new RealHello("TLS 1.3, http/1.1", jdkHello(null, "http/1.1"), NO_H2),
        new RealHello("TLS 1.3, spdy/3 + h2", jdkHello(null, "spdy/3", "h2"), OFFERS_H2),
        new RealHello("TLS 1.3, no ALPN", jdkHello(null), NO_H2),
        new RealHello("TLS 1.2, h2 + http/1.1", jdkHello("TLSv1.2", "h2", "http/1.1"), OFFERS_H2),
        new RealHello("TLS 1.2, http/1.1", jdkHello("TLSv1.2", "http/1.1"), NO_H2),
        new RealHello("TLS 1.2, no ALPN", jdkHello("TLSv1.2"), NO_H2));
  }

  /** The first bytes the JDK's client engine sends: its ClientHello record(s). */
  private static byte[] jdkHello(String onlyProtocol, String... alpn) throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, null, null);
    SSLEngine engine = context.createSSLEngine("localhost", 443);
    engine.setUseClientMode(true);
    SSLParameters parameters = engine.getSSLParameters();
    if (alpn.length > 0) parameters.setApplicationProtocols(alpn);
    if (onlyProtocol != null) parameters.setProtocols(new String[] {onlyProtocol});
    engine.setSSLParameters(parameters);
    ByteBuffer net = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    engine.wrap(ByteBuffer.allocate(0), net);
    return Arrays.copyOf(net.array(), net.position());
  }

  @ParameterizedTest
  @MethodSource("realHellos")
  void judgesTheJdksClientHello(RealHello hello) {
    byte[] bytes = hello.bytes();
    assertThat(bytes[0]).isEqualTo((byte) 22);
    assertThat(ClientHelloAlpn.of(bytes, bytes.length)).isEqualTo(hello.expected());
  }

  @ParameterizedTest
  @MethodSource("realHellos")
  void everyStrictPrefixIsIncompleteAndTrailingBytesAreIgnored(RealHello hello) {
    byte[] bytes = hello.bytes();
    for (int length = 0; length < bytes.length; length++) {
      assertThat(ClientHelloAlpn.of(bytes, length)).as("prefix of %d", length).isEqualTo(INCOMPLETE);
    }
    byte[] withGarbage = concat(bytes, "GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII), new byte[] {0, -1});
    assertThat(ClientHelloAlpn.of(withGarbage, withGarbage.length)).isEqualTo(hello.expected());
    // The length given counts, not the array's size.
    assertThat(ClientHelloAlpn.of(withGarbage, bytes.length)).isEqualTo(hello.expected());
  }

  @ParameterizedTest
  @MethodSource("realHellos")
  void aHelloSplitOverSeveralRecordsIsReassembled(RealHello hello) {
    byte[] message = Arrays.copyOfRange(hello.bytes(), 5, hello.bytes().length);
    int half = message.length / 2;
    for (int[] cuts : new int[][] {{1}, {3}, {4}, {half}, {message.length - 1}, {2, half}, {40, message.length - 2}}) {
      byte[] reframed = reframe(message, cuts);
      assertThat(ClientHelloAlpn.of(reframed, reframed.length)).as("cut at %s", Arrays.toString(cuts))
          .isEqualTo(hello.expected());
      for (int length = 0; length < reframed.length; length++) {
        assertThat(ClientHelloAlpn.of(reframed, length)).as("prefix of %d", length).isEqualTo(INCOMPLETE);
      }
    }
  }

  @Test
  void handBuiltHellosAreJudgedByTheirAlpnList() {
    assertThat(judge(hello(extensions(extension(16, alpn("h2")))))).isEqualTo(OFFERS_H2);
    assertThat(judge(hello(extensions(extension(0, new byte[3]), extension(16, alpn("http/1.1", "h2")))))).isEqualTo(OFFERS_H2);
    assertThat(judge(hello(extensions(extension(16, alpn("h2c")))))).isEqualTo(NO_H2);
    assertThat(judge(hello(extensions(extension(16, alpn("h2-14")))))).isEqualTo(NO_H2);
    assertThat(judge(hello(extensions(extension(16, alpn("H2")))))).isEqualTo(NO_H2);
    assertThat(judge(hello(extensions(extension(16, alpn("h")))))).isEqualTo(NO_H2);
    assertThat(judge(hello(extensions(extension(43, new byte[] {2, 3, 4}))))).isEqualTo(NO_H2);
    assertThat(judge(hello(extensions()))).isEqualTo(NO_H2);
    // RFC 5246 section 7.4.1.2: a TLS 1.2 ClientHello may end after its compression methods.
    assertThat(judge(hello(new byte[0]))).isEqualTo(NO_H2);
  }

  @Test
  void recordsThatAreNotHandshakeRecordsAreUnknown() {
    byte[] good = hello(extensions(extension(16, alpn("h2"))));
    byte[] appData = good.clone();
    appData[0] = 23;
    byte[] alert = good.clone();
    alert[0] = 21;
    byte[] sslv2 = {(byte) 0x80, 0x2e, 0x01, 0x03, 0x01};
    byte[] http = "GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] version35 = good.clone();
    version35[2] = 5;
    byte[] version2 = good.clone();
    version2[1] = 2;
    for (byte[] bytes : List.of(appData, alert, sslv2, http, version35, version2)) {
      assertThat(judge(bytes)).isEqualTo(UNKNOWN);
      assertThat(ClientHelloAlpn.of(bytes, 1)).isEqualTo(bytes[0] == 22 ? INCOMPLETE : UNKNOWN);
    }
    // The wrong version is seen as soon as its byte arrives.
    assertThat(ClientHelloAlpn.of(version35, 3)).isEqualTo(UNKNOWN);
  }

  @Test
  void recordLengthsOutsideOneToTwoToTheFourteenAreUnknown() {
    assertThat(judge(new byte[] {22, 3, 1, 0, 0})).isEqualTo(UNKNOWN);
    assertThat(judge(new byte[] {22, 3, 1, 0x40, 0x01})).isEqualTo(UNKNOWN);
    assertThat(ClientHelloAlpn.of(new byte[] {22, 3, 1, 0x41}, 4)).isEqualTo(UNKNOWN);
    // A record of exactly 2^14 bytes is fine, only not complete yet.
    assertThat(judge(new byte[] {22, 3, 1, 0x40, 0x00, 1})).isEqualTo(INCOMPLETE);
    // A zero-length record in the middle of a split hello (RFC 8446 section 5.1) is refused too.
    byte[] message = handshake(1, helloBody(0, 2, new byte[0]));
    assertThat(judge(concat(record(22, Arrays.copyOf(message, 10)), record(22, new byte[0])))).isEqualTo(UNKNOWN);
  }

  @Test
  void aRecordOfAnotherTypeInTheMiddleOfTheHelloIsUnknown() {
    byte[] message = handshake(1, helloBody(0, 2, extensions(extension(16, alpn("h2")))));
    byte[] split = concat(record(22, Arrays.copyOf(message, 10)), record(23, new byte[] {1}),
        record(22, Arrays.copyOfRange(message, 10, message.length)));
    assertThat(judge(split)).isEqualTo(UNKNOWN);
  }

  @Test
  void malformedClientHellosAreUnknown() {
    byte[] alpnH2 = extension(16, alpn("h2"));
    assertThat(judge(record(22, handshake(2, helloBody(0, 2, extensions(alpnH2)))))).as("server_hello").isEqualTo(UNKNOWN);
    assertThat(judge(record(22, handshake(1, helloBody(33, 2, extensions(alpnH2)))))).as("session id").isEqualTo(UNKNOWN);
    assertThat(judge(record(22, handshake(1, helloBody(0, 3, extensions(alpnH2)))))).as("odd suites").isEqualTo(UNKNOWN);
    assertThat(judge(record(22, handshake(1, helloBody(0, 0, extensions(alpnH2)))))).as("no suites").isEqualTo(UNKNOWN);
    byte[] noCompression = handshake(1, concat(new byte[2 + 32 + 1], new byte[] {0, 2, 0x13, 0x01, 0}));
    assertThat(judge(record(22, noCompression))).as("no compression method").isEqualTo(UNKNOWN);
    // The extensions block must end exactly where the message ends.
    assertThat(judge(hello(concat(new byte[] {0, 100}, alpnH2)))).as("block past the message").isEqualTo(UNKNOWN);
    assertThat(judge(hello(concat(new byte[] {0, 2}, alpnH2)))).as("block short of the message").isEqualTo(UNKNOWN);
    assertThat(judge(hello(new byte[] {0}))).as("half a block length").isEqualTo(UNKNOWN);
    assertThat(judge(hello(extensionsRaw(new byte[] {0, 0, 0, 9, 1, 2})))).as("extension past its block").isEqualTo(UNKNOWN);
    assertThat(judge(hello(extensionsRaw(new byte[] {0, 0, 0})))).as("half an extension header").isEqualTo(UNKNOWN);
    assertThat(judge(hello(extensions(extension(16, new byte[] {0, 0}))))).as("empty ALPN list").isEqualTo(UNKNOWN);
    assertThat(judge(hello(extensions(extension(16, new byte[0]))))).as("no ALPN list").isEqualTo(UNKNOWN);
    assertThat(judge(hello(extensions(extension(16, new byte[] {0, 4, 0, 2, 'h', '2'}))))).as("empty name")
        .isEqualTo(UNKNOWN);
    assertThat(judge(hello(extensions(extension(16, new byte[] {0, 4, 2, 'h', '2'}))))).as("list too long")
        .isEqualTo(UNKNOWN);
    assertThat(judge(hello(extensions(extension(16, new byte[] {0, 2, 2, 'h', '2'}))))).as("list too short")
        .isEqualTo(UNKNOWN);
    assertThat(judge(hello(extensions(extension(16, new byte[] {0, 3, 3, 'h', '2'}))))).as("name past the list")
        .isEqualTo(UNKNOWN);
    assertThat(judge(hello(extensions(extension(16, alpn("http/1.1")), extension(16, alpn("h2"))))))
        .as("ALPN twice").isEqualTo(UNKNOWN);
    assertThat(judge(hello(extensions(extension(0, new byte[0]), alpnH2, extension(0, new byte[0])))))
        .as("any extension twice (RFC 8446 section 4.2)").isEqualTo(UNKNOWN);
  }

  @Test
  void anInvalidFieldIsUnknownBeforeTheRestArrives() {
    // Only complete records count, so the first record ends right after the session id's length.
    byte[] message = handshake(1, helloBody(33, 2, extensions(extension(16, alpn("h2")))));
    byte[] bytes = reframe(message, 4 + 2 + 32 + 1);
    int throughSessionIdLength = 5 + 4 + 2 + 32 + 1;
    assertThat(ClientHelloAlpn.of(bytes, throughSessionIdLength - 1)).isEqualTo(INCOMPLETE);
    assertThat(ClientHelloAlpn.of(bytes, throughSessionIdLength)).isEqualTo(UNKNOWN);
    // It stays so while the next record is partly received.
    assertThat(ClientHelloAlpn.of(bytes, throughSessionIdLength + 5 + 1)).isEqualTo(UNKNOWN);
  }

  @Test
  void theLargestHelloFitsInMaxBytesAndALargerOneIsUnknown() {
    int overhead = 4 + 2 + 32 + 1 + 2 + 2 + 2 + 2 + (2 + 2 + 5) + 2 + 2;
    byte[] padding = extension(21, new byte[ClientHelloAlpn.MAX_HELLO - overhead]);
    byte[] message = handshake(1, helloBody(0, 2, extensions(extension(16, alpn("h2")), padding)));
    assertThat(message).hasSize(ClientHelloAlpn.MAX_HELLO);
    byte[] inOneRecord = record(22, message);
    assertThat(judge(inOneRecord)).isEqualTo(OFFERS_H2);
    byte[] inFourRecords = reframe(message, 5000, 10000, 15000);
    assertThat(inFourRecords).hasSize(ClientHelloAlpn.MAX_BYTES);
    assertThat(judge(inFourRecords)).isEqualTo(OFFERS_H2);
    assertThat(ClientHelloAlpn.of(inFourRecords, inFourRecords.length - 1)).isEqualTo(INCOMPLETE);
    // In five records it needs more than MAX_BYTES: refused when the last record's header arrives.
    byte[] inFiveRecords = reframe(message, 4000, 8000, 12000, 16000);
    assertThat(judge(inFiveRecords)).isEqualTo(UNKNOWN);
    // One byte more than MAX_HELLO is refused as soon as the message's length is read.
    byte[] tooLarge = handshake(1, helloBody(0, 2, extensions(extension(16, alpn("h2")), extension(21, new byte[padding.length - 3]))));
    assertThat(tooLarge).hasSize(ClientHelloAlpn.MAX_HELLO + 1);
    assertThat(ClientHelloAlpn.of(reframe(tooLarge, 4), 5 + 4)).isEqualTo(UNKNOWN);
  }

  @Test
  void neverIncompleteOnceMaxBytesHaveBeenRead() {
    // A valid start of a hello fed one byte per record never completes within MAX_BYTES.
    byte[] message = handshake(1, helloBody(0, 2, extensions(extension(21, new byte[4000]))));
    int[] cuts = new int[message.length - 1];
    Arrays.setAll(cuts, i -> i + 1);
    byte[] tiny = reframe(message, cuts);
    assertThat(ClientHelloAlpn.of(tiny, 600)).isEqualTo(INCOMPLETE);
    for (int length = ClientHelloAlpn.MAX_BYTES - 7; length < ClientHelloAlpn.MAX_BYTES + 7; length++) {
      assertThat(ClientHelloAlpn.of(tiny, length)).as("length %d", length)
          .isEqualTo(length < ClientHelloAlpn.MAX_BYTES ? INCOMPLETE : UNKNOWN);
    }
  }

  @Test
  void aLengthOutsideTheArrayIsClamped() {
    byte[] bytes = hello(extensions(extension(16, alpn("h2"))));
    assertThat(ClientHelloAlpn.of(bytes, -1)).isEqualTo(INCOMPLETE);
    assertThat(ClientHelloAlpn.of(bytes, bytes.length + 100)).isEqualTo(OFFERS_H2);
    assertThat(ClientHelloAlpn.of(new byte[0], 0)).isEqualTo(INCOMPLETE);
  }

  @Property(tries = 2000)
  void randomBytesNeverThrow(@ForAll @Size(max = 2000) byte[] bytes) {
    assertThat(ClientHelloAlpn.of(bytes, bytes.length)).isNotNull();
  }

  @Property(tries = 2000)
  void randomBytesAfterAHandshakeRecordHeaderNeverThrow(@ForAll @Size(max = 2000) byte[] bytes) {
    byte[] framed = concat(new byte[] {22, 3, 1, (byte) (bytes.length >> 8), (byte) bytes.length, 1}, bytes);
    assertThat(ClientHelloAlpn.of(framed, framed.length)).isNotNull();
  }

  @Property(tries = 1000)
  void mutatedAndTruncatedRealHellosNeverThrowAndOnlyBecomeDecidedOnce(
      @ForAll("realHelloBytes") byte[] hello, @ForAll("positions") int position, @ForAll byte value,
      @ForAll("positions") int cut) {
    byte[] mutated = hello.clone();
    mutated[position % mutated.length] = value;
    int length = cut % (mutated.length + 1);
    Verdict verdict = ClientHelloAlpn.of(mutated, length);
    assertThat(verdict).isIn((Object[]) Verdict.values());
    // More bytes never change a verdict once given.
    for (int shorter = 0; shorter < length; shorter += 7) {
      assertThat(ClientHelloAlpn.of(mutated, shorter)).isIn(INCOMPLETE, verdict);
    }
  }

  @Provide
  Arbitrary<byte[]> realHelloBytes() throws Exception {
    return Arbitraries.of(realHellos().stream().map(RealHello::bytes).toList());
  }

  @Provide
  Arbitrary<Integer> positions() {
    return Arbitraries.integers().between(0, 4000);
  }

  private static Verdict judge(byte[] bytes) {
    return ClientHelloAlpn.of(bytes, bytes.length);
  }

  /** A ClientHello in one record, ending with the given extensions block (or none, if empty). */
  private static byte[] hello(byte[] extensionsBlock) {
    return record(22, handshake(1, helloBody(0, 2, extensionsBlock)));
  }

  /** legacy_version, random, session id and cipher suites of the given lengths, null compression. */
  private static byte[] helloBody(int sessionIdLength, int suitesLength, byte[] extensionsBlock) {
    return concat(new byte[] {3, 3}, new byte[32], new byte[] {(byte) sessionIdLength}, new byte[sessionIdLength],
        u16(suitesLength), new byte[suitesLength], new byte[] {1, 0}, extensionsBlock);
  }

  private static byte[] extensions(byte[]... extensions) {
    return extensionsRaw(concat(extensions));
  }

  private static byte[] extensionsRaw(byte[] content) {
    return concat(u16(content.length), content);
  }

  private static byte[] extension(int type, byte[] data) {
    return concat(u16(type), u16(data.length), data);
  }

  /** An ALPN extension's data: the ProtocolNameList of RFC 7301 section 3.1. */
  private static byte[] alpn(String... names) {
    ByteArrayOutputStream list = new ByteArrayOutputStream();
    for (String name : names) {
      list.write(name.length());
      list.writeBytes(name.getBytes(StandardCharsets.US_ASCII));
    }
    return concat(u16(list.size()), list.toByteArray());
  }

  private static byte[] handshake(int type, byte[] body) {
    return concat(new byte[] {(byte) type, (byte) (body.length >> 16), (byte) (body.length >> 8), (byte) body.length},
        body);
  }

  private static byte[] record(int type, byte[] fragment) {
    return concat(new byte[] {(byte) type, 3, 1}, u16(fragment.length), fragment);
  }

  /** The handshake message cut at the given offsets into consecutive handshake records. */
  private static byte[] reframe(byte[] message, int... cuts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int from = 0;
    for (int cut : cuts) {
      out.writeBytes(record(22, Arrays.copyOfRange(message, from, cut)));
      from = cut;
    }
    out.writeBytes(record(22, Arrays.copyOfRange(message, from, message.length)));
    return out.toByteArray();
  }

  private static byte[] u16(int value) {
    return new byte[] {(byte) (value >> 8), (byte) value};
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) out.writeBytes(part);
    return out.toByteArray();
  }
}
