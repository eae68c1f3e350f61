package loom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import loom.testing.ApiClient;
import loom.testing.GatewayClient;
import loom.testing.LoggedRows;
import loom.testing.UpstreamExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;

/**
 * The Teams and Sessions pages in a real browser against the deployed WAR, checked against the REST API: an admin
 * creates a team and adds a member; a team admin sees the Teams page with their team only (its members and bound
 * keys, no management forms) and cannot open another team by its id; a plain user has no Teams page, not even by its
 * address; the Sessions page lists a session of a user's calls and opens them on the Logs page in the order they were
 * made.
 */
@ExtendWith(UpstreamExtension.class)
class TeamsAndSessionsPagesIT {
  private static final ApiClient ADMIN = ApiClient.admin();

  /** What Claude Code sends: the proxy attributes the calls to the client tool {@code claude-code}. */
  private static final String CLAUDE_CODE_AGENT = "claude-cli/2.1.332 (external, cli)";

  @RegisterExtension final DashboardSession session = new DashboardSession();
  private ChromeDriver driver;

  @BeforeEach
  void useTheSessionsBrowser() {
    driver = session.driver();
  }

  /** A user with a dashboard password (and no key). */
  private record Person(String id, String name, String password) {}

  private static Person newPerson(String prefix) {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    String password = "user-password-" + UUID.randomUUID();
    String id =
        ApiClient.json(
                ADMIN.post(
                    "/users",
                    "{\"name\":\""
                        + name
                        + "\",\"role\":\"user\",\"password\":\""
                        + password
                        + "\"}"),
                201)
            .path("id")
            .asText();
    return new Person(id, name, password);
  }

  private static String newTeam(String prefix) {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    return ApiClient.json(ADMIN.post("/teams", "{\"name\":\"" + name + "\"}"), 201)
        .path("id")
        .asText();
  }

  private static String teamName(String id) {
    return ApiClient.json(ADMIN.get("/teams/" + id), 200).path("name").asText();
  }

