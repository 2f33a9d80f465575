package dev.courier.testsupport;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Waits made from outside the server's package, as a user's handler makes them: the server's loop
 * watchdog tells its own code's brief waits from a handler's by the package of the caller.
 */
public final class Waits {
  private Waits() {}

  /** Waits up to 30 s for {@code latch}; false when it never opened. */
  public static boolean await(CountDownLatch latch) throws InterruptedException {
    return latch.await(30, TimeUnit.SECONDS);
  }

  /** One byte (or -1) read from {@code socket}, waiting up to 30 s. */
  public static int readByte(Socket socket) throws IOException {
    socket.setSoTimeout(30_000);
    return socket.getInputStream().read();
  }
}
