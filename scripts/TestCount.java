import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Counts the tests in the surefire reports of every module: run, passed, failed, and skipped by
 * reason, on one line. With {@code --strict-interop} (./check in CI) it fails when a test that
 * drives a real peer (curl, nginx, python3, wrk, openssl) was skipped, naming what is missing.
 *
 * <pre>
 * java scripts/TestCount.java [--strict-interop] courier-core courier-cli
 * </pre>
 */
public final class TestCount {
  /** A skip that means a peer was not there: a test that should have talked to it did not run. */
  private static final Pattern PEER_SKIP = Pattern.compile(
      "(?i)\\b(curl|nginx|python3?|wrk|openssl|requests)\\b.*\\b(not installed|not available|missing|older)\\b"
          + "|\\b(not installed|not available)\\b");

  public static void main(String[] args) throws Exception {
    boolean strict = false;
    List<File> modules = new ArrayList<>();
    for (String a : args) {
      if (a.equals("--strict-interop")) strict = true;
      else modules.add(new File(a));
    }
    int run = 0;
    int failed = 0;
    Map<String, Integer> skipped = new TreeMap<>();
    Map<String, Integer> peerSkips = new TreeMap<>();
    var factory = DocumentBuilderFactory.newInstance();
    for (File module : modules) {
      File[] reports = new File(module, "target/surefire-reports")
          .listFiles((d, n) -> n.startsWith("TEST-") && n.endsWith(".xml"));
      if (reports == null) continue;
      for (File report : reports) {
        NodeList cases = factory.newDocumentBuilder().parse(report).getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
          Element c = (Element) cases.item(i);
          run++;
          if (c.getElementsByTagName("failure").getLength() > 0
              || c.getElementsByTagName("error").getLength() > 0) {
            failed++;
          }
          NodeList skip = c.getElementsByTagName("skipped");
          if (skip.getLength() == 0) continue;
          String message = message((Element) skip.item(0));
          String reason = reason(message);
          skipped.merge(reason, 1, Integer::sum);
          if (PEER_SKIP.matcher(message).find()) {
            peerSkips.merge(reason, 1, Integer::sum);
          }
        }
      }
    }
    int skips = skipped.values().stream().mapToInt(Integer::intValue).sum();
    StringBuilder line = new StringBuilder("check: " + run + " tests run, " + (run - skips - failed)
        + " passed, " + failed + " failed, " + skips + " skipped");
    if (skips > 0) {
      line.append(" (");
      skipped.forEach((reason, n) -> line.append(n).append(" ").append(reason).append("; "));
      line.setLength(line.length() - 2);
      line.append(")");
    }
    System.out.println(line);
    if (!peerSkips.isEmpty()) {
      String what = String.join("; ", peerSkips.entrySet().stream()
          .map(e -> e.getValue() + " " + e.getKey()).toList());
      if (strict) {
        System.out.println("check: FAILED in CI: interop tests skipped for a missing peer: " + what);
        System.exit(3);
      }
      System.err.println("check: warning: interop tests skipped for a missing peer: " + what);
    }
  }

  /** The skip message: the attribute, or the first line of the exception surefire recorded. */
  private static String message(Element skipped) {
    String m = skipped.getAttribute("message");
    if (m.isBlank()) m = skipped.getTextContent().strip().lines().findFirst().orElse("");
    m = m.replaceFirst("^[\\w.$]+(Exception|Error): ", "").replaceFirst("^Assumption failed: ", "");
    return m;
  }

  /** The reason without case details: text before the first colon or semicolon, modes folded. */
  private static String reason(String message) {
    if (message == null || message.isBlank()) return "(no reason given)";
    String r = message.strip();
    int cut = r.replaceAll("[;]", ":").indexOf(':');
    if (cut > 0) r = r.substring(0, cut);
    r = r.replaceAll("lenient llhttp mode \\S+", "lenient llhttp modes");
    return r.length() > 90 ? r.substring(0, 90) + "..." : r;
  }
}
