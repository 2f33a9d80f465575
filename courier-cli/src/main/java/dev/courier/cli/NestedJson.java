package dev.courier.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the JSON body from data items, with HTTPie's nested keys: {@code user[name]=ada} sets
 * {@code {"user": {"name": "ada"}}}, {@code tags[]=a} appends to an array, {@code xs[2]=c}
 * sets index 2 (padding with null), and a key starting with {@code [} makes the body an array
 * ({@code []:=1}). A later item replaces an earlier one with the same path; {@code \[} and
 * {@code \]} are literal brackets. Keys keep the order given.
 *
 * <pre>{@code
 * NestedJson json = new NestedJson();
 * json.put("user[name]", "user[name]=ada", TextNode.valueOf("ada"));
 * json.root();   // {"user":{"name":"ada"}}
 * }</pre>
 */
final class NestedJson {
  private static final Object APPEND = new Object();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private JsonNode root; // null until the first item

  /** The document built so far ({@code {}} when nothing was put). */
  JsonNode root() {
    return root == null ? NODES.objectNode() : root;
  }

  /** Sets {@code value} at the path {@code key}; {@code item} is the argument as typed, for messages. */
  void put(String key, String item, JsonNode value) {
    List<Object> path = parse(key, item);
    if (root == null) root = path.get(0) instanceof String ? NODES.objectNode() : NODES.arrayNode();
    JsonNode node = root;
    for (int i = 0; i < path.size(); i++) {
      Object step = path.get(i);
      boolean last = i == path.size() - 1;
      JsonNode child = last ? value
          : (path.get(i + 1) instanceof String ? NODES.objectNode() : NODES.arrayNode());
      node = step(node, step, child, last, item);
    }
  }

  /** Goes one step down, creating the child when missing; on the last step, sets it. */
  private static JsonNode step(JsonNode node, Object step, JsonNode fresh, boolean last, String item) {
    if (step instanceof String name) {
      if (!(node instanceof ObjectNode object)) {
        throw new BadItemException("'" + item + "': cannot set key \"" + name + "\" inside an array");
      }
      JsonNode existing = object.get(name);
      if (last || existing == null) {
        object.set(name, fresh);
        return fresh;
      }
      requireSameShape(existing, fresh, name, item);
      return existing;
    }
    if (!(node instanceof ArrayNode array)) {
      throw new BadItemException("'" + item + "': cannot index an object with [" + (step == APPEND ? "" : step) + "]");
    }
    if (step == APPEND) {
      array.add(fresh);
      return fresh;
    }
    int index = (Integer) step;
    while (array.size() <= index) array.addNull();
    JsonNode existing = array.get(index);
    if (last || existing.isNull()) {
      array.set(index, fresh);
      return fresh;
    }
    requireSameShape(existing, fresh, "[" + index + "]", item);
    return existing;
  }

  private static void requireSameShape(JsonNode existing, JsonNode wanted, String at, String item) {
    if (existing.getNodeType() != wanted.getNodeType()) {
      throw new BadItemException("'" + item + "': " + at + " is already " + describe(existing)
          + ", cannot use it as " + describe(wanted));
    }
  }

  private static String describe(JsonNode node) {
    return node.isObject() ? "an object" : node.isArray() ? "an array" : "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  /** {@code a[b][0][]} as ["a", "b", 0, APPEND]; a plain key without brackets is one step. */
  static List<Object> parse(String key, String item) {
    List<Object> path = new ArrayList<>();
    StringBuilder name = new StringBuilder();
    int i = 0;
    // The first step is the text before the first unescaped '[' (it may be empty when the key starts with '[').
    for (; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '\\' && i + 1 < key.length() && "[]\\".indexOf(key.charAt(i + 1)) >= 0) {
        name.append(key.charAt(++i));
      } else if (c == '[') {
        break;
      } else {
        name.append(c);
      }
    }
    if (i == key.length() || name.length() > 0) path.add(name.toString());
    while (i < key.length()) {
      if (key.charAt(i) != '[') throw syntax(item, key, i, "expected '['");
      int close = key.indexOf(']', i + 1);
      if (close < 0) throw syntax(item, key, key.length(), "expected ']'");
      String inside = key.substring(i + 1, close);
      if (inside.isEmpty()) {
        path.add(APPEND);
      } else if (inside.chars().allMatch(ch -> ch >= '0' && ch <= '9') && inside.length() <= 6) {
        path.add(Integer.parseInt(inside));
      } else {
        path.add(inside);
      }
      i = close + 1;
    }
    return path;
  }

  private static BadItemException syntax(String item, String key, int at, String what) {
    return new BadItemException("'" + item + "': " + what + " at position " + at + " of the key \"" + key + "\"");
  }
}
