package dev.courier.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code courier --version}: the build's version and the JVM's. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"courier " + Version.current(), "Java " + Runtime.version()};
  }
}
