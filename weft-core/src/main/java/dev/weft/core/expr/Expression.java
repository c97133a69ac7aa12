package dev.weft.core.expr;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Weft's small, safe expression language, used by task conditions ({@code when:}) and by the stream
 * runtime's {@code map} and {@code filter} nodes. It reads values and computes; it cannot call
 * Java, reflect, or change anything.
 *
 * <ul>
 *   <li>literals: {@code 42}, {@code 2.5}, {@code "text"} or {@code 'text'}, {@code true}, {@code
 *       false}, {@code null}
 *   <li>names and paths into maps and lists: {@code level}, {@code message.user.name}, {@code
 *       row["first name"]}, {@code items[0]}; {@code ${params.env}} reads the same as {@code
 *       params.env}; a missing key reads as {@code null}
 *   <li>operators: {@code || &&} (or {@code or and}), {@code !} (or {@code not}), {@code == != < <=
 *       > >=}, {@code + - * / %} ({@code +} joins when either side is text)
 *   <li>functions: {@code len lower upper trim contains startsWith endsWith int float str matches
 *       exists substr}
 * </ul>
 */
public final class Expression {

  private final String text;
  private final Expr root;

  private Expression(String text, Expr root) {
    this.text = text;
    this.root = root;
  }

  /**
   * Parses an expression.
   *
   * @throws ExpressionException with the column of the first problem
   */
  public static Expression parse(String text) {
    if (text == null || text.isBlank()) {
      throw new ExpressionException(1, "the expression is empty");
    }
    return new Expression(text, Parser.parse(text));
  }

  /** The expression as written. */
  public String text() {
    return text;
  }

  /**
   * A type error that can be seen before the expression runs, when the fields of {@code params} and
   * {@code status} are text (as run parameters and statuses are), or when {@code condition} says
   * the value must be true or false and is known not to be.
   */
  public Optional<ExpressionException> typeError(boolean condition) {
    Types types = new Types(Map.of("params", Types.Type.TEXT, "status", Types.Type.TEXT));
    Optional<ExpressionException> error = types.check(root);
    if (error.isPresent() || !condition) {
      return error;
    }
    Types.Type type = types.infer(root);
    return type == Types.Type.ANY || type == Types.Type.BOOLEAN
        ? Optional.empty()
        : Optional.of(
            new ExpressionException(1, "the value is " + type.words + ", not true or false"));
  }

  /** The names it reads at the top level, e.g. {@code params} for {@code params.env == "x"}. */
  public Set<String> names() {
    Set<String> names = new LinkedHashSet<>();
    walk(
        root,
        e -> {
          if (e instanceof Expr.Path p) {
            names.add(p.root());
          }
        });
    return names;
  }

  /**
   * A read of a named field of a top-level name: {@code params.env} reads field {@code env} of
   * {@code params}; {@code results.build.url} reads field {@code build} of {@code results}.
   *
   * @param column where the path starts in the expression (1-based)
   */
  public record Reference(String root, String field, int column) {}

  /** Every read of a named field of a top-level name, in the order written. */
  public List<Reference> references() {
    List<Reference> references = new ArrayList<>();
    walk(
        root,
        e -> {
          if (e instanceof Expr.Path p
              && !p.steps().isEmpty()
              && p.steps().getFirst() instanceof String f) {
            references.add(new Reference(p.root(), f, p.column()));
          }
        });
    return references;
  }

  /**
   * A reference compared with {@code ==} or {@code !=} to a text: {@code status.lint == 'failed'}.
   *
   * @param column where the text starts in the expression (1-based)
   */
  public record Comparison(Reference reference, String text, int column) {}

  /** Every comparison of a reference with a text, in the order written. */
  public List<Comparison> textComparisons() {
    List<Comparison> comparisons = new ArrayList<>();
    walk(
        root,
        e -> {
          if (e instanceof Expr.Binary b && (b.op().equals("==") || b.op().equals("!="))) {
            comparison(b.left(), b.right()).ifPresent(comparisons::add);
            comparison(b.right(), b.left()).ifPresent(comparisons::add);
          }
        });
    return comparisons;
  }

  private static Optional<Comparison> comparison(Expr path, Expr literal) {
    if (path instanceof Expr.Path p
        && p.steps().size() == 1
        && p.steps().getFirst() instanceof String field
        && literal instanceof Expr.Literal l
        && l.value() instanceof String text) {
      return Optional.of(
          new Comparison(new Reference(p.root(), field, p.column()), text, l.column()));
    }
    return Optional.empty();
  }

