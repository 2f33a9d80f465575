/** JMH and load benchmarks of Courier against its peers. Never part of the library. */
package dev.courier.bench;
