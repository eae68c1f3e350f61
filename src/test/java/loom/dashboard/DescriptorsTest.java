package loom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The dashboard's descriptors and views, as the WAR ships them (webapp/), checked for what keeps it safe. */
class DescriptorsTest {
  private static final Path WEBAPP = Path.of("webapp");

  private static Document xml(String path) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
    return factory.newDocumentBuilder().parse(WEBAPP.resolve(path).toFile());
  }

  private static List<String> texts(Document document, String tag) {
    NodeList nodes = document.getElementsByTagNameNS("*", tag);
    return java.util.stream.IntStream.range(0, nodes.getLength())
        .mapToObj(i -> nodes.item(i).getTextContent().strip())
        .toList();
  }

  private static List<Path> views() throws IOException {
    try (Stream<Path> files = Files.walk(WEBAPP)) {
      return files.filter(file -> file.toString().endsWith(".xhtml")).sorted().toList();
    }
  }

  @Test
  void everyDashboardPageIsAProtectedViewAndNothingElseIs() throws Exception {
    List<String> pages;
    try (Stream<Path> files = Files.walk(WEBAPP.resolve("dashboard"))) {
      pages =
          files
              .filter(file -> file.toString().endsWith(".xhtml"))
              .map(file -> "/" + WEBAPP.relativize(file).toString().replace('\\', '/'))
              .sorted()
              .toList();
    }

    assertThat(pages).contains("/dashboard/index.xhtml", "/dashboard/admin/cache.xhtml");
    assertThat(texts(xml("WEB-INF/faces-config.xml"), "url-pattern"))
        .containsExactlyInAnyOrderElementsOf(pages);
  }

  @Test
  void theContentSecurityPolicyOfWebXmlProtectsThePagesAndAllowsNoInlineScript() throws Exception {
    Document web = xml("WEB-INF/web.xml");
    NodeList params = web.getElementsByTagNameNS("*", "context-param");
    String policy = null;
    String csp = null;
    for (int i = 0; i < params.getLength(); i++) {
      Element param = (Element) params.item(i);
      String name =
          param.getElementsByTagNameNS("*", "param-name").item(0).getTextContent().strip();
      String value =
          param.getElementsByTagNameNS("*", "param-value").item(0).getTextContent().strip();
      if (name.equals(SecurityHeaders.POLICY_PARAMETER)) {
        policy = value;
      } else if (name.equals("primefaces.CSP")) {
        csp = value;
      }
    }

    assertThat(csp).isEqualTo("true");
    String baseline = SecurityHeaders.baselinePolicy(policy);
    assertThat(baseline)
        .contains("frame-ancestors 'none'")
        .contains("form-action 'self'")
        .contains("base-uri 'self'")
        .endsWith("script-src 'self';");
    assertThat(baseline.substring(baseline.indexOf("script-src"))).doesNotContain("unsafe");
  }

  @Test
  void facesServesTheXhtmlViewsAndTheSessionCookieIsHttpOnlyAndSameSiteLax() throws Exception {
    Document web = xml("WEB-INF/web.xml");

    assertThat(texts(web, "servlet-class")).contains("jakarta.faces.webapp.FacesServlet");
    assertThat(texts(web, "url-pattern")).contains("*.xhtml");
    assertThat(texts(web, "http-only")).containsExactly("true");
    assertThat(texts(web, "attribute-name")).containsExactly("SameSite");
    assertThat(texts(web, "attribute-value")).containsExactly("Lax");
    assertThat(texts(web, "tracking-mode")).containsExactly("COOKIE");
    assertThat(texts(web, "listener-class")).containsExactly("loom.bootstrap.GatewayInitializer");
    assertThat(texts(xml("WEB-INF/beans.xml").getDocumentElement().getOwnerDocument(), "beans"))
        .hasSize(1);
    assertThat(xml("WEB-INF/beans.xml").getDocumentElement().getAttribute("bean-discovery-mode"))
        .isEqualTo("annotated");
  }

  @Test
  void noViewTurnsEscapingOffOrWritesScriptOrStyleOfItsOwn() throws Exception {
    assertThat(views()).isNotEmpty();
    for (Path view : views()) {
      String text = Files.readString(view);
      assertThat(text)
          .as(view.toString())
          .doesNotContain("escape=\"false\"")
          .doesNotContain("<script")
          .doesNotContain("style=\"")
          .doesNotContain("onclick")
          .doesNotContain("h:commandLink")
          .doesNotContain("<h:outputText escape");
    }
  }

  @Test
  void everyFormSubmitsWithPost() throws Exception {
    for (Path view : views()) {
      String text = Files.readString(view);
      assertThat(text)
          .as(view.toString())
          .doesNotContainPattern("<form[^>]*method=\"get\"")
          .doesNotContain("h:button");
    }
  }
}
