/**
 * Courier: an HTTP toolkit for Java. The requests-style client ({@code dev.courier}), one
 * exception tree ({@code dev.courier.error}), the HTTP
 * vocabulary ({@code dev.courier.http}), a sans-I/O HTTP/1.1 codec ({@code dev.courier.http.wire}),
 * byte transports ({@code dev.courier.net}), the low-level client ({@code dev.courier.client}),
 * cookies ({@code dev.courier.cookies}) and an embedded server ({@code dev.courier.server}).
 */
module dev.courier {
  requires transitive com.fasterxml.jackson.databind;

  exports dev.courier;
  exports dev.courier.error;
  exports dev.courier.http;
  exports dev.courier.http.wire;
  exports dev.courier.http.h2;
  exports dev.courier.cookies;
  exports dev.courier.net;
  exports dev.courier.client;
  exports dev.courier.server;
  exports dev.courier.server.httpbin;
}
