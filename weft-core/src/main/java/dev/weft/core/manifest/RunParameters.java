package dev.weft.core.manifest;

import dev.weft.core.validate.Suggestions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Run parameters: the values declared under {@code params:}, overridden by {@code --set}, and the
 * substitution of {@code ${params.NAME}} in manifest strings. {@code $${} writes a literal
 * {@code ${}. References of other forms (upstream results) are left for the runtime.
 */
final class RunParameters {

  private static final Pattern REFERENCE = Pattern.compile("\\$\\$\\{|\\$\\{([^}]*)}");
  private static final String PREFIX = "params.";

  /** A reference that could not be resolved. */
  record Unresolved(String reference, String message, String hint) {}

  /** A string after substitution, or the first reference that failed. */
  record Result(Object value, Unresolved error) {}

  private final Map<String, String> values;
  private final Set<String> used = new TreeSet<>();

  /**
   * @param declared the manifest's {@code params:}; a {@code null} value means "must be set"
   * @param overrides the {@code --set} values
   */
  RunParameters(Map<String, String> declared, Map<String, String> overrides) {
    values = new LinkedHashMap<>(declared);
    values.putAll(overrides);
  }

  /** Every parameter with its value; {@code null} for a declared one nobody set. */
  Map<String, String> values() {
    return values;
  }

  /** Names of the parameters some string referred to. */
  Set<String> used() {
    return used;
  }

  /**
   * Substitutes the references in {@code text}. A string that is nothing but one reference takes
   * the type the value reads as: {@code --set n=5} makes {@code count: ${params.n}} the number 5.
   */
  Result substitute(String text) {
    if (text.indexOf('$') < 0) {
      return new Result(text, null);
    }
    Matcher m = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    int matches = 0;
    while (m.find()) {
      matches++;
      if (m.group(1) == null) {
        m.appendReplacement(out, Matcher.quoteReplacement("${"));
        continue;
      }
      String inner = m.group(1).trim();
      String replacement;
      if (inner.startsWith(PREFIX)) {
        String name = inner.substring(PREFIX.length());
        used.add(name);
        if (!values.containsKey(name)) {
          return failed(m.group(), "unknown run parameter '" + name + "'", hintFor(name));
        }
        replacement = values.get(name);
        if (replacement == null) {
          return failed(
              m.group(),
              "run parameter '" + name + "' has no value",
              "pass --set " + name + "=VALUE, or give it a default under params:");
        }
      } else if (!inner.contains(".")) {
        return failed(
            m.group(),
            "unknown reference '" + m.group() + "'",
            "run parameters are written ${params." + inner + "}");
      } else {
        replacement = m.group(); // resolved by the runtime
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    boolean whole = matches == 1 && text.startsWith("${") && text.endsWith("}");
    return new Result(whole ? typed(out.toString()) : out.toString(), null);
  }

  private String hintFor(String name) {
    return Suggestions.closest(name, values.keySet())
            .map(c -> "did you mean '" + c + "'? Otherwise declare")
            .orElse("declare")
        + " it under params: (e.g. params: {"
        + name
        + ": default}) or pass --set "
        + name
        + "=VALUE"
        + (values.isEmpty()
            ? ""
            : "; known parameters: " + String.join(", ", new TreeSet<>(values.keySet())));
  }

  private static Result failed(String reference, String message, String hint) {
    return new Result(null, new Unresolved(reference, message, hint));
  }

  private static Object typed(String value) {
    if (value.equals("true") || value.equals("false")) {
      return Boolean.valueOf(value);
    }
    try {
      return Long.valueOf(value);
    } catch (NumberFormatException notWhole) {
      try {
        return value.matches("-?\\d+\\.\\d+") ? Double.valueOf(value) : value;
      } catch (NumberFormatException notNumber) {
        return value;
      }
    }
  }
}
