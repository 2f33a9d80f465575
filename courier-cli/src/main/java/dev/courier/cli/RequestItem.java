package dev.courier.cli;

/**
 * One request item from the command line, HTTPie's syntax: a key, a separator saying what the
 * item is, and a value (escapes already resolved).
 *
 * <pre>{@code
 * RequestItem.parse("user[name]=ada");   // DATA, key "user[name]", value "ada"
 * RequestItem.parse("X-Id:7");           // HEADER, key "X-Id", value "7"
 * }</pre>
 */
record RequestItem(Kind kind, String key, String value, String original) {

  /** What an item means; the separator that marks it is {@link #separator}. */
  enum Kind {
    JSON_FILE(":=@"),
    QUERY_FILE("==@"),
    DATA_FILE("=@"),
    HEADER_FILE(":@"),
    QUERY("=="),
    JSON(":="),
    DATA("="),
    FILE("@"),
    HEADER(":"),
    EMPTY_HEADER(";");

    final String separator;

    Kind(String separator) {
      this.separator = separator;
    }

    /** True for items that go into the body ({@code =}, {@code :=}, {@code =@}, {@code :=@}, {@code @}). */
    boolean isData() {
      return this == DATA || this == JSON || this == DATA_FILE || this == JSON_FILE || this == FILE;
    }
  }

  /**
   * Parses one item.
   *
   * @throws BadItemException when no separator is found, naming the item
   */
  static RequestItem parse(String item) {
    return ItemParser.parse(item);
  }
}
