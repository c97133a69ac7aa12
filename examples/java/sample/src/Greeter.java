/** The project the example pipeline builds: one class and its checks. */
public final class Greeter {
  public static String greet(String name) {
    return "Hello, " + name + "!";
  }

  public static void checkGreeting() {
    if (!greet("Weft").equals("Hello, Weft!")) {
      throw new AssertionError("greet(\"Weft\") is " + greet("Weft"));
    }
  }
}
