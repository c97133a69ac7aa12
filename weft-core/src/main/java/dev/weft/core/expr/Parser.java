package dev.weft.core.expr;

import dev.weft.core.validate.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Recursive descent over the expression text; precedence from {@code ||} down to unary. */
final class Parser {

  static final Set<String> FUNCTIONS =
      Set.of(
          "len",
          "lower",
          "upper",
          "trim",
          "contains",
          "startsWith",
          "endsWith",
          "int",
          "float",
          "str",
          "matches",
          "exists",
          "substr");

  private final String text;
  private int pos;

  private Parser(String text) {
    this.text = text;
  }

  static Expr parse(String text) {
    Parser parser = new Parser(text);
    Expr expr = parser.or();
    parser.skipSpace();
    if (parser.pos < text.length()) {
      throw parser.error("unexpected '" + text.charAt(parser.pos) + "'");
    }
    return expr;
  }

  private ExpressionException error(String message) {
    return new ExpressionException(pos + 1, message + " at column " + (pos + 1));
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private boolean take(String token) {
    skipSpace();
    if (text.startsWith(token, pos)) {
      boolean word = Character.isLetter(token.charAt(0));
      int end = pos + token.length();
      if (word && end < text.length() && Character.isLetterOrDigit(text.charAt(end))) {
        return false;
      }
      pos = end;
      return true;
    }
    return false;
  }

  private Expr or() {
    Expr left = and();
    while (true) {
      int at = pos;
      if (take("||") || take("or")) {
        left = new Expr.Binary(at + 1, "||", left, and());
      } else {
        return left;
      }
    }
  }

  private Expr and() {
    Expr left = comparison();
    while (true) {
      int at = pos;
      if (take("&&") || take("and")) {
        left = new Expr.Binary(at + 1, "&&", left, comparison());
      } else {
        return left;
      }
    }
  }

  private Expr comparison() {
    Expr left = additive();
    for (String op : List.of("==", "!=", "<=", ">=", "<", ">")) {
      int at = pos;
      if (take(op)) {
        return new Expr.Binary(at + 1, op, left, additive());
      }
    }
    return left;
  }

  private Expr additive() {
    Expr left = multiplicative();
    while (true) {
      int at = pos;
      if (take("+")) {
        left = new Expr.Binary(at + 1, "+", left, multiplicative());
      } else if (take("-")) {
        left = new Expr.Binary(at + 1, "-", left, multiplicative());
      } else {
        return left;
      }
    }
  }

  private Expr multiplicative() {
    Expr left = unary();
    while (true) {
      int at = pos;
      if (take("*")) {
        left = new Expr.Binary(at + 1, "*", left, unary());
      } else if (take("/")) {
        left = new Expr.Binary(at + 1, "/", left, unary());
      } else if (take("%")) {
        left = new Expr.Binary(at + 1, "%", left, unary());
      } else {
        return left;
      }
    }
  }

  private Expr unary() {
    int at = pos;
    if (take("!") || take("not")) {
      return new Expr.Unary(at + 1, "!", unary());
    }
    if (take("-")) {
      return new Expr.Unary(at + 1, "-", unary());
    }
    return primary();
  }

  private Expr primary() {
    skipSpace();
    int at = pos;
    if (pos >= text.length()) {
      throw error("the expression ends too soon");
    }
    char c = text.charAt(pos);
    if (take("(")) {
      Expr inner = or();
      expect(")");
      return inner;
    }
    if (take("${")) { // ${params.env}: the manifest's reference syntax reads as the path inside
      Expr path = path();
      expect("}");
      return path;
    }
    if (c == '"' || c == '\'') {
      return new Expr.Literal(at + 1, string(c));
    }
    if (Character.isDigit(c)) {
      return new Expr.Literal(at + 1, number());
    }
    if (Character.isLetter(c) || c == '_') {
      return path();
    }
    throw error("unexpected '" + c + "'");
  }

  private Expr path() {
    skipSpace();
    int at = pos;
    String root = name();
    switch (root) {
      case "true" -> {
        return new Expr.Literal(at + 1, true);
      }
      case "false" -> {
        return new Expr.Literal(at + 1, false);
      }
      case "null" -> {
        return new Expr.Literal(at + 1, null);
      }
      default -> {}
    }
    if (take("(")) {
      if (!FUNCTIONS.contains(root)) {
        pos = at;
        throw error(
            "unknown function '"
                + root
                + "'; "
                + Suggestions.didYouMean(root, FUNCTIONS, "known functions"));
      }
      List<Expr> args = new ArrayList<>();
      if (!take(")")) {
        do {
          args.add(or());
        } while (take(","));
        expect(")");
      }
      return new Expr.Call(at + 1, root, args);
    }
    List<Object> steps = new ArrayList<>();
    while (true) {
      if (take(".")) {
        steps.add(name());
      } else if (take("[")) {
        skipSpace();
        char q = pos < text.length() ? text.charAt(pos) : ' ';
        steps.add(q == '"' || q == '\'' ? string(q) : number());
        expect("]");
      } else {
        return new Expr.Path(at + 1, root, steps);
      }
    }
  }

  private String name() {
    skipSpace();
    int start = pos;
    while (pos < text.length()
        && (Character.isLetterOrDigit(text.charAt(pos))
            || text.charAt(pos) == '_'
            || text.charAt(pos) == '-' && pos > start)) {
      pos++;
    }
    if (start == pos) {
      throw error("a name was expected");
    }
    return text.substring(start, pos);
  }

  private String string(char quote) {
    int start = pos;
    pos++;
    StringBuilder out = new StringBuilder();
    while (pos < text.length() && text.charAt(pos) != quote) {
      char c = text.charAt(pos++);
      if (c == '\\' && pos < text.length()) {
        c = text.charAt(pos++);
        c = c == 'n' ? '\n' : c == 't' ? '\t' : c;
      }
      out.append(c);
    }
    if (pos >= text.length()) {
      pos = start;
      throw error("a string is not closed");
    }
    pos++;
    return out.toString();
  }

  private Object number() {
    int start = pos;
    while (pos < text.length()
        && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
      pos++;
    }
    String digits = text.substring(start, pos);
    try {
      return digits.contains(".")
          ? (Object) Double.parseDouble(digits)
          : (Object) Long.parseLong(digits);
    } catch (NumberFormatException e) {
      pos = start;
      throw error("bad number '" + digits + "'");
    }
  }

  private void expect(String token) {
    if (!take(token)) {
      throw error("'" + token + "' expected");
    }
  }
}
