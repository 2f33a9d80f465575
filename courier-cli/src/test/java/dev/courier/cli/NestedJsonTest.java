package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

class NestedJsonTest {
  private static String build(String... keysAndValues) {
    NestedJson json = new NestedJson();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      String value = keysAndValues[i + 1];
      json.put(keysAndValues[i], keysAndValues[i] + "=" + value,
          value.matches("\\d+") ? IntNode.valueOf(Integer.parseInt(value)) : TextNode.valueOf(value));
    }
    return json.root().toString();
  }

  @Test
  void plainKeysKeepTheirOrderAndALaterOneReplaces() {
    assertThat(build("b", "1", "a", "2")).isEqualTo("{\"b\":1,\"a\":2}");
    assertThat(build("a", "1", "a", "2")).isEqualTo("{\"a\":2}");
    assertThat(build()).isEqualTo("{}");
  }

  @Test
  void bracketsNestObjectsAndArraysAsHttpieDoes() {
    assertThat(build("user[name]", "ada", "user[age]", "36")).isEqualTo("{\"user\":{\"name\":\"ada\",\"age\":36}}");
    assertThat(build("tags[]", "a", "tags[]", "b")).isEqualTo("{\"tags\":[\"a\",\"b\"]}");
    assertThat(build("xs[2]", "c")).isEqualTo("{\"xs\":[null,null,\"c\"]}");
    assertThat(build("a[b][c][]", "1")).isEqualTo("{\"a\":{\"b\":{\"c\":[1]}}}");
    assertThat(build("[]", "1", "[]", "2")).isEqualTo("[1,2]");
    assertThat(build("[0][name]", "x")).isEqualTo("[{\"name\":\"x\"}]");
  }

  @Test
  void escapedBracketsAreLiteral() {
    assertThat(build("a\\[b]", "1")).isEqualTo("{\"a[b]\":1}");
  }

  @Test
  void aConflictOrABrokenPathNamesTheItem() {
    assertThatThrownBy(() -> build("a", "1", "a[b]", "2"))
        .isInstanceOf(BadItemException.class).hasMessageStartingWith("'a[b]=2':").hasMessageContaining("already");
    assertThatThrownBy(() -> build("a[b", "1"))
        .isInstanceOf(BadItemException.class).hasMessageContaining("'a[b=1'").hasMessageContaining("expected ']'");
    assertThatThrownBy(() -> build("a[b]c", "1")).hasMessageContaining("expected '['");
    assertThatThrownBy(() -> build("[]", "1", "k", "2")).hasMessageContaining("inside an array");
  }
}
