package dev.courier.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The command's Jackson mapper, in a class of its own so that it is built only when a command
 * reads or writes JSON: building it loads hundreds of classes, a tenth of a plain GET's start-up.
 */
final class CliJson {
  private CliJson() {}

  /** Keeps numbers as written: 1.10 stays 1.10, big integers stay whole. */
  static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
}
