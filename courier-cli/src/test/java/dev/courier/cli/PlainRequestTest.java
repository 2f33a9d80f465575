package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * {@link PlainRequest} reads a command line exactly as picocli does, or leaves it to picocli:
 * every option spelling of {@link RequestOptions}, the defaults, the verbs, and HTTPie's parity
 * table give the same options, method and items both ways, and the same printed request.
 */
class PlainRequestTest {
  @TempDir static Path dir;

  /** What picocli makes of a command line: the options, the verb's method (or null) and the items. */
  private record Reading(Map<String, Object> options, String method, List<String> args) {}

  private static Reading picocli(String... argv) {
    // The model and argument order Main.runWithPicocli uses
    Io io = io(new ByteArrayOutputStream());
    String[] ordered = Main.ordered(io, argv);
    ParseResult parsed = Main.commandLineFor(io, ordered).parseArgs(ordered);
    if (parsed.subcommand() != null) {
      VerbCommand verb = (VerbCommand) parsed.subcommand().commandSpec().userObject();
      return new Reading(fields(verb.options), parsed.subcommand().commandSpec().name().toUpperCase(Locale.ROOT),
          verb.args);
    }
    Main main = (Main) parsed.commandSpec().userObject();
    return new Reading(fields(main.options), null, main.args);
  }

  private static Reading plain(String... argv) {
    PlainRequest plain = PlainRequest.recognise(argv);
    assertThat(plain).as("read without picocli: %s", List.of(argv)).isNotNull();
    return new Reading(fields(plain.options()), plain.method(), plain.args());
  }

  /** Every field of the options, arrays as lists, so two readings compare with equals. */
  private static Map<String, Object> fields(RequestOptions options) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Field field : RequestOptions.class.getDeclaredFields()) {
      try {
        Object value = field.get(options);
        values.put(field.getName(), value instanceof boolean[] flags ? Arrays.toString(flags) : value);
      } catch (IllegalAccessException e) {
        throw new AssertionError(e);
      }
    }
    return values;
  }

  /** Each spelling of each option, with a value of its type when it takes one. */
  static Stream<List<String>> everyOptionSpelling() {
    List<List<String>> lines = new ArrayList<>();
    for (Field field : RequestOptions.class.getDeclaredFields()) {
      Option option = field.getAnnotation(Option.class);
      if (option == null || field.getType() == boolean[].class) continue; // -x/-xx: picocli's
      String value = field.getType() == int.class ? "7"
          : field.getType() == Double.class ? "2.5"
          : field.getType() == Path.class ? "out.txt" : "v:1";
      for (String name : option.names()) {
        if (field.getType() == boolean.class) {
          lines.add(List.of(name, "example.org"));
        } else {
          lines.add(List.of(name, value, "example.org"));
          lines.add(List.of("example.org", name, value));
          if (name.startsWith("--")) lines.add(List.of(name + "=" + value, "example.org"));
        }
      }
    }
    return lines.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyOptionSpelling")
  void eachOptionSpellingReadsAsPicocliReadsIt(List<String> line) {
    String[] argv = line.toArray(String[]::new);
    assertThat(plain(argv)).isEqualTo(picocli(argv));
  }

  @Test
  void defaultsAreThoseOfPicocli() {
    assertThat(plain("example.org")).isEqualTo(picocli("example.org"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "get example.org", "post example.org a=1", "-v put example.org a=1", "-f --follow delete example.org x==1",
      "GET example.org", "PROPFIND example.org", "example.org get", "options example.org --check-status",
      "--timeout 1.5 head example.org -p Hh", "example.org --max-redirects=3 --follow", "example.org ''",
      "example.org @body.json", "--raw x=1 example.org"})
  void verbsAndItemsReadAsPicocliReadsThem(String line) {
    String[] argv = Stream.of(line.split(" ")).map(a -> a.equals("''") ? "" : a).toArray(String[]::new);
    assertThat(plain(argv)).isEqualTo(picocli(argv));
  }

  /** The HTTPie parity table, as HttpieParityTest runs it: every line is read without picocli. */
  static Stream<List<String>> parityLines() {
    return HttpieParityTest.commandLines().map(line -> {
      List<String> argv = new ArrayList<>(List.of("--offline", "-p", "HB", "--pretty", "none", "--boundary", "b0undary"));
      Stream.of(line.split(" ")).map(a -> a.replace('~', ' ')).forEach(argv::add);
      return argv;
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parityLines")
  void parityTableGivesTheSameRequestBothWays(List<String> line) throws Exception {
    HttpieParityTest.files(dir);
    String[] argv = line.toArray(String[]::new);
    assertThat(plain(argv)).isEqualTo(picocli(argv));

    ByteArrayOutputStream viaPlain = new ByteArrayOutputStream();
    ByteArrayOutputStream viaPicocli = new ByteArrayOutputStream();
    int plainStatus = Main.run(io(viaPlain), argv);
    int picocliStatus = Main.runWithPicocli(io(viaPicocli), argv);
    assertThat(plainStatus).isEqualTo(picocliStatus).isZero();
    assertThat(viaPlain.toString(StandardCharsets.UTF_8)).isNotEmpty().isEqualTo(viaPicocli.toString(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "--help", "--version", "get", "-v", "help", "example.org help", "serve", "demo --serve", "completion bash",
      "generate-completion", "-- example.org", "-vb example.org", "-v -v example.org", "--verbose -v example.org",
      "-x example.org a=1", "-xx example.org a=1", "--pretty", "--raw -v example.org", "--raw= example.org",
      "--timeout 1e3 example.org", "--timeout -1 example.org", "--timeout 5. example.org",
      "--max-redirects +3 example.org", "--max-redirects 0x10 example.org", "--verbose=true example.org",
      "-p=Hh example.org", "-pHh example.org", "--unknown example.org", "- example.org", "example.org -",
      "--session help example.org", "-o"})
  void leavesToPicocliWhatItIsNotSureOf(String line) {
    String[] argv = line.isEmpty() ? new String[0] : line.split(" ");
    assertThat(PlainRequest.recognise(argv)).isNull();
  }

  private static Io io(ByteArrayOutputStream out) {
    PrintStream stream = new PrintStream(out, true, StandardCharsets.UTF_8);
    return new Io(new ByteArrayInputStream(new byte[0]), true, stream, false, stream, false, Map.of(),
        Objects.requireNonNull(dir));
  }
}
