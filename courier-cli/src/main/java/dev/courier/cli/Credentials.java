package dev.courier.cli;

import dev.courier.Auth;
import java.io.Console;
import java.util.Locale;

/**
 * {@code --auth} and {@code --auth-type} as an {@link Auth}: {@code user:pass} (split at the
 * first colon, so a password may hold colons), {@code user} alone (the password is asked for on
 * the terminal without echo), or a bearer token. Without {@code --auth}, credentials for the
 * host come from {@code ~/.netrc} unless {@code --ignore-netrc}.
 *
 * <pre>{@code
 * Credentials.of(options, io);   // basic ada:****, or netrc, or null
 * }</pre>
 */
final class Credentials {
  private Credentials() {}

  /** The auth to use, or null for none. */
  static Auth of(RequestOptions o, Io io) {
    String type = o.authType.toLowerCase(Locale.ROOT);
    if (!type.equals("basic") && !type.equals("digest") && !type.equals("bearer")) {
      throw new BadItemException("--auth-type " + o.authType + ": expected basic, digest or bearer");
    }
    if (o.auth == null) return o.ignoreNetrc ? null : Auth.netrc();
    if (type.equals("bearer")) return Auth.bearer(o.auth);
    int colon = o.auth.indexOf(':');
    String user = colon < 0 ? o.auth : o.auth.substring(0, colon);
    String password = colon < 0 ? prompt(user, io) : o.auth.substring(colon + 1);
    return type.equals("digest") ? Auth.digest(user, password) : Auth.basic(user, password);
  }

  private static String prompt(String user, Io io) {
    // Both: the run's stdin (tests say) and the process's real one must be a terminal to ask.
    Console console = io.stdinTerminal() && Terminal.isTerminal(0) ? System.console() : null;
    if (console == null) {
      throw new BadItemException("--auth " + user + ": no password given and no terminal to ask for it (use user:password)");
    }
    char[] password = console.readPassword("courier: password for %s: ", user);
    if (password == null) throw new BadItemException("--auth " + user + ": no password given");
    return new String(password);
  }
}
