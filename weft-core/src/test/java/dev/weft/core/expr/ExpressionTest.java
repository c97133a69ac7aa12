package dev.weft.core.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpressionTest {

  private static final Map<String, Object> VARS =
      Map.of(
          "params", Map.of("env", "prod", "count", "3"),
          "message",
              Map.of(
                  "level",
                  "error",
                  "ms",
                  250L,
                  "user",
                  Map.of("name", "Ada"),
                  "tags",
                  List.of("a", "b"),
                  "first name",
                  "Grace"));

  private static Object eval(String text) {
    return Expression.parse(text).evaluate(VARS);
  }

  @Test
  void pathsOperatorsAndFunctionsEvaluate() {
    assertThat(eval("${params.env} == \"prod\"")).isEqualTo(true);
    assertThat(eval("params.env == 'prod' && message.ms > 100")).isEqualTo(true);
    assertThat(eval("message.level != 'error' or not (message.ms < 300)")).isEqualTo(false);
    assertThat(eval("message.user.name + '!'")).isEqualTo("Ada!");
    assertThat(eval("message[\"first name\"]")).isEqualTo("Grace");
    assertThat(eval("message.tags[1]")).isEqualTo("b");
    assertThat(eval("message.missing")).isNull();
    assertThat(eval("exists(message.missing)")).isEqualTo(false);
    assertThat(eval("int(params.count) * 2 + 1")).isEqualTo(7L);
    assertThat(eval("message.ms / 100")).isEqualTo(2.5);
    assertThat(eval("message.ms / 50")).isEqualTo(5L);
    assertThat(eval("-message.ms % 7")).isEqualTo(-5L);
    assertThat(eval("len(message.tags) == 2 && contains(message.tags, 'a')")).isEqualTo(true);
    assertThat(eval("upper(message.level)")).isEqualTo("ERROR");
    assertThat(eval("matches(message.user.name, '^A')")).isEqualTo(true);
    assertThat(eval("3 == 3.0")).isEqualTo(true);
    assertThat(eval("substr(message.user.name, 1, 99)")).isEqualTo("da");
  }

  @Test
  void theNamesAnExpressionReadsAreKnownBeforeItRuns() {
    assertThat(Expression.parse("params.env == 'x' && len(results.build) > 0").names())
        .containsExactly("params", "results");
  }

  @Test
  void referencesAndTextComparisonsAreListedWithTheirColumns() {
    Expression e =
        Expression.parse("${params.env} == 'prod' && status.lint != 'failed' || results.b.x > 1");

    assertThat(e.references())
        .containsExactly(
            new Expression.Reference("params", "env", 3),
            new Expression.Reference("status", "lint", 28),
            new Expression.Reference("results", "b", 55));
    assertThat(e.textComparisons())
        .containsExactly(
            new Expression.Comparison(new Expression.Reference("params", "env", 3), "prod", 18),
            new Expression.Comparison(
                new Expression.Reference("status", "lint", 28), "failed", 43));
  }

  @Test
  void parseErrorsGiveTheColumn() {
    assertThatThrownBy(() -> Expression.parse("level == "))
        .isInstanceOf(ExpressionException.class)
        .hasMessage("the expression ends too soon at column 10");
    assertThatThrownBy(() -> Expression.parse("lenn(x)"))
        .hasMessage("unknown function 'lenn'; did you mean 'len'? at column 1");
    assertThatThrownBy(() -> Expression.parse("int(qty) * floot(price)"))
        .hasMessage("unknown function 'floot'; did you mean 'float'? at column 12");
    assertThatThrownBy(() -> Expression.parse("zzz(x)"))
        .hasMessageStartingWith("unknown function 'zzz'; known functions: contains, endsWith");
    assertThatThrownBy(() -> Expression.parse("a == 'open"))
        .hasMessage("a string is not closed at column 6");
    assertThatThrownBy(() -> Expression.parse("a b")).hasMessage("unexpected 'b' at column 3");
    assertThat(
            org.assertj.core.api.Assertions.catchThrowableOfType(
                    ExpressionException.class, () -> Expression.parse("(a"))
                .column())
        .isEqualTo(3);
  }

  @Test
  void wrongTypesAndUnknownNamesAreClearErrors() {
    assertThatThrownBy(() -> eval("message.level > 3"))
        .hasMessage("cannot compare the text 'error' and the number 3 with >");
    assertThatThrownBy(() -> eval("nope == 1"))
        .hasMessage("unknown name 'nope'; known: message, params")
        .satisfies(e -> assertThat(((ExpressionException) e).column()).isEqualTo(1));
    assertThatThrownBy(() -> Expression.parse("message.ms").test(VARS))
        .hasMessage("'message.ms' is the number 250, not true or false");
    assertThatThrownBy(() -> eval("message.ms / 0")).hasMessage("division by zero");
    assertThatThrownBy(() -> eval("len(1, 2)")).hasMessage("len takes 1 argument, not 2");
  }
}