  /** Visits every part of the expression, outermost first. */
  private static void walk(Expr e, Consumer<Expr> visit) {
    visit.accept(e);
    switch (e) {
      case Expr.Unary u -> walk(u.operand(), visit);
      case Expr.Binary b -> {
        walk(b.left(), visit);
        walk(b.right(), visit);
      }
      case Expr.Call c -> c.args().forEach(a -> walk(a, visit));
      case Expr.Path p -> {}
      case Expr.Literal l -> {}
    }
  }

  /**
   * The value for these variables.
   *
   * @throws ExpressionException when a name is unknown or a value has the wrong type
   */
  public Object evaluate(Map<String, ?> variables) {
    return eval(root, variables);
  }

  /**
   * The value as a condition.
   *
   * @throws ExpressionException when it is not true or false
   */
  public boolean test(Map<String, ?> variables) {
    Object value = evaluate(variables);
    if (value instanceof Boolean b) {
      return b;
    }
    throw new ExpressionException(
        1, "'" + text + "' is " + describe(value) + ", not true or false");
  }

  @Override
  public String toString() {
    return text;
  }

  private Object eval(Expr e, Map<String, ?> vars) {
    return switch (e) {
      case Expr.Literal l -> l.value();
      case Expr.Path p -> path(p, vars);
      case Expr.Unary u -> unary(u, eval(u.operand(), vars));
      case Expr.Binary b -> binary(b, vars);
      case Expr.Call c -> call(c, c.args().stream().map(a -> eval(a, vars)).toList());
    };
  }

  private static Object path(Expr.Path p, Map<String, ?> vars) {
    if (!vars.containsKey(p.root())) {
      throw new ExpressionException(
          p.column(),
          "unknown name '"
              + p.root()
              + "'; known: "
              + String.join(", ", new java.util.TreeSet<>(vars.keySet())));
    }
    Object value = vars.get(p.root());
    for (Object step : p.steps()) {
      value =
          switch (value) {
            case Map<?, ?> map -> map.get(step instanceof Long n ? n.toString() : step);
            case List<?> list when step instanceof Long i ->
                i >= 0 && i < list.size() ? list.get(i.intValue()) : null;
            case null -> null;
            default ->
                throw new ExpressionException(
                    p.column(), "cannot read '" + step + "' of " + describe(value));
          };
    }
    return value;
  }

  private static Object unary(Expr.Unary u, Object value) {
    if (u.op().equals("!")) {
      return !bool(u, value);
    }
    return switch (value) {
      case Long l -> -l;
      case Double d -> -d;
      default -> throw type(u, "-", value);
    };
  }

  private Object binary(Expr.Binary b, Map<String, ?> vars) {
    switch (b.op()) {
      case "&&" -> {
        return bool(b, eval(b.left(), vars)) && bool(b, eval(b.right(), vars));
      }
      case "||" -> {
        return bool(b, eval(b.left(), vars)) || bool(b, eval(b.right(), vars));
      }
      default -> {}
    }
    Object l = eval(b.left(), vars);
    Object r = eval(b.right(), vars);
    return switch (b.op()) {
      case "==" -> same(l, r);
      case "!=" -> !same(l, r);
      case "<" -> compare(b, l, r) < 0;
      case "<=" -> compare(b, l, r) <= 0;
      case ">" -> compare(b, l, r) > 0;
      case ">=" -> compare(b, l, r) >= 0;
      case "+" ->
          l instanceof String || r instanceof String ? str(l) + str(r) : arithmetic(b, l, r);
      default -> arithmetic(b, l, r);
    };
  }

  private static boolean same(Object l, Object r) {
    if (l instanceof Number a && r instanceof Number c) {
      return a.doubleValue() == c.doubleValue();
    }
    return java.util.Objects.equals(l, r);
  }

  private static int compare(Expr.Binary b, Object l, Object r) {
    if (l instanceof Number a && r instanceof Number c) {
      return Double.compare(a.doubleValue(), c.doubleValue());
    }
    if (l instanceof String a && r instanceof String c) {
      return a.compareTo(c);
    }
    throw new ExpressionException(
        b.column(), "cannot compare " + describe(l) + " and " + describe(r) + " with " + b.op());
  }

