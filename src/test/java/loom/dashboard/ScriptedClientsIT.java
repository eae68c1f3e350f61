package loom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import loom.testing.ContainerLog;
import loom.testing.GatewayClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a client that is not a browser gets from the dashboard and from paths nothing serves: forms posted by a
 * script (no PrimeFaces nonce, a forged view state, no view state at all) and unknown paths are answered with a
 * reload, a 403 or a 404, never a 500 with a stack trace, and never leave the session's token in the log.
 */
class ScriptedClientsIT {
  private static final Pattern VIEW_STATE =
      Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"");
  private static final Pattern NONCE = Pattern.compile("nonce=\"([^\"]+)\"");
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder()
          .cookieHandler(new CookieManager())
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(GatewayClient.TIMEOUT)
          .build();
  private String token;

  @BeforeEach
  void logIn() throws Exception {
    String page = get("/login.xhtml").body();
    HttpResponse<String> login =
        post(
            "/login.xhtml",
            form(
                "login",
                "login",
                "login:username",
                "admin",
                "login:password",
                DashboardSession.ADMIN_PASSWORD,
                "login:submit",
                "",
                "jakarta.faces.ViewState",
                find(VIEW_STATE, page),
                "primefaces.nonce",
                find(NONCE, page)));
    assertThat(login.statusCode()).isEqualTo(302);
    String location = login.headers().firstValue("Location").orElseThrow();
    assertThat(location).contains("/dashboard/index.xhtml?jakarta.faces.Token=");
    token = location.substring(location.indexOf("Token=") + "Token=".length());
  }

  @Test
  void aFormPostWithoutTheNonceOfItsPageLoadsThePageAfreshAndDoesNothing() throws Exception {
    String alerts = "/dashboard/alerts.xhtml?jakarta.faces.Token=" + token;
    String viewState = find(VIEW_STATE, get(alerts).body());
    String forged =
        Base64.getEncoder()
            .encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));

    for (String nonce : new String[] {null, forged}) {
      Map<String, String> fields =
          form(
              "settings",
              "settings",
              "settings:save",
              "",
              "settings:daily",
              "4321",
              "jakarta.faces.ViewState",
              viewState);
      if (nonce != null) {
        fields.put("primefaces.nonce", nonce);
      }
      HttpResponse<String> saved = post(alerts, fields);

      assertThat(saved.statusCode()).as("nonce %s", nonce).isEqualTo(302);
      assertThat(saved.headers().firstValue("Location"))
          .hasValueSatisfying(url -> assertThat(url).contains("/dashboard/alerts.xhtml"));
    }
    String settings = new GatewayClient().get("/api/v1/alerts/config").body();
    assertThat(JSON.readTree(settings).path("daily_budget_usd").asText()).isNotEqualTo("4321");
  }

  @Test
  void aViewStateThatCannotBeRestoredLoadsThePageAfresh() throws Exception {
    String alerts = "/dashboard/alerts.xhtml?jakarta.faces.Token=" + token;
    for (String viewState : List.of("stateless", "123:456", "x")) {
      HttpResponse<String> posted =
          post(alerts, form("settings", "settings", "jakarta.faces.ViewState", viewState));

      assertThat(posted.statusCode()).as(viewState).isEqualTo(302);
      assertThat(posted.body()).doesNotContain("Exception");
    }
  }

  @Test
  void requestsThatFacesWouldCheckForTheTokenNeverMakeItLogTheToken() throws Exception {
    ContainerLog log = ContainerLog.markNow();
    String page = "/dashboard/alerts.xhtml";

    List<HttpResponse<String>> answers =
        List.of(
            post(page, form("settings", "settings")),
            post(page + "?jakarta.faces.Token=forged", form("settings", "settings")),
            send(
                request(page + "?jakarta.faces.Token=forged")
                    .header("Faces-Request", "partial/ajax")
                    .GET()
                    .build()),
            send(request(page).header("Faces-Request", "partial/ajax").GET().build()));

    assertThat(answers).allSatisfy(answer -> assertThat(answer.statusCode()).isIn(302, 403));
    // A request of the dashboard's own, so the log has caught up with the ones above.
    assertThat(get("/dashboard/alerts.xhtml?jakarta.faces.Token=" + token).statusCode())
        .isEqualTo(200);
    String logged = log.sinceMark();
    assertThat(logged)
        .doesNotContain(token, URLDecoder.decode(token, StandardCharsets.UTF_8))
        .doesNotContain("correctSecretKeyValue");
  }

  @Test
  void aLoginPostedWithoutItsNonceDoesNotLogIn() throws Exception {
    HttpClient fresh =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    String page =
        fresh
            .send(request("/login.xhtml").GET().build(), HttpResponse.BodyHandlers.ofString())
            .body();

    HttpResponse<String> login =
        fresh.send(
            request("/login.xhtml")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        encode(
                            form(
                                "login",
                                "login",
                                "login:username",
                                "admin",
                                "login:password",
                                DashboardSession.ADMIN_PASSWORD,
                                "login:submit",
                                "",
                                "jakarta.faces.ViewState",
                                find(VIEW_STATE, page)))))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(login.statusCode()).isEqualTo(302);
    assertThat(login.headers().firstValue("Location"))
        .hasValueSatisfying(url -> assertThat(url).endsWith("/login.xhtml"));
  }

  @Test
  void pathsNothingServesAre404WithoutAStackTraceOrAListing() throws Exception {
    for (String path :
        List.of(
            "/metrics/",
            "/anything/",
            "/api/",
            "/x.xhtml",
            "/login.xhtml/",
            "/resources/",
            "/WEB-INF/web.xml",
            "/nope.html",
            "/error",
            "/dashboard/x/../../x.xhtml")) {
      HttpResponse<String> answer = anonymous(path);

      // A folder of the WAR is refused by the container's default servlet: 404 on Tomcat, 403 on
      // Jetty.
      assertThat(answer.statusCode())
          .as(path)
          .isIn(path.equals("/resources/") ? List.of(403, 404) : List.of(404));
      assertThat(answer.body())
          .as(path)
          .doesNotContain("Exception", "WELD", "at org.", "Tomcat", "Jetty", "dashboard.css");
    }
  }

  @Test
  void theContainerHasNoManagerApplication() throws Exception {
    URI base = URI.create(GatewayClient.base());
    for (String path : List.of("/manager/text/list", "/manager/html", "/host-manager/html")) {
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(base.resolve(path))
                  .header(
                      "Authorization",
                      "Basic "
                          + Base64.getEncoder()
                              .encodeToString("admin:".getBytes(StandardCharsets.UTF_8)))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(answer.statusCode()).as(path).isEqualTo(404);
    }
  }

  private HttpResponse<String> anonymous(String path) throws Exception {
    HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send(request(path).GET().build());
  }

  private HttpResponse<String> post(String path, Map<String, String> fields) throws Exception {
    return send(
        request(path)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(encode(fields)))
            .build());
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder request(String path) {
    // Sec-Fetch-Site as a browser sends it for its own navigation (the dashboard's token check
    // reads it).
    return HttpRequest.newBuilder(GatewayClient.uri(path))
        .timeout(GatewayClient.TIMEOUT)
        .header("Sec-Fetch-Site", "same-origin");
  }

  private static Map<String, String> form(String... namesAndValues) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      fields.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return fields;
  }

  private static String encode(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            field ->
                URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static String find(Pattern pattern, String page) {
    Matcher matcher = pattern.matcher(page);
    assertThat(matcher.find()).as("%s in the page", pattern).isTrue();
    return matcher.group(1);
  }
}
