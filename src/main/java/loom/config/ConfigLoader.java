package loom.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds, reads and validates loom.yaml once, at deploy time. First match wins: system property
 * {@code loom.config}, environment variable {@code LOOM_CONFIG}, the JNDI entry
 * {@code java:comp/env/loom/config}, then {@code ${loom.home}/loom.yaml}. Without any file the
 * built-in defaults run. This is the only class that reads the environment or system properties.
 */
public final class ConfigLoader {
  public static final String CONFIG_PROPERTY = "loom.config";
  public static final String CONFIG_ENV = "LOOM_CONFIG";
  public static final String HOME_PROPERTY = "loom.home";
  public static final String HOME_ENV = "LOOM_HOME";
  public static final String FILE_NAME = "loom.yaml";
  public static final String DEFAULTS_SOURCE = "built-in defaults";

  private static final Logger log = LoggerFactory.getLogger(ConfigLoader.class);

  private final UnaryOperator<String> environment;
  private final UnaryOperator<String> systemProperties;

  /** @param environment and systemProperties return a value, or null when it is not set */
  public ConfigLoader(UnaryOperator<String> environment, UnaryOperator<String> systemProperties) {
    this.environment = environment;
    this.systemProperties = systemProperties;
  }

  public static ConfigLoader fromSystem() {
    return new ConfigLoader(System::getenv, System::getProperty);
  }

  /** @param jndiLocation the value of {@code java:comp/env/loom/config}, when the container defines it */
  public GatewayConfig load(Optional<String> jndiLocation) {
    Path home = home();
    Optional<Path> file = locate(jndiLocation, home);
    if (file.isEmpty()) {
      log.info(
          "No {} found (looked at -D{}, ${}, JNDI loom/config and {}); running the built-in defaults",
          FILE_NAME,
          CONFIG_PROPERTY,
          CONFIG_ENV,
          home.resolve(FILE_NAME));
      return parse("", home, DEFAULTS_SOURCE);
    }
    String text;
    try {
      text = Files.readString(file.get(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException("", "cannot read configuration file " + file.get() + ": " + e, e);
    }
    GatewayConfig config = parse(text, home, file.get().toString());
    log.info("Configuration read from {}", file.get());
    return config;
  }

  /** Parses loom.yaml text; {@code source} names it in messages. */
  public GatewayConfig parse(String text, Path home, String source) {
    Placeholders placeholders = new Placeholders(name -> lookup(name, home));
    return new ConfigParser(placeholders).parse(text, home, source);
  }

  Path home() {
    String home = firstSet(systemProperties.apply(HOME_PROPERTY), environment.apply(HOME_ENV));
    if (home != null) {
      return Path.of(home).toAbsolutePath();
    }
    return Path.of(systemProperties.apply("user.home"), ".loom").toAbsolutePath();
  }

  private Optional<Path> locate(Optional<String> jndiLocation, Path home) {
    String explicit =
        firstSet(
            systemProperties.apply(CONFIG_PROPERTY),
            environment.apply(CONFIG_ENV),
            jndiLocation.orElse(null));
    if (explicit != null) {
      Path path = Path.of(explicit).toAbsolutePath();
      // A file the admin named explicitly must exist: silently running defaults would hide the
      // mistake.
      if (!Files.isRegularFile(path)) {
        throw new ConfigException(
            "",
            "configuration file "
                + path
                + " (named by -D"
                + CONFIG_PROPERTY
                + ", $"
                + CONFIG_ENV
                + " or JNDI loom/config) does not exist or is not a file");
      }
      return Optional.of(path);
    }
    Path inHome = home.resolve(FILE_NAME);
    return Files.isRegularFile(inHome) ? Optional.of(inHome) : Optional.empty();
  }

  private String lookup(String name, Path home) {
    if (name.equals(HOME_PROPERTY)) {
      return home.toString();
    }
    return firstSet(environment.apply(name), systemProperties.apply(name));
  }

  private static String firstSet(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }
}
