package dev.courier.cli;

import dev.courier.cli.RequestItem.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a request item at its separator as HTTPie does: a backslash escapes a separator
 * character ({@code \=}, {@code \:}, {@code \@}, {@code \;}, {@code \\}); the separator that
 * starts first wins and, of those starting at one place, the longest ({@code :=@} before
 * {@code :=} before {@code :}). A backslash before any other character stays as it is.
 */
final class ItemParser {
  private static final String SPECIAL = "=:@;\\";
  private static final Kind[] LONGEST_FIRST = Kind.values(); // declared longest first

  private ItemParser() {}

  static RequestItem parse(String item) {
    // Tokens alternate between plain text (separators count) and escaped single characters (they do not).
    List<String> tokens = new ArrayList<>();
    List<Boolean> escaped = new ArrayList<>();
    StringBuilder plain = new StringBuilder();
    for (int i = 0; i < item.length(); i++) {
      char c = item.charAt(i);
      if (c == '\\' && i + 1 < item.length() && SPECIAL.indexOf(item.charAt(i + 1)) >= 0) {
        tokens.add(plain.toString());
        escaped.add(false);
        plain.setLength(0);
        tokens.add(String.valueOf(item.charAt(++i)));
        escaped.add(true);
      } else {
        plain.append(c);
      }
    }
    tokens.add(plain.toString());
    escaped.add(false);

    for (int t = 0; t < tokens.size(); t++) {
      if (escaped.get(t)) continue;
      String token = tokens.get(t);
      int bestAt = -1;
      Kind best = null;
      for (Kind kind : LONGEST_FIRST) {
        int at = token.indexOf(kind.separator);
        if (at >= 0 && (bestAt < 0 || at < bestAt)) {
          bestAt = at;
          best = kind;
        }
      }
      if (best != null) {
        String key = String.join("", tokens.subList(0, t)) + token.substring(0, bestAt);
        String value = token.substring(bestAt + best.separator.length()) + String.join("", tokens.subList(t + 1, tokens.size()));
        return new RequestItem(best, key, value, item);
      }
    }
    throw new BadItemException("'" + item + "' is not a request item: expected Header:Value, Header;, name==value, "
        + "name=value, name:=json, name=@file, name:=@file.json or name@file (escape a separator with \\)");
  }
}
