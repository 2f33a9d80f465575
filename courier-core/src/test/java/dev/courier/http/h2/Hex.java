package dev.courier.http.h2;

import java.util.HexFormat;

/** Test helper: bytes from hex with spaces and line breaks allowed, as the RFCs print them. */
final class Hex {
  private Hex() {}

  static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
  }

  static String of(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
