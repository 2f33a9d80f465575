package dev.courier.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 support: gives each test method that declares a {@link MockServer} parameter a started
 * server (HTTPS when the parameter is annotated {@link Https}) and each {@link MockTransport}
 * parameter a fresh transport (mount it with {@code transport.session()}), closes servers after
 * the test, and, when the test failed, prints the requests each received to standard error.
 *
 * <pre>{@code
 * @ExtendWith(MockServerExtension.class)   // or @CourierTest
 * class UserClientTest {
 *   @Test
 *   void sendsTheName(MockServer server) {
 *     server.enqueue(MockResponse.json(Map.of("id", 7)));
 *     new UserClient(server.url("/")).create("Ada");
 *     assertEquals("/users", server.takeRequest().path());
 *   }
 * }
 * }</pre>
 *
 * <p>Needs {@code junit-jupiter-api} on the class path; the rest of the module does not.
 */
public final class MockServerExtension implements ParameterResolver, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(MockServerExtension.class);

  /** Marks a {@link MockServer} parameter that must speak HTTPS. */
  @Target(ElementType.PARAMETER)
  @Retention(RetentionPolicy.RUNTIME)
  public @interface Https {}

  /** Created by JUnit. */
  public MockServerExtension() {}

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == MockServer.class || type == MockTransport.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    if (parameter.getParameter().getType() == MockTransport.class) {
      MockTransport transport = MockTransport.create();
      transports(context).add(transport);
      return transport;
    }
    MockServer.Builder builder = MockServer.builder();
    if (parameter.isAnnotated(Https.class)) {
      builder.https();
    }
    MockServer server = builder.start();
    servers(context).add(server);
    return server;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    List<MockServer> servers = servers(context);
    if (context.getExecutionException().isPresent()) {
      for (MockServer server : servers) {
        System.err.println(report(context.getDisplayName(), server));
      }
      for (MockTransport transport : transports(context)) {
        System.err.println(report(context.getDisplayName(), transport));
      }
    }
    for (MockServer server : servers) {
      server.close(); // may throw: a response that could not be sent fails the test
    }
  }

  static String report(String test, RequestHistory mock) {
    StringBuilder text = new StringBuilder()
        .append(test).append(" failed; ").append(mock).append(" received:");
    List<RecordedRequest> received = mock.receivedRequests();
    if (received.isEmpty()) {
      text.append(" nothing");
    }
    for (RecordedRequest request : received) {
      text.append("\n  ").append(request.toString().replace("\n", "\n    "));
    }
    return text.toString();
  }

  @SuppressWarnings("unchecked")
  private static List<MockTransport> transports(ExtensionContext context) {
    return context.getStore(NAMESPACE).getOrComputeIfAbsent("transports",
        key -> new java.util.concurrent.CopyOnWriteArrayList<MockTransport>(), List.class);
  }

  @SuppressWarnings("unchecked")
  private static List<MockServer> servers(ExtensionContext context) {
    return context.getStore(NAMESPACE).getOrComputeIfAbsent("servers",
        key -> new java.util.concurrent.CopyOnWriteArrayList<MockServer>(), List.class);
  }
}
