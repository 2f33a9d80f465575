package dev.courier.http;

import java.util.Optional;

/**
 * The five classes of HTTP status codes, named by the first digit (RFC 9110, Section 15). Works
 * for every valid code, registered or not, so a client that receives {@code 299} still knows it
 * succeeded.
 *
 * <pre>{@code
 * StatusClass.of(299);                       // SUCCESS
 * StatusClass.of(404).isError();             // true
 * StatusClass.lookup(600);                   // Optional.empty(): not a valid status code
 * }</pre>
 */
public enum StatusClass {
  /** 1xx: the request was received and processing continues (RFC 9110, Section 15.2). */
  INFORMATIONAL,
  /** 2xx: the request was received, understood and accepted (RFC 9110, Section 15.3). */
  SUCCESS,
  /** 3xx: further action is needed to complete the request (RFC 9110, Section 15.4). */
  REDIRECTION,
  /** 4xx: the request is wrong or cannot be fulfilled (RFC 9110, Section 15.5). */
  CLIENT_ERROR,
  /** 5xx: the server failed to fulfil a valid request (RFC 9110, Section 15.6). */
  SERVER_ERROR;

  private static final StatusClass[] BY_DIGIT = {
    null, INFORMATIONAL, SUCCESS, REDIRECTION, CLIENT_ERROR, SERVER_ERROR
  };

  /**
   * The class of a status code.
   *
   * @throws IllegalArgumentException when {@code code} is outside 100..599 (see {@link
   *     HttpStatus#isValidCode(int)})
   */
  public static StatusClass of(int code) {
    if (!HttpStatus.isValidCode(code)) {
      throw new IllegalArgumentException(
          "invalid HTTP status code " + code + ": expected three digits in 100..599");
    }
    return BY_DIGIT[code / 100];
  }

  /** The class of a status code, or empty when {@code code} is outside 100..599. */
  public static Optional<StatusClass> lookup(int code) {
    return HttpStatus.isValidCode(code) ? Optional.of(BY_DIGIT[code / 100]) : Optional.empty();
  }

  /** The first digit shared by the codes of this class: 1 for 1xx ... 5 for 5xx. */
  public int digit() {
    return ordinal() + 1;
  }

  /** True when {@code code} is a valid code of this class. */
  public boolean contains(int code) {
    return HttpStatus.isValidCode(code) && code / 100 == digit();
  }

  /** True for {@link #CLIENT_ERROR} and {@link #SERVER_ERROR}. */
  public boolean isError() {
    return this == CLIENT_ERROR || this == SERVER_ERROR;
  }
}
