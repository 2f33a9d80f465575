package dev.courier.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes JSON indented by four spaces, keys in the order received, optionally coloured (keys
 * blue, strings yellow, numbers cyan, true/false/null magenta).
 *
 * <pre>{@code
 * JsonPretty.write(CliJson.MAPPER.readTree("{\"a\":[1,2]}"), Ansi.OFF);
 * // {
 * //     "a": [
 * //         1,
 * //         2
 * //     ]
 * // }
 * }</pre>
 */
final class JsonPretty {
  private static final String INDENT = "    ";

  private JsonPretty() {}

  static String write(JsonNode node, Ansi ansi) {
    StringBuilder out = new StringBuilder();
    write(node, ansi, 0, out);
    return out.toString();
  }

  private static void write(JsonNode node, Ansi ansi, int depth, StringBuilder out) {
    if (node.isObject()) {
      if (node.isEmpty()) {
        out.append("{}");
        return;
      }
      out.append("{\n");
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        out.append(INDENT.repeat(depth + 1)).append(ansi.paint(Ansi.BLUE, TextNode.valueOf(field.getKey()).toString()))
            .append(": ");
        write(field.getValue(), ansi, depth + 1, out);
        out.append(fields.hasNext() ? ",\n" : "\n");
      }
      out.append(INDENT.repeat(depth)).append('}');
    } else if (node.isArray()) {
      if (node.isEmpty()) {
        out.append("[]");
        return;
      }
      out.append("[\n");
      for (int i = 0; i < node.size(); i++) {
        out.append(INDENT.repeat(depth + 1));
        write(node.get(i), ansi, depth + 1, out);
        out.append(i < node.size() - 1 ? ",\n" : "\n");
      }
      out.append(INDENT.repeat(depth)).append(']');
    } else if (node.isTextual()) {
      out.append(ansi.paint(Ansi.YELLOW, node.toString()));
    } else if (node.isNumber()) {
      out.append(ansi.paint(Ansi.CYAN, node.toString()));
    } else {
      out.append(ansi.paint(Ansi.MAGENTA, node.toString()));
    }
  }
}
