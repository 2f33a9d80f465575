package dev.courier.http;

/**
 * {@code remove_dot_segments} from RFC 3986, Section 5.2.4.
 *
 * <p>A segment counts as "." or ".." also when its dots are written {@code %2E} (either case):
 * the WHATWG URL standard does the same, and a server that decodes before it normalizes would
 * otherwise see a different path than the one we checked.
 */
final class DotSegments {
  private DotSegments() {}

  static String remove(String path) {
    if (!hasDotSegment(path)) {
      return path; // the common case ("/small.json"): nothing to remove, nothing to copy
    }
    StringBuilder out = new StringBuilder(path.length());
    int n = path.length();
    int i = 0;
    while (i < n) {
      boolean slash = path.charAt(i) == '/';
      int segStart = slash ? i + 1 : i;
      int segEnd = path.indexOf('/', segStart);
      if (segEnd < 0) {
        segEnd = n;
      }
      int dots = dots(path, segStart, segEnd);
      boolean atEnd = segEnd == n;
      if (!slash && dots > 0) {
        // A: remove a leading "../" or "./"; D: "." or ".." alone is removed.
        i = atEnd ? n : segEnd + 1;
      } else if (slash && dots == 1) {
        // B: "/./" becomes "/"; a final "/." becomes "/".
        if (atEnd) {
          out.append('/');
          i = n;
        } else {
          i = segEnd;
        }
      } else if (slash && dots == 2) {
        // C: "/../" becomes "/" and the last output segment goes away.
        int lastSlash = out.lastIndexOf("/");
        out.setLength(Math.max(lastSlash, 0));
        if (atEnd) {
          out.append('/');
          i = n;
        } else {
          i = segEnd;
        }
      } else {
        // E: move the first segment (with its leading "/") to the output.
        out.append(path, i, segEnd);
        i = segEnd;
      }
    }
    return out.toString();
  }

  /** Whether any segment is "." or ".." (dots possibly written %2E): only then is there work. */
  private static boolean hasDotSegment(String path) {
    if (path.indexOf('.') < 0 && path.indexOf('%') < 0) {
      return false;
    }
    int n = path.length();
    int segStart = 0;
    while (segStart <= n) {
      int segEnd = path.indexOf('/', segStart);
      if (segEnd < 0) {
        segEnd = n;
      }
      if (dots(path, segStart, segEnd) > 0) {
        return true;
      }
      segStart = segEnd + 1;
    }
    return false;
  }

  /** 1 for ".", 2 for "..", 0 otherwise; a dot may be written %2E or %2e. */
  private static int dots(String path, int start, int end) {
    int count = 0;
    int i = start;
    while (i < end) {
      if (path.charAt(i) == '.') {
        i++;
      } else if (i + 2 < end && path.charAt(i) == '%' && path.charAt(i + 1) == '2'
          && (path.charAt(i + 2) == 'e' || path.charAt(i + 2) == 'E')) {
        i += 3;
      } else {
        return 0;
      }
      count++;
      if (count > 2) {
        return 0;
      }
    }
    return count;
  }
}
