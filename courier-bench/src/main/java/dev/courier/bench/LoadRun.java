package dev.courier.bench;

/**
 * What one load generator run gives the harness: throughput, completed requests (the divisor of
 * the server's CPU and heap per request), three latency figures in the order the report prints
 * them, and errors. wrk gives latency percentiles (p50, p90, p99); h2load gives mean, standard
 * deviation and maximum.
 */
interface LoadRun {
  double requestsPerSecond();

  long requests();

  /** Three latency figures in milliseconds, in the report's column order. */
  double[] latencyMillis();

  long errors();
}
