package dev.courier.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP relay on 127.0.0.1 that holds every chunk of bytes for a fixed time in each direction, so
 * that a local server looks {@code 2 × delay} of round trip away over a link of unlimited
 * bandwidth. This machine's kernel has no {@code netem}, and a relay delays only the benchmark's
 * own connections. Each direction keeps at most {@link #MAX_QUEUED} bytes in flight; past that
 * it stops reading, and TCP pushes back on the sender as a full link buffer would.
 *
 * <p>Runs as its own process, so that its CPU is not counted against the client being measured:
 *
 * <pre>
 * java -cp benchmarks.jar dev.courier.bench.DelayRelay 18444 18443 20    # 40 ms round trip to :18443
 * </pre>
 *
 * <p>It prints {@code ready PORT} once listening (port 0 picks a free one).
 */
public final class DelayRelay {
  /** Bytes one direction holds before it stops reading: far above any window the clients use. */
  static final int MAX_QUEUED = 64 << 20;

  private static final byte[] END = new byte[0];

  private DelayRelay() {}

  /** The port clients connect to: a relay process in front of {@code target}, or {@code target} itself. */
  record Running(Process process, int port) implements AutoCloseable {
    /** Starts a relay process in front of 127.0.0.1:{@code target} for a round trip of {@code rttMillis}; none for 0. */
    static Running start(int target, int rttMillis) throws IOException {
      if (rttMillis <= 0) return new Running(null, target);
      String java = ProcessHandle.current().info().command().orElse("java");
      Process process = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
          DelayRelay.class.getName(), "0", Integer.toString(target), Integer.toString(rttMillis / 2))
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
      if (line == null || !line.startsWith("ready ")) {
        process.destroyForcibly();
        throw new IOException("the delay relay did not start: " + line);
      }
      return new Running(process, Integer.parseInt(line.substring(6).trim()));
    }

    @Override
    public void close() {
      if (process != null) process.destroyForcibly();
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      throw new IllegalArgumentException("usage: DelayRelay LISTEN_PORT TARGET_PORT ONE_WAY_DELAY_MS");
    }
    int target = Integer.parseInt(args[1]);
    long delayNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[2]));
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])));
      System.out.println("ready " + server.getLocalPort());
      System.out.flush();
      while (true) {
        Socket client = server.accept();
        Thread.ofPlatform().daemon().start(() -> relay(client, target, delayNanos));
      }
    }
  }

  private static void relay(Socket client, int target, long delayNanos) {
    try {
      Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
      client.setTcpNoDelay(true);
      upstream.setTcpNoDelay(true);
      Thread up = direction(client, upstream, delayNanos);
      Thread down = direction(upstream, client, delayNanos);
      up.join();
      down.join();
      upstream.close();
    } catch (IOException | InterruptedException e) {
      // the connection ends; the benchmark's client reports what it saw
    } finally {
      try {
        client.close();
      } catch (IOException ignored) {
        // already closed
      }
    }
  }

  /** A chunk read at {@code readNanos}, to be written at {@code readNanos + delay}. */
  private record Chunk(long readNanos, byte[] bytes) {}

  /** Starts copying {@code from} to {@code to} with the delay; the returned thread ends with it. */
  private static Thread direction(Socket from, Socket to, long delayNanos) {
    BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
    Semaphore room = new Semaphore(MAX_QUEUED);
    Thread writer = Thread.ofPlatform().daemon().start(() -> {
      try {
        OutputStream out = to.getOutputStream(); // not closed here: that would close the socket both ways
        while (true) {
          Chunk chunk = queue.take();
          long wait;
          while ((wait = chunk.readNanos() + delayNanos - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
          if (chunk.bytes() == END) {
            to.shutdownOutput();
            return;
          }
          out.write(chunk.bytes());
          room.release(chunk.bytes().length);
        }
      } catch (IOException | InterruptedException e) {
        closeQuietly(from);
        room.release(MAX_QUEUED); // a reader waiting for room sees the closed socket instead
      }
    });
    Thread.ofPlatform().daemon().start(() -> {
      byte[] buffer = new byte[256 * 1024];
      try {
        InputStream in = from.getInputStream();
        int n;
        while ((n = in.read(buffer)) > 0) {
          room.acquire(n);
          byte[] bytes = new byte[n];
          System.arraycopy(buffer, 0, bytes, 0, n);
          queue.add(new Chunk(System.nanoTime(), bytes));
        }
      } catch (IOException | InterruptedException e) {
        // the reading side ended: pass the end on after the delay, as a FIN would travel
      }
      queue.add(new Chunk(System.nanoTime(), END));
    });
    return writer;
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