  @Test
  void anAdminCreatesATeamAndAddsAMember() {
    Person member = newPerson("team-member");
    String name = "made-in-browser-" + UUID.randomUUID().toString().substring(0, 8);

    session.logInAsAdmin("/dashboard/teams.xhtml");

    assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Teams");
    assertThat(driver.findElement(By.className("loom-scope")).getText()).startsWith("Every team.");
    driver.findElement(By.id("newTeam:name")).sendKeys(name);
    driver.findElement(By.id("newTeam:create")).click();
    waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("teamName"), name));
    assertThat(driver.findElement(By.id("teamsForm:teams")).getText()).contains(name);
    JsonNode teams = ApiClient.json(ADMIN.get("/teams?limit=1000"), 200).path("teams");
    String teamId = null;
    for (JsonNode team : teams) {
      if (team.path("name").asText().equals(name)) {
        teamId = team.path("id").asText();
      }
    }
    assertThat(teamId).as("the team created in the browser").isNotNull();

    // A name taken already is refused next to the field, by the team service's rule.
    driver.findElement(By.id("newTeam:name")).sendKeys(name);
    driver.findElement(By.id("newTeam:create")).click();
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("newTeam:nameMessage"), "exists already"));

    // The member, as a team admin.
    select("teamForm:member", member.id());
    select("teamForm:memberRole", "admin");
    driver.findElement(By.id("teamForm:addMember")).click();
    waiting()
        .until(
            driver ->
                findRow("teamForm:members", member.name())
                    .filter(row -> row.getText().contains("admin"))
                    .isPresent());
    JsonNode members =
        ApiClient.json(ADMIN.get("/teams/" + teamId + "/members"), 200).path("members");
    assertThat(members.findValuesAsText("user_id")).contains(member.id());
    assertThat(members.findValuesAsText("role")).contains("admin");
    session.assertNoScriptRan();
  }

  @Test
  void aTeamAdminSeesTheirTeamOnlyAndCannotOpenAnotherByItsId() throws Exception {
    Person alice = newPerson("team-admin");
    String red = newTeam("red");
    String blue = newTeam("blue");
    ApiClient.json(
        ADMIN.put("/teams/" + red + "/members/" + alice.id(), "{\"role\":\"admin\"}"), 200);
    // In blue she is a plain member: the Teams page is not hers for blue either.
    ApiClient.json(
        ADMIN.put("/teams/" + blue + "/members/" + alice.id(), "{\"role\":\"member\"}"), 200);
    String keyName = "red-ci-" + UUID.randomUUID().toString().substring(0, 6);
    JsonNode key =
        ApiClient.json(
            ADMIN.post(
                "/keys",
                "{\"name\":\""
                    + keyName
                    + "\",\"user_id\":\""
                    + alice.id()
                    + "\",\"team_id\":\""
                    + red
                    + "\"}"),
            201);
    HttpResponse<String> call =
        new GatewayClient(key.path("key").asText())
            .postJson(
                "/v1/chat/completions",
                GatewayClient.chatBody(
                    "mock/gpt-4o-mini", "team spend " + UUID.randomUUID(), false));
    assertThat(call.statusCode()).as(call.body()).isEqualTo(200);
    LoggedRows.await(LoggedRows.ids(List.of(call)));

    session.logIn(alice.name(), alice.password(), "/dashboard/index.xhtml");
    session.navigate("navTeams", "Teams");

    WebElement teams = driver.findElement(By.id("teamsForm:teams"));
    assertThat(teams.getText()).contains(teamName(red)).doesNotContain(teamName(blue));
    assertThat(driver.findElements(By.id("newTeam"))).isEmpty();
    assertThat(driver.findElement(By.cssSelector(".loom-budget-team-" + red + "-daily")).getText())
        .contains("spent in");

    // Her team: members and the bound key, and no management controls.
    WebElement link = driver.findElement(By.linkText(teamName(red)));
    String address = link.getDomProperty("href");
    assertThat(address).contains("team=" + red);
    link.click();
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(By.id("teamName"), teamName(red)));
    assertThat(driver.findElement(By.id("teamForm:members")).getText())
        .contains(alice.name(), "admin");
    assertThat(driver.findElement(By.id("teamForm:keys")).getText())
        .contains(keyName, key.path("key").asText().substring(0, 11));
    assertThat(driver.findElements(By.id("teamForm:rename"))).isEmpty();
    assertThat(driver.findElements(By.id("teamForm:addMember"))).isEmpty();
    assertThat(driver.findElements(By.xpath("//button[contains(@id, ':role')]"))).isEmpty();

    // Another team by its id: not shown, whatever the address says. The address is her team's link
    // (which carries the session's protected-view token) with the other team's id.
    driver.get(address.replace("team=" + red, "team=" + blue));
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("notFound")));
    assertThat(driver.findElements(By.id("teamForm"))).isEmpty();
    assertThat(driver.getPageSource()).doesNotContain(teamName(blue));
    session.assertNoScriptRan();
  }

  @Test
  void aPlainUserHasNoTeamsPageNotEvenByItsAddress() {
    Person bob = newPerson("plain");
    String red = newTeam("red");
    ApiClient.json(
        ADMIN.put("/teams/" + red + "/members/" + bob.id(), "{\"role\":\"member\"}"), 200);

    session.logIn(bob.name(), bob.password(), "/dashboard/index.xhtml");

    assertThat(driver.findElements(By.id("navTeams"))).isEmpty();
    assertThat(driver.findElements(By.id("navSessions"))).hasSize(1);
    session.open("/dashboard/teams.xhtml");
    assertThat(driver.findElement(By.id("forbidden")).getText()).contains("403");
    session.open("/dashboard/teams.xhtml?team=" + red);
    assertThat(driver.findElement(By.id("forbidden")).getText()).contains("403");
    assertThat(driver.getPageSource()).doesNotContain(teamName(red));
  }

  @Test
  void theSessionsPageListsASessionAndOpensItsCallsInTheOrderTheyWereMade() throws Exception {
    Person user = newPerson("sessions");
    String secret =
        ApiClient.json(
                ADMIN.post("/keys", "{\"name\":\"agent\",\"user_id\":\"" + user.id() + "\"}"), 201)
            .path("key")
            .asText();
    GatewayClient agent = new GatewayClient(secret);
    String sessionId = "it-session-" + UUID.randomUUID().toString().substring(0, 8);
    List<HttpResponse<String>> sent = new ArrayList<>();
    for (String model : List.of("mock/gpt-4o", "mock/gpt-4o-mini", "mock/gpt-4o-mini")) {
      sent.add(
          agent.postJson(
              "/v1/chat/completions",
              GatewayClient.chatBody(model, "step " + sent.size() + " " + UUID.randomUUID(), false),
              "User-Agent",
              CLAUDE_CODE_AGENT,
              "X-Loom-Session",
              sessionId));
      // One after the other, as an agent makes them: each is logged before the next is sent.
      LoggedRows.await(LoggedRows.ids(sent));
    }
    sent.forEach(response -> assertThat(response.statusCode()).as(response.body()).isEqualTo(200));

    session.logIn(user.name(), user.password(), "/dashboard/index.xhtml");
    session.navigate("navSessions", "Sessions");

    WebElement row = waiting().until(driver -> findRow("sessions", sessionId).orElse(null));
    assertThat(row.getText()).contains("claude-code", "3", "$");
    row.findElement(By.linkText(sessionId)).click();
    waiting().until(ExpectedConditions.textToBe(By.tagName("h1"), "Logs"));
    waiting()
        .until(
            ExpectedConditions.textToBe(
                By.cssSelector("#logs\\:table .ui-paginator-current"), "1–3 of 3"));
    assertThat(driver.findElement(By.id("order")).getText()).isEqualTo("oldest first");
    assertThat(driver.findElement(By.id("logs:session")).getDomProperty("value"))
        .isEqualTo(sessionId);
    List<WebElement> rows = driver.findElements(By.cssSelector("#logs\\:table_data > tr[data-ri]"));
    List<String> times =
        rows.stream().map(line -> line.findElements(By.tagName("td")).get(1).getText()).toList();
    assertThat(times).isSorted();
    // The plain user's table has no user column: time, provider, model, …
    assertThat(rows.get(0).findElements(By.tagName("td")).get(3).getText()).isEqualTo("gpt-4o");
    assertThat(rows)
        .allSatisfy(line -> assertThat(line.getText()).contains(sessionId, "claude-code"));
    session.assertNoScriptRan();
  }

  /** The session's wait, which also waits out elements that an ajax update is replacing. */
  private FluentWait<WebDriver> waiting() {
    return session.waiting().ignoring(StaleElementReferenceException.class);
  }

  /** The one row of the table with this text; empty while there is none or the table is being replaced. */
  private java.util.Optional<WebElement> findRow(String tableId, String text) {
    try {
      List<WebElement> rows =
          new ArrayList<>(driver.findElements(By.cssSelector("[id='" + tableId + "_data'] > tr")));
      rows.removeIf(row -> !row.getText().contains(text));
      return rows.size() == 1 ? java.util.Optional.of(rows.get(0)) : java.util.Optional.empty();
    } catch (StaleElementReferenceException replaced) {
      return java.util.Optional.empty();
    }
  }

  /** Picks a value of a PrimeFaces menu through its widget, as a click on the item would. */
  private void select(String id, String value) {
    driver.executeScript(
        "PrimeFaces.getWidgetById(arguments[0]).selectValue(arguments[1]);", id, value);
  }
}