  private static Object arithmetic(Expr.Binary b, Object l, Object r) {
    if (l instanceof Long x && r instanceof Long y) {
      return switch (b.op()) {
        case "+" -> x + y;
        case "-" -> x - y;
        case "*" -> x * y;
        case "%" -> y == 0 ? divideByZero(b) : x % y;
        default ->
            y == 0 ? divideByZero(b) : x % y == 0 ? (Object) (x / y) : (Object) ((double) x / y);
      };
    }
    if (l instanceof Number x && r instanceof Number y) {
      double a = x.doubleValue();
      double c = y.doubleValue();
      return switch (b.op()) {
        case "+" -> a + c;
        case "-" -> a - c;
        case "*" -> a * c;
        case "%" -> a % c;
        default -> a / c;
      };
    }
    throw new ExpressionException(
        b.column(), "cannot apply " + b.op() + " to " + describe(l) + " and " + describe(r));
  }

  private static Object divideByZero(Expr.Binary b) {
    throw new ExpressionException(b.column(), "division by zero");
  }

  private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

  private static Object call(Expr.Call c, List<Object> args) {
    int arity =
        switch (c.name()) {
          case "contains", "startsWith", "endsWith", "matches" -> 2;
          case "substr" -> 3;
          default -> 1;
        };
    if (args.size() != arity) {
      throw new ExpressionException(
          c.column(),
          c.name()
              + " takes "
              + arity
              + (arity == 1 ? " argument" : " arguments")
              + ", not "
              + args.size());
    }
    Object a = args.getFirst();
    return switch (c.name()) {
      case "len" ->
          switch (a) {
            case String s -> (long) s.length();
            case Collection<?> l -> (long) l.size();
            case Map<?, ?> m -> (long) m.size();
            default -> throw typeOf(c, a);
          };
      case "lower" -> text(c, a).toLowerCase(java.util.Locale.ROOT);
      case "upper" -> text(c, a).toUpperCase(java.util.Locale.ROOT);
      case "trim" -> text(c, a).strip();
      case "contains" ->
          switch (a) {
            case String s -> s.contains(str(args.get(1)));
            case Collection<?> l -> l.stream().anyMatch(x -> same(x, args.get(1)));
            case Map<?, ?> m -> m.containsKey(str(args.get(1)));
            default -> throw typeOf(c, a);
          };
      case "startsWith" -> text(c, a).startsWith(str(args.get(1)));
      case "endsWith" -> text(c, a).endsWith(str(args.get(1)));
      case "matches" ->
          PATTERNS.computeIfAbsent(str(args.get(1)), Pattern::compile).matcher(text(c, a)).find();
      case "int" -> toLong(c, a);
      case "float" -> a instanceof Number n ? n.doubleValue() : parseDouble(c, a);
      case "str" -> str(a);
      case "substr" -> substr(c, text(c, a), args.get(1), args.get(2));
      default -> a != null; // exists
    };
  }

  /** Characters {@code from} (inclusive) to {@code to} (exclusive), clamped to the text. */
  private static String substr(Expr.Call c, String s, Object from, Object to) {
    if (!(from instanceof Long f) || !(to instanceof Long t)) {
      throw new ExpressionException(c.column(), "substr takes a text and two whole numbers");
    }
    int start = Math.clamp(f, 0, s.length());
    return s.substring(start, Math.clamp(t, start, s.length()));
  }

  private static long toLong(Expr.Call c, Object a) {
    if (a instanceof Number n) {
      return n.longValue();
    }
    try {
      return Long.parseLong(text(c, a).strip());
    } catch (NumberFormatException e) {
      throw new ExpressionException(c.column(), "int: '" + a + "' is not a whole number");
    }
  }

  private static double parseDouble(Expr.Call c, Object a) {
    try {
      return Double.parseDouble(text(c, a).strip());
    } catch (NumberFormatException e) {
      throw new ExpressionException(c.column(), "float: '" + a + "' is not a number");
    }
  }

  private static String text(Expr.Call c, Object a) {
    if (a instanceof String s) {
      return s;
    }
    throw typeOf(c, a);
  }

  private static String str(Object value) {
    return value == null ? "null" : value.toString();
  }

  private static boolean bool(Expr e, Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    throw new ExpressionException(e.column(), describe(value) + " is not true or false");
  }

  private static ExpressionException type(Expr e, String op, Object value) {
    return new ExpressionException(e.column(), "cannot apply " + op + " to " + describe(value));
  }

  private static ExpressionException typeOf(Expr.Call c, Object value) {
    return new ExpressionException(c.column(), c.name() + " cannot take " + describe(value));
  }

  /** {@code the number 3}, {@code the text 'a'}, {@code null}... */
  static String describe(Object value) {
    return switch (value) {
      case null -> "null";
      case String s -> "the text '" + s + "'";
      case Number n -> "the number " + n;
      case Boolean b -> b.toString();
      case Map<?, ?> m -> "a map";
      case Collection<?> l -> "a list";
      default -> "a " + value.getClass().getSimpleName();
    };
  }
}
