package dev.courier.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Shorthand for {@code @ExtendWith(MockServerExtension.class)}: test methods may then declare a
 * {@link MockServer} parameter.
 *
 * <pre>{@code
 * @CourierTest
 * class ClientTest {
 *   @Test
 *   void retriesA503(MockServer server) { ... }
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(MockServerExtension.class)
public @interface CourierTest {}
