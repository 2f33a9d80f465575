package dev.courier.http.h2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link FieldBlock}: HEADERS and CONTINUATION joined into the block HPACK decodes (RFC 9113 section 4.3). */
class FieldBlockTest {
  private static final byte[] BLOCK = new HpackEncoder().encode(List.of(new HeaderField(":status", "200"),
      new HeaderField("x-long", "v".repeat(300))));

  private static byte[] part(int from, int to) {
    return java.util.Arrays.copyOfRange(BLOCK, from, to);
  }

  @Test
  void aBlockInItsHeadersFrameIsHandedOnWithoutACopy() {
    FieldBlock block = new FieldBlock();
    Frame.Headers h = new Frame.Headers(1, BLOCK, true, true);
    assertThat(block.begin(h)).isTrue();
    assertThat(block.inProgress()).isFalse();
    assertThat(block.headers()).isSameAs(h);
    assertThat(block.take()).isSameAs(BLOCK);
  }

  @Test
  void continuationsAreJoinedInOrderAndDecodeAsOneBlock() {
    FieldBlock block = new FieldBlock();
    Frame.Headers h = new Frame.Headers(3, part(0, 10), false, false);
    assertThat(block.begin(h)).isFalse();
    assertThat(block.inProgress()).isTrue();
    assertThat(block.append(new Frame.Continuation(3, part(10, 11), false))).isFalse();
    assertThat(block.append(new Frame.Continuation(3, part(11, 200), false))).isFalse();
    assertThat(block.append(new Frame.Continuation(3, part(200, BLOCK.length), true))).isTrue();
    assertThat(block.frames()).isEqualTo(4);
    assertThat(block.inProgress()).isFalse();
    assertThat(block.headers()).isSameAs(h);
    byte[] joined = block.take();
    assertThat(joined).isEqualTo(BLOCK);
    assertThat(new HpackDecoder().decode(joined, 0, joined.length)).extracting(HeaderField::name)
        .containsExactly(":status", "x-long");
  }

  @Test
  void aNewBlockForgetsThePreviousOne() {
    FieldBlock block = new FieldBlock();
    block.begin(new Frame.Headers(1, part(0, 5), false, false));
    block.append(new Frame.Continuation(1, part(5, BLOCK.length), true));
    block.take();
    assertThat(block.begin(new Frame.Headers(3, BLOCK, true, true))).isTrue();
    assertThat(block.frames()).isEqualTo(1);
    assertThat(block.take()).isEqualTo(BLOCK);
  }

  @Test
  void misuseIsRefused() {
    FieldBlock block = new FieldBlock();
    assertThatThrownBy(() -> block.append(new Frame.Continuation(1, BLOCK, true)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(block::headers).isInstanceOf(IllegalStateException.class);
    block.begin(new Frame.Headers(1, part(0, 5), false, false));
    assertThatThrownBy(block::take).isInstanceOf(IllegalStateException.class).hasMessageContaining("not complete");
  }
}
