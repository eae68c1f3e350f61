package loom.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.shrinkwrap.api.Configuration;
import org.jboss.shrinkwrap.api.ConfigurationBuilder;
import org.jboss.shrinkwrap.api.Domain;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The WAR the build made ({@code loom.war}, target/loom.war) as an Arquillian deployment of its own name, with a
 * loom.yaml of its own named through JNDI ({@code java:comp/env/loom/config}), the way admins configure it: a
 * Tomcat context descriptor (META-INF/context.xml) and the same entry for Jetty (WEB-INF/jetty-env.xml). Each
 * container reads its own file and ignores the other's.
 */
public final class GatewayWar {
  /** Archives that the adapters export with {@link UncompressedZipExporter}, not ShrinkWrap's own. */
  private static final Domain EXPORTED_UNCOMPRESSED = exportedUncompressed();

  private GatewayWar() {}

  /** The built WAR, deployed at {@code /name}, configured by {@code yaml} (written to a file of its own). */
  public static WebArchive named(String name, String yaml) {
    Path config = writeConfig(name, yaml);
    return EXPORTED_UNCOMPRESSED
        .getArchiveFactory()
        .create(ZipImporter.class, name + ".war")
        .importFrom(Path.of(System.getProperty("loom.war", "target/loom.war")).toFile())
        .as(WebArchive.class)
        .addAsManifestResource(new StringAsset(tomcatContext(config)), "context.xml")
        .addAsWebInfResource(new StringAsset(jettyEnv(config)), "jetty-env.xml");
  }

  /** A ShrinkWrap domain whose archives export with {@link UncompressedZipExporter}. */
  static Domain exportedUncompressed() {
    Configuration configuration = new ConfigurationBuilder().build();
    configuration
        .getExtensionLoader()
        .addOverride(ZipExporter.class, UncompressedZipExporter.class);
    return ShrinkWrap.createDomain(configuration);
  }

  private static Path writeConfig(String name, String yaml) {
    try {
      Path dir =
          Files.createDirectories(
              Path.of(System.getProperty("arq.config.dir", "target/arquillian/config")));
      return Files.writeString(dir.resolve(name + ".yaml"), yaml).toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String tomcatContext(Path config) {
    return "<Context>\n"
        + "  <Environment name=\"loom/config\" type=\"java.lang.String\" value=\""
        + config
        + "\"\n"
        + "               override=\"false\"/>\n"
        + "</Context>\n";
  }

  private static String jettyEnv(Path config) {
    return "<?xml version=\"1.0\"?>\n"
        + "<!DOCTYPE Configure PUBLIC \"-//Jetty//Configure//EN\" \"https://jetty.org/configure_10_0.dtd\">\n"
        + "<Configure id=\"wac\" class=\"org.eclipse.jetty.ee10.webapp.WebAppContext\">\n"
        + "  <New class=\"org.eclipse.jetty.plus.jndi.EnvEntry\">\n"
        + "    <Arg><Ref refid=\"wac\"/></Arg>\n"
        + "    <Arg>loom/config</Arg>\n"
        + "    <Arg type=\"java.lang.String\">"
        + config
        + "</Arg>\n"
        + "    <Arg type=\"boolean\">false</Arg>\n"
        + "  </New>\n"
        + "</Configure>\n";
  }
}
