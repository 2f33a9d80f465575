package dev.courier.net;

import java.io.ByteArrayOutputStream;

/**
 * The few DER (ITU-T X.690) operations needed to turn PKCS#1 RSA keys and SEC1 EC keys into
 * PKCS#8, which is what the JDK's {@code KeyFactory} reads. Not a general ASN.1 library.
 */
final class Der {
  static final int INTEGER = 0x02;
  static final int OCTET_STRING = 0x04;
  static final int NULL = 0x05;
  static final int OID = 0x06;
  static final int SEQUENCE = 0x30;
  static final int CONTEXT_0 = 0xA0;

  /** rsaEncryption, RFC 8017 Appendix C. */
  static final byte[] OID_RSA = {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};

  /** id-ecPublicKey, RFC 5480 Section 2.1.1. */
  static final byte[] OID_EC = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

  private Der() {}

  /** One tag-length-value element read from {@code data} at {@code offset}. */
  record Element(int tag, int valueOffset, int valueLength) {
    int end() {
      return valueOffset + valueLength;
    }
  }

  static Element read(byte[] data, int offset) {
    if (offset + 2 > data.length) {
      throw new IllegalArgumentException("truncated DER at " + offset);
    }
    int tag = data[offset] & 0xff;
    int first = data[offset + 1] & 0xff;
    int position = offset + 2;
    int length;
    if (first < 0x80) {
      length = first;
    } else {
      int count = first & 0x7f;
      if (count == 0 || count > 3 || position + count > data.length) {
        throw new IllegalArgumentException("unsupported DER length at " + offset);
      }
      length = 0;
      for (int i = 0; i < count; i++) {
        length = (length << 8) | (data[position++] & 0xff);
      }
    }
    if (position + length > data.length) {
      throw new IllegalArgumentException("DER element overruns its container at " + offset);
    }
    return new Element(tag, position, length);
  }

  static byte[] element(int tag, byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
    out.write(tag);
    if (length < 0x80) {
      out.write(length);
    } else if (length < 0x100) {
      out.write(0x81);
      out.write(length);
    } else if (length < 0x10000) {
      out.write(0x82);
      out.write(length >> 8);
      out.write(length);
    } else {
      out.write(0x83);
      out.write(length >> 16);
      out.write(length >> 8);
      out.write(length);
    }
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  static byte[] slice(byte[] data, int from, int to) {
    return java.util.Arrays.copyOfRange(data, from, to);
  }

  /** PKCS#8 PrivateKeyInfo (RFC 5208 Section 5) around a PKCS#1 RSAPrivateKey. */
  static byte[] pkcs8FromPkcs1(byte[] pkcs1) {
    byte[] algorithm = element(SEQUENCE, element(OID, OID_RSA), new byte[] {NULL, 0});
    return element(SEQUENCE, new byte[] {INTEGER, 1, 0}, algorithm, element(OCTET_STRING, pkcs1));
  }

  /**
   * PKCS#8 PrivateKeyInfo around a SEC1 ECPrivateKey (RFC 5915): the curve OID comes from the
   * key's [0] parameters field, which OpenSSL always writes.
   */
  static byte[] pkcs8FromSec1(byte[] sec1) {
    Element outer = read(sec1, 0);
    if (outer.tag() != SEQUENCE) {
      throw new IllegalArgumentException("EC PRIVATE KEY is not a DER SEQUENCE");
    }
    int position = outer.valueOffset();
    byte[] curve = null;
    while (position < outer.end()) {
      Element child = read(sec1, position);
      if (child.tag() == CONTEXT_0) {
        Element oid = read(sec1, child.valueOffset());
        if (oid.tag() == OID) {
          curve = slice(sec1, child.valueOffset(), oid.end());
        }
      }
      position = child.end();
    }
    if (curve == null) {
      throw new IllegalArgumentException("EC PRIVATE KEY names no curve (no [0] parameters)");
    }
    byte[] algorithm = element(SEQUENCE, element(OID, OID_EC), curve);
    return element(SEQUENCE, new byte[] {INTEGER, 1, 0}, algorithm, element(OCTET_STRING, sec1));
  }
}
