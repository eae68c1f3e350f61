package loom.cache;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import loom.config.CacheConfig;
import org.ehcache.config.CacheConfiguration;
import org.ehcache.xml.XmlConfiguration;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * An ehcache.xml (the user's {@code cache.jcache_config}, else the default inside the WAR) read into an Ehcache
 * configuration that is known to define the {@value CacheBackends#CACHE_NAME} cache with String keys and values.
 * The {@code ${loom.cache.*}} placeholders are replaced with this deployment's loom.yaml values before parsing,
 * because Ehcache's own {@code ${...}} reads system properties, which every deployment in the JVM shares.
 *
 * @param configuration the parsed configuration
 * @param source the file it came from, for messages
 */
record EhcacheXml(XmlConfiguration configuration, String source) {
  private static final String DEFAULT_RESOURCE = "ehcache.xml";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{loom\\.cache\\.([^}]*)}");

  EhcacheXml {
    Objects.requireNonNull(configuration, "configuration");
    Objects.requireNonNull(source, "source");
  }

  /** Reads the configured file, or fails with a {@link CacheSetupException} naming it and what is wrong. */
  static EhcacheXml read(CacheConfig config, ClassLoader classLoader) {
    String source =
        config.jcacheConfig().map(Path::toString).orElse("loom/cache/ehcache.xml inside the WAR");
    byte[] xml =
        substitute(
            config.jcacheConfig().isPresent() ? file(config.jcacheConfig().get()) : builtIn(),
            placeholders(config),
            source);
    Document document = parse(xml, source);
    XmlConfiguration configuration;
    try {
      configuration = new XmlConfiguration(document, classLoader);
    } catch (RuntimeException e) {
      throw new CacheSetupException(
          "The Ehcache configuration " + source + " is not valid: " + CacheBackends.describe(e), e);
    } catch (AssertionError e) {
      // Ehcache 3.10 reports a schema violation in a given Document as an AssertionError around the
      // SAXException.
      if (!(e.getCause() instanceof SAXException)) {
        throw e;
      }
      throw new CacheSetupException(
          "The Ehcache configuration "
              + source
              + " does not match Ehcache's schema: "
              + e.getCause().getMessage(),
          e.getCause());
    }
    requireResponsesCache(configuration, source);
    return new EhcacheXml(configuration, source);
  }

  private static Map<String, String> placeholders(CacheConfig config) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("max_size", Integer.toString(config.maxSize()));
    values.put("max_memory_mb", Integer.toString(config.entryMemoryMb()));
    values.put("max_ttl_seconds", Long.toString(config.maxTtl().toSeconds()));
    values.put("default_ttl_seconds", Long.toString(config.defaultTtl().toSeconds()));
    return values;
  }

  /**
   * Replaces the placeholders in the raw bytes. They are decoded as ISO-8859-1, which maps every byte to one
   * char and back, so the file keeps whatever encoding its XML declaration names for the parser to honour.
   */
  private static byte[] substitute(byte[] xml, Map<String, String> values, String source) {
    Matcher placeholder = PLACEHOLDER.matcher(new String(xml, StandardCharsets.ISO_8859_1));
    StringBuilder result = new StringBuilder(xml.length);
    while (placeholder.find()) {
      String value = values.get(placeholder.group(1));
      if (value == null) {
        throw new CacheSetupException(
            "The Ehcache configuration "
                + source
                + " uses the unknown placeholder "
                + placeholder.group()
                + "; known are "
                + values.keySet().stream().map(name -> "${loom.cache." + name + "}").toList());
      }
      placeholder.appendReplacement(result, Matcher.quoteReplacement(value));
    }
    placeholder.appendTail(result);
    return result.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Parses without DOCTYPEs, external entities or XInclude: the file is configuration, not a document to fetch. */
  private static Document parse(byte[] xml, String source) {
    try {
      // The JDK's own parser, whatever a web application bundles, so the security settings below
      // are known.
      DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
      factory.setNamespaceAware(true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(RAISE);
      return builder.parse(new ByteArrayInputStream(xml));
    } catch (SAXParseException e) {
      throw new CacheSetupException(
          "The Ehcache configuration "
              + source
              + " is not well-formed XML: line "
              + e.getLineNumber()
              + ", column "
              + e.getColumnNumber()
              + ": "
              + e.getMessage(),
          e);
    } catch (SAXException | IOException e) {
      throw new CacheSetupException(
          "Cannot parse the Ehcache configuration " + source + ": " + e.getMessage(), e);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("The JDK's XML parser lacks a standard security feature", e);
    }
  }

  private static void requireResponsesCache(XmlConfiguration configuration, String source) {
    Map<String, CacheConfiguration<?, ?>> caches = configuration.getCacheConfigurations();
    CacheConfiguration<?, ?> cache = caches.get(CacheBackends.CACHE_NAME);
    if (cache == null) {
      throw new CacheSetupException(
          "The Ehcache configuration "
              + source
              + " defines no cache with alias \""
              + CacheBackends.CACHE_NAME
              + "\" (it defines "
              + caches.keySet()
              + "); the gateway stores responses "
              + "there, with key-type and value-type java.lang.String");
    }
    if (cache.getKeyType() != String.class || cache.getValueType() != String.class) {
      throw new CacheSetupException(
          "The cache \""
              + CacheBackends.CACHE_NAME
              + "\" in the Ehcache configuration "
              + source
              + " must have key-type and value-type java.lang.String; it has "
              + cache.getKeyType().getName()
              + " and "
              + cache.getValueType().getName());
    }
  }

  private static byte[] file(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new CacheSetupException("Cannot read the Ehcache configuration " + file + ": " + e, e);
    }
  }

  private static byte[] builtIn() {
    try (InputStream in = EhcacheXml.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "loom/cache/" + DEFAULT_RESOURCE + " is missing from the WAR");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cannot read loom/cache/" + DEFAULT_RESOURCE + " from the WAR", e);
    }
  }

  /** Turns warnings and recoverable errors into failures too, instead of the parser printing them to stderr. */
  private static final ErrorHandler RAISE =
      new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) throws SAXException {
          throw e;
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
          throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
          throw e;
        }
      };
}
