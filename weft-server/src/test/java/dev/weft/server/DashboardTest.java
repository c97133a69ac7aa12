package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.weft.tasks.store.StoreFixture;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The dashboard in a real browser (headless chromium), against a real server and store. */
class DashboardTest {

  @TempDir Path dir;
  private Served served;
  private Browser browser;

  private void open(ServerConfig config) {
    served = new Served(StoreFixture.Kind.SQLITE, dir, config);
    browser = new Browser(dir.resolve("profile"));
  }

  @AfterEach
  void close() {
    if (browser != null) {
      browser.close();
    }
    if (served != null) {
      served.close();
    }
  }

  private String page(String hash) {
    return served.uri("/").toString() + hash;
  }

  private WebElement node(String id) {
    return browser.wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector(".node[data-node='" + id + "']")));
  }

  private void waitForStatus(String node, String status) {
    browser.wait.until(d -> node(node).getAttribute("class").contains("s-" + status));
  }

  @Test
  void aRunSubmittedFromTheDashboardTurnsGreenWithoutAReload() throws Exception {
    open(ServerConfig.defaults());
    browser.driver.get(page("#/submit"));
    Object loadedAt = browser.driver.executeScript("return window.weftLoadedAt");
    WebElement manifest = browser.driver.findElement(By.id("manifest"));
    browser.driver.executeScript(
        "arguments[0].value = arguments[1]",
        manifest,
        """
        weft: 1
        name: from-the-browser
        kind: tasks
        nodes:
          - { id: pause, type: sleep, with: { duration: 1500ms } }
          - { id: greet, type: echo, after: [pause], with: { message: hi } }
        """);
    browser.driver.findElement(By.id("go")).click();

    browser.wait.until(ExpectedConditions.urlMatches("#/run/\\d+$"));
    String before = node("greet").getAttribute("class");
    waitForStatus("greet", "succeeded");
    browser.screenshot("run-succeeded");

    assertThat(before).doesNotContain("s-succeeded"); // it changed while the page watched
    assertThat(browser.driver.executeScript("return window.weftLoadedAt")).isEqualTo(loadedAt);
    // the changes came through the event stream
    assertThat((Long) browser.driver.executeScript("return window.weftEventsSeen")).isPositive();
    assertThat(browser.driver.findElement(By.id("run-status")).getText()).isEqualTo("succeeded");
  }

  @Test
  void retryOnAFailedRunMakesItSucceed() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    HttpServer flaky = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    flaky.createContext(
        "/",
        exchange -> {
          int status = calls.incrementAndGet() == 1 ? 500 : 200;
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    flaky.start();
    try {
      open(ServerConfig.defaults());
      String url = "http://127.0.0.1:" + flaky.getAddress().getPort() + "/deploy";
      JsonNode run =
          served.result(
              "runs.submit",
              "{\"manifest\": \"weft: 1\\nname: flaky\\nkind: tasks\\nnodes:\\n"
                  + "  - {id: call, type: http, with: {url: '"
                  + url
                  + "'}}\\n  - {id: after, type: noop, after: [call]}\\n\"}",
              null);
      browser.driver.get(page("#/run/" + run.get("id").asLong()));
      waitForStatus("call", "failed");
      waitForStatus("after", "upstream-failed");
      browser.screenshot("run-failed");

      browser.driver.findElement(By.id("retry")).click();

      waitForStatus("call", "succeeded");
      waitForStatus("after", "succeeded");
      browser.wait.until(d -> d.findElement(By.id("run-status")).getText().equals("succeeded"));
      browser.screenshot("run-retried");
      assertThat(calls).hasValue(2);
    } finally {
      flaky.stop(0);
    }
  }

  @Test
  void aTaskShowsItsAttemptsResultAndLog() throws Exception {
    open(ServerConfig.defaults());
    JsonNode run =
        served.result(
            "runs.submit",
            "{\"manifest\": \"weft: 1\\nname: one\\nkind: tasks\\nnodes:\\n"
                + "  - {id: say, type: echo, with: {message: 'hello there'}}\\n\"}",
            null);
    browser.driver.get(page("#/run/" + run.get("id").asLong()));
    waitForStatus("say", "succeeded");

    node("say").click();

    browser.wait.until(d -> d.findElement(By.id("task")).getText().contains("\"hello there\""));
    String panel = browser.driver.findElement(By.id("task")).getText();
    assertThat(panel).contains("say").contains("succeeded").contains("1 attempt(s)");
  }

  @Test
  void aThousandTasksAreDrawnAndFollowed() throws Exception {
    open(ServerConfig.defaults());
    StringBuilder manifest = new StringBuilder("weft: 1\\nname: wide\\nkind: tasks\\nnodes:\\n");
    for (int i = 0; i < 1000; i++) {
      manifest.append("  - {id: n").append(i).append(", type: noop");
      if (i >= 10) {
        manifest.append(", after: [n").append(i / 10).append("]");
      }
      manifest.append("}\\n");
    }
    JsonNode run = served.result("runs.submit", "{\"manifest\": \"" + manifest + "\"}", null);
    browser.driver.get(page("#/run/" + run.get("id").asLong()));

    browser.wait.until(d ->
        Long.valueOf(1000)
            .equals(
                browser.driver.executeScript(
                    "return document.querySelectorAll('.node.s-succeeded').length")));
    browser.screenshot("thousand-tasks");
    assertThat(browser.driver.findElements(By.cssSelector(".dag path"))).hasSize(990);
  }

  @Test
  void withAuthOnTheDashboardAsksForAToken() throws Exception {
    open(
        ServerConfig.defaults()
            .withAuth(
                List.of(new ServerConfig.Token("s3cret-token", "ada", java.util.Set.of("read"))),
                null));
    browser.driver.get(page("#/"));
    WebElement login =
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login")));
    browser.driver.findElement(By.id("token")).sendKeys("wrong");
    login.findElement(By.tagName("button")).click();
    browser.wait.until(d -> d.findElement(By.id("login-error")).getText().contains("refused"));

    browser.driver.findElement(By.id("token")).clear();
    browser.driver.findElement(By.id("token")).sendKeys("s3cret-token");
    login.findElement(By.tagName("button")).click();

    browser.wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("counts"), "workers"));
    assertThat(browser.driver.findElement(By.id("login")).isDisplayed()).isFalse();
  }
}
