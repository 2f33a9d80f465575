package dev.courier.testing;

import dev.courier.http.Headers;

/**
 * One recorded exchange of a {@link Cassette}, as it stands in the file (secrets already
 * redacted): the request as it went on the wire and the response as it came off it (the body still
 * encoded when {@code Content-Encoding} says so).
 */
record Episode(String method, String url, Headers requestHeaders, byte[] requestBody,
    int status, String reason, Headers responseHeaders, byte[] responseBody) {}
