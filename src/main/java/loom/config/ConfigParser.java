package loom.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Turns the text of a loom.yaml into a validated {@link GatewayConfig}, or fails with a {@link ConfigException}. */
final class ConfigParser {
  private static final Set<String> TOP_LEVEL =
      orderedSet(
          "server",
          "providers",
          "routing",
          "storage",
          "auth",
          "pricing",
          "privacy",
          "analytics",
          "metrics",
          "cache",
          "alerts");
  private static final Set<String> SERVER_KEYS =
      orderedSet(
          "max_body",
          "upstream_timeout",
          "connect_timeout",
          "max_concurrent_requests",
          "inline_calls");
  private static final Set<String> PROVIDER_KEYS =
      orderedSet(
          "id",
          "type",
          "base_url",
          "api_key",
          "models",
          "headers",
          "upstream_timeout",
          "connect_timeout",
          "max_connections",
          "max_in_flight",
          "pricing_provider",
          "apis");
  private static final Set<String> ROUTING_KEYS = orderedSet("default_provider");
  private static final Set<String> STORAGE_KEYS =
      orderedSet("url", "username", "password", "retention", "rollup_retention");
  private static final Set<String> PRICE_KEYS =
      orderedSet("provider", "model", "input", "output", "cached_input");
  private static final Set<String> PRIVACY_KEYS =
      orderedSet(
          "log_request_bodies",
          "log_response_bodies",
          "max_body_length",
          "redact",
          "extra_patterns");
  private static final Set<String> ANALYTICS_KEYS =
      orderedSet(
          "enabled", "queue_capacity", "batch_size", "query_rate_limit", "export_rate_limit");
  private static final Set<String> METRICS_KEYS = orderedSet("public");
  private static final Set<String> CACHE_KEYS =
      orderedSet(
          "enabled",
          "backend",
          "default_ttl",
          "max_ttl",
          "max_size",
          "max_memory_mb",
          "max_entry_size",
          "cleanup_period",
          "only_deterministic",
          "scope",
          "jcache_config",
          "redis_url",
          "redisson_config",
          "redis_timeout",
          "probe_period",
          "semantic",
          "warming");
  private static final Set<String> SEMANTIC_KEYS =
      orderedSet("enabled", "default", "threshold", "max_memory_mb", "embeddings");
  private static final Set<String> EMBEDDINGS_KEYS = orderedSet("provider", "model", "dimensions");
  private static final Set<String> WARMING_KEYS =
      orderedSet("file", "replay", "every", "as_user", "namespace", "ttl");
  private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Set<String> ALERTS_KEYS =
      orderedSet(
          "check_period",
          "timezone",
          "daily_budget_usd",
          "monthly_budget_usd",
          "anomaly_threshold",
          "anomaly_min_usd",
          "enforce",
          "webhook_url",
          "webhook_secret",
          "webhook_timeout",
          "webhook_allowed_private_networks",
          "smtp",
          "email_to");
  private static final Set<String> SMTP_KEYS =
      orderedSet("host", "port", "username", "password", "starttls", "from", "timeout");
  private static final Set<String> AUTH_KEYS =
      orderedSet("bootstrap_admin_key", "bootstrap_admin_password", "key_cache_ttl");
  private static final Pattern PROVIDER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  /** Letters, digits and hyphens in dot-separated labels; a name of digits and dots only must be an address. */
  private static final Pattern HOST_NAME =
      Pattern.compile(
          "(?=.*[A-Za-z-])[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}"
              + "[A-Za-z0-9])?)*\\.?");

  private static final String ALLOWED_NETWORK_FORMAT =
      "a network like 10.20.0.0/16 or fd00::/8, an address like "
          + "127.0.0.1, or an exact host name like hooks.internal.example";

  /** The shape of a price list provider's name; whether the list has it is checked when analytics loads it. */
  private static final Pattern PRICING_PROVIDER = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,99}");

  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
  private final Placeholders placeholders;

  ConfigParser(Placeholders placeholders) {
    this.placeholders = placeholders;
  }

  GatewayConfig parse(String text, Path home, String source) {
    JsonNode tree;
    try {
      tree = yaml.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ConfigException(
          "",
          source
              + " is not valid YAML: "
              + e.getOriginalMessage()
              + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"),
          e);
    }
    ConfigNode root = new ConfigNode("", tree, placeholders).allowOnly(TOP_LEVEL);
    ServerConfig server = server(root.get("server"));
    List<ProviderConfig> providers = providers(root.get("providers"), server);
    RoutingConfig routing = routing(root.get("routing"), providers);
    return new GatewayConfig(
        home,
        source,
        server,
        providers,
        routing,
        storage(root.get("storage"), home),
        auth(root.get("auth")),
        pricing(root.get("pricing")),
        privacy(root.get("privacy")),
        analytics(root.get("analytics")),
        new MetricsConfig(root.get("metrics").allowOnly(METRICS_KEYS).get("public").bool(false)),
        cache(root.get("cache"), home, providers),
        alerts(root.get("alerts")));
  }

  private static ServerConfig server(ConfigNode node) {
    node.allowOnly(SERVER_KEYS);
    long maxBody = node.get("max_body").size(ServerConfig.DEFAULT_MAX_BODY);
    if (maxBody > Integer.MAX_VALUE - 8) {
      throw node.get("max_body").invalid(node.get("max_body").text(), "at most 2GB");
    }
    return new ServerConfig(
        maxBody,
        node.get("upstream_timeout").duration(ServerConfig.DEFAULT_UPSTREAM_TIMEOUT),
        node.get("connect_timeout").duration(ServerConfig.DEFAULT_CONNECT_TIMEOUT),
        node.get("max_concurrent_requests")
            .integer(ServerConfig.DEFAULT_MAX_CONCURRENT_REQUESTS, 1, 100_000),
        node.get("inline_calls").integer(ServerConfig.DEFAULT_INLINE_CALLS, 0, 10_000));
  }

  /** Where a provider of type anthropic goes when it names no base URL (paths are appended after /v1). */
  static final String ANTHROPIC_BASE_URL = "https://api.anthropic.com/v1";

  private static List<ProviderConfig> providers(ConfigNode node, ServerConfig server) {
    if (node.isMissing()) {
      return List.of(ProviderConfig.demo(server));
    }
    List<ConfigNode> entries = node.list();
    if (entries.isEmpty()) {
      throw new ConfigException(
          node.path(), "must list at least one provider (type " + ProviderType.allowed() + ")");
    }
    List<ProviderConfig> providers = new ArrayList<>();
    Map<String, String> pathById = new HashMap<>();
    for (ConfigNode entry : entries) {
      ProviderConfig provider = provider(entry, server);
      String earlier = pathById.putIfAbsent(provider.id(), entry.path());
      if (earlier != null) {
        throw new ConfigException(
            entry.get("id").path(),
            "'"
                + provider.id()
                + "' is already the id of "
                + earlier
                + "; provider ids must be unique");
      }
      providers.add(provider);
    }
    return providers;
  }

  private static ProviderConfig provider(ConfigNode node, ServerConfig server) {
    node.allowOnly(PROVIDER_KEYS);
    ConfigNode idNode = node.get("id");
    String id = idNode.requiredText();
    if (!PROVIDER_ID.matcher(id).matches()) {
      throw idNode.invalid(id, "letters, digits, '.', '_' or '-' (no '/', at most 64 characters)");
    }
    ConfigNode typeNode = node.get("type");
    String typeText = typeNode.requiredText();
    ProviderType type =
        ProviderType.find(typeText.toLowerCase(Locale.ROOT))
            .orElseThrow(() -> typeNode.invalid(typeText, "one of " + ProviderType.allowed()));
    URI baseUrl = baseUrl(node.get("base_url"), type);
    int maxConnections =
        node.get("max_connections").integer(ProviderConfig.DEFAULT_MAX_CONNECTIONS, 1, 10_000);
    // More calls in flight than pooled connections would queue for a connection: the bound refuses
    // them instead.
    ConfigNode inFlightNode = node.get("max_in_flight");
    int maxInFlight = inFlightNode.integer(maxConnections, 1, 100_000);
    if (maxInFlight > maxConnections) {
      throw inFlightNode.invalid(
          inFlightNode.text(),
          "a whole number from 1 to max_connections ("
              + maxConnections
              + "), since calls beyond the pool would wait for a connection");
    }
    return new ProviderConfig(
        id,
        type,
        baseUrl,
        new Secret(node.get("api_key").text("")),
        node.get("models").textList(),
        node.get("headers").textMap(),
        node.get("upstream_timeout").duration(server.upstreamTimeout()),
        node.get("connect_timeout").duration(server.connectTimeout()),
        maxConnections,
        maxInFlight,
        pricingProvider(node.get("pricing_provider")),
        apis(node.get("apis"), type));
  }

  private static java.util.Set<WireApi> apis(ConfigNode node, ProviderType type) {
    if (node.isMissing()) {
      return type.defaultApis();
    }
    java.util.Set<WireApi> apis = java.util.EnumSet.noneOf(WireApi.class);
    for (String id : node.textList()) {
      apis.add(
          WireApi.find(id).orElseThrow(() -> node.invalid(id, "a list of " + WireApi.allowed())));
    }
    if (apis.isEmpty()) {
      throw node.invalid("[]", "at least one of " + WireApi.allowed());
    }
    return apis;
  }

  private static String pricingProvider(ConfigNode node) {
    if (node.isMissing()) {
      return null;
    }
    String name = node.requiredText().strip().toLowerCase(Locale.ROOT);
    if (!PRICING_PROVIDER.matcher(name).matches()) {
      throw node.invalid(
          node.text(),
          "the id of a price list provider, such as openai, anthropic, google, azure, "
              + "aws, mistral, groq or openrouter (lower-case letters, digits, '.', '_', '-')");
    }
    return name;
  }

  private static URI baseUrl(ConfigNode node, ProviderType type) {
    if (type == ProviderType.DEMO) {
      if (!node.isMissing()) {
        throw new ConfigException(node.path(), "is not used by a provider of type demo; remove it");
      }
      return null;
    }
    if (node.isMissing() && type == ProviderType.ANTHROPIC) {
      return URI.create(ANTHROPIC_BASE_URL);
    }
    if (node.isMissing()) {
      throw new ConfigException(
          node.path(),
          "is required for a provider of type "
              + type.id()
              + " (for example https://api.openai.com/v1)");
    }
    String text = node.requiredText();
    String allowed = "an absolute http:// or https:// URL such as https://api.openai.com/v1";
    try {
      URI uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https"))
          || uri.getHost() == null
          || uri.getQuery() != null
          || uri.getFragment() != null) {
        throw node.invalid(text, allowed);
      }
      // Anthropic's documented base URL is the host; its paths, like OpenAI's base URLs, include
      // /v1.
      return type == ProviderType.ANTHROPIC && !uri.getPath().endsWith("/v1")
          ? new URI(uri + "/v1")
          : uri;
    } catch (URISyntaxException e) {
      throw node.invalid(text, allowed);
    }
  }

  private static RoutingConfig routing(ConfigNode node, List<ProviderConfig> providers) {
    node.allowOnly(ROUTING_KEYS);
    ConfigNode defaultNode = node.get("default_provider");
    // Without a choice, the first listed provider answers requests that name no provider.
    String defaultProvider = defaultNode.text(providers.get(0).id());
    boolean known = providers.stream().anyMatch(provider -> provider.id().equals(defaultProvider));
    if (!known) {
      throw defaultNode.invalid(
          defaultProvider,
          "the id of a configured provider ("
              + providers.stream().map(ProviderConfig::id).collect(Collectors.joining(", "))
              + ")");
    }
    return new RoutingConfig(defaultProvider);
  }

  private static StorageConfig storage(ConfigNode node, Path home) {
    node.allowOnly(STORAGE_KEYS);
    ConfigNode urlNode = node.get("url");
    String url = urlNode.text("jdbc:sqlite:" + home.resolve(StorageConfig.DEFAULT_FILE));
    java.time.Duration retention = node.get("retention").duration(StorageConfig.DEFAULT_RETENTION);
    // Rollups must outlive the logs they sum: totals and stats count whole hours from them.
    java.time.Duration rollupRetention =
        node.get("rollup_retention")
            .duration(
                StorageConfig.DEFAULT_ROLLUP_RETENTION.compareTo(retention) < 0
                    ? retention
                    : StorageConfig.DEFAULT_ROLLUP_RETENTION);
    if (rollupRetention.compareTo(retention) < 0) {
      throw node.get("rollup_retention")
          .invalid(
              node.get("rollup_retention").text(),
              "a duration at least as long as storage.retention ("
                  + node.get("retention").text("90d")
                  + ")");
    }
    StorageConfig storage =
        new StorageConfig(
            url,
            node.get("username").text(""),
            new Secret(node.get("password").text("")),
            retention,
            rollupRetention);
    boolean sqliteFile =
        storage.isSqlite()
            && url.length() > "jdbc:sqlite:".length()
            && !url.contains(":memory:")
            && !url.contains("mode=memory");
    if (!(sqliteFile || storage.isPostgres())) {
      throw urlNode.invalid(
          storage.describe(),
          "a jdbc:sqlite:/path/to/loom.db or jdbc:postgresql://host:5432/db URL");
    }
    return storage;
  }

  private AuthConfig auth(ConfigNode node) {
    node.allowOnly(AUTH_KEYS);
    ConfigNode keyNode = node.get("bootstrap_admin_key");
    String key =
        keyNode.isMissing()
            ? placeholders.resolve(keyNode.path(), "${" + AuthConfig.ADMIN_KEY_ENV + ":-}")
            : keyNode.text("");
    if (!key.isEmpty()
        && !(key.startsWith(AuthConfig.KEY_PREFIX)
            && key.length() >= AuthConfig.KEY_PREFIX.length() + AuthConfig.MIN_KEY_SECRET_LENGTH)) {
      throw keyNode.invalid(
          AuthConfig.KEY_PREFIX + "…",
          "'"
              + AuthConfig.KEY_PREFIX
              + "' followed by at least "
              + AuthConfig.MIN_KEY_SECRET_LENGTH
              + " characters (from $"
              + AuthConfig.ADMIN_KEY_ENV
              + " or the file)");
    }
    ConfigNode passwordNode = node.get("bootstrap_admin_password");
    String password =
        passwordNode.isMissing()
            ? placeholders.resolve(
                passwordNode.path(), "${" + AuthConfig.ADMIN_PASSWORD_ENV + ":-}")
            : passwordNode.text("");
    if (!password.isEmpty() && password.length() < AuthConfig.MIN_PASSWORD_LENGTH) {
      throw passwordNode.invalid(
          "***",
          "at least "
              + AuthConfig.MIN_PASSWORD_LENGTH
              + " characters (from $"
              + AuthConfig.ADMIN_PASSWORD_ENV
              + " or the file)");
    }
    return new AuthConfig(
        new Secret(key),
        new Secret(password),
        node.get("key_cache_ttl").duration(AuthConfig.DEFAULT_KEY_CACHE_TTL));
  }

  private static List<PriceConfig> pricing(ConfigNode node) {
    List<PriceConfig> prices = new ArrayList<>();
    for (ConfigNode entry : node.list()) {
      entry.allowOnly(PRICE_KEYS);
      ConfigNode cached = entry.get("cached_input");
      prices.add(
          new PriceConfig(
              entry.get("provider").text(PriceConfig.ANY_PROVIDER),
              entry.get("model").requiredText(),
              entry.get("input").price(),
              entry.get("output").price(),
              cached.isMissing() ? null : cached.price()));
    }
    return prices;
  }

  private static PrivacyConfig privacy(ConfigNode node) {
    node.allowOnly(PRIVACY_KEYS);
    ConfigNode redactNode = node.get("redact");
    List<String> redact = redactNode.isMissing() ? PrivacyConfig.KINDS : redactNode.textList();
    for (int i = 0; i < redact.size(); i++) {
      if (!PrivacyConfig.KINDS.contains(redact.get(i))) {
        throw redactNode
            .list()
            .get(i)
            .invalid(redact.get(i), "one of " + String.join(", ", PrivacyConfig.KINDS));
      }
    }
    ConfigNode patternsNode = node.get("extra_patterns");
    List<String> patterns = patternsNode.textList();
    for (int i = 0; i < patterns.size(); i++) {
      try {
        java.util.regex.Pattern.compile(patterns.get(i));
      } catch (java.util.regex.PatternSyntaxException e) {
        throw patternsNode
            .list()
            .get(i)
            .invalid(patterns.get(i), "a Java regular expression (" + e.getDescription() + ")");
      }
    }
    return new PrivacyConfig(
        node.get("log_request_bodies").bool(false),
        node.get("log_response_bodies").bool(false),
        node.get("max_body_length").integer(PrivacyConfig.DEFAULT_MAX_BODY_LENGTH, 0, 10_000_000),
        new java.util.HashSet<>(redact),
        patterns);
  }

  private static AnalyticsConfig analytics(ConfigNode node) {
    node.allowOnly(ANALYTICS_KEYS);
    return new AnalyticsConfig(
        node.get("queue_capacity").integer(AnalyticsConfig.DEFAULT_QUEUE_CAPACITY, 1, 10_000_000),
        node.get("batch_size").integer(AnalyticsConfig.DEFAULT_BATCH_SIZE, 1, 100_000),
        node.get("enabled").bool(true),
        node.get("query_rate_limit").integer(AnalyticsConfig.DEFAULT_QUERY_RATE_LIMIT, 1, 100_000),
        node.get("export_rate_limit")
            .integer(AnalyticsConfig.DEFAULT_EXPORT_RATE_LIMIT, 1, 100_000));
  }

  private static AlertsConfig alerts(ConfigNode node) {
    node.allowOnly(ALERTS_KEYS);
    AlertsConfig defaults = AlertsConfig.defaults();
    java.time.ZoneId zone;
    String zoneText = node.get("timezone").text("UTC");
    try {
      zone = java.time.ZoneId.of(zoneText);
    } catch (java.time.DateTimeException e) {
      throw node.get("timezone")
          .invalid(zoneText, "a time zone id such as UTC, Europe/Berlin or America/New_York");
    }
    String threshold = node.get("anomaly_threshold").text();
    double anomalyThreshold = AlertsConfig.DEFAULT_ANOMALY_THRESHOLD;
    if (threshold != null) {
      try {
        anomalyThreshold = Double.parseDouble(threshold.trim());
      } catch (NumberFormatException e) {
        anomalyThreshold = -1;
      }
      if (!(anomalyThreshold > 0 && anomalyThreshold <= 100)) {
        throw node.get("anomaly_threshold")
            .invalid(threshold, "a number of standard deviations above 0, e.g. 2.0");
      }
    }
    String webhookUrl = node.get("webhook_url").text("").trim();
    if (!webhookUrl.isEmpty() && !webhookUrl.matches("https?://[^\\s/]+.*")) {
      throw node.get("webhook_url").invalid(webhookUrl, "an http:// or https:// URL");
    }
    ConfigNode smtpNode = node.get("smtp").allowOnly(SMTP_KEYS);
    AlertsConfig.Smtp none = AlertsConfig.Smtp.NONE;
    AlertsConfig.Smtp smtp =
        new AlertsConfig.Smtp(
            smtpNode.get("host").text("").trim(),
            smtpNode.get("port").integer(AlertsConfig.DEFAULT_SMTP_PORT, 1, 65_535),
            smtpNode.get("username").text(""),
            new Secret(smtpNode.get("password").text("")),
            smtpNode.get("starttls").bool(true),
            smtpNode.get("from").text(none.from()),
            smtpNode.get("timeout").duration(none.timeout()));
    return new AlertsConfig(
        node.get("check_period").duration(defaults.checkPeriod()),
        zone,
        budget(node.get("daily_budget_usd"), defaults.dailyBudgetUsd()),
        budget(node.get("monthly_budget_usd"), defaults.monthlyBudgetUsd()),
        anomalyThreshold,
        budget(node.get("anomaly_min_usd"), Optional.of(defaults.anomalyMinUsd()))
            .orElse(java.math.BigDecimal.ZERO),
        node.get("enforce").bool(false),
        new AlertsConfig.Webhook(
            webhookUrl,
            new Secret(node.get("webhook_secret").text("")),
            node.get("webhook_timeout").duration(AlertsConfig.DEFAULT_WEBHOOK_TIMEOUT),
            allowedPrivateNetworks(node.get("webhook_allowed_private_networks"))),
        smtp,
        node.get("email_to").textList());
  }

  /** Each entry a network ({@code 10.20.0.0/16}), an address (a network of one) or an exact host name. */
  private static AlertsConfig.AllowedPrivateNetworks allowedPrivateNetworks(ConfigNode node) {
    List<AddressRange> networks = new ArrayList<>();
    Set<String> hostNames = new LinkedHashSet<>();
    for (ConfigNode entry : node.list()) {
      String value = entry.requiredText().trim();
      if (HOST_NAME.matcher(value).matches()) {
        hostNames.add(value);
        continue;
      }
      try {
        networks.add(AddressRange.parse(value));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            entry.path(),
            "must be " + ALLOWED_NETWORK_FORMAT + "; got '" + value + "' (" + e.getMessage() + ")");
      }
    }
    return new AlertsConfig.AllowedPrivateNetworks(networks, hostNames);
  }

  /** A budget in USD: a positive decimal, or {@code none} (also empty or null) for no budget. */
  private static Optional<java.math.BigDecimal> budget(
      ConfigNode node, Optional<java.math.BigDecimal> fallback) {
    String value = node.text();
    if (value == null) {
      return fallback;
    }
    String trimmed = value.trim();
    if (trimmed.isEmpty() || trimmed.equalsIgnoreCase("none") || trimmed.equalsIgnoreCase("null")) {
      return Optional.empty();
    }
    try {
      java.math.BigDecimal usd = new java.math.BigDecimal(trimmed);
      if (usd.signum() > 0) {
        return Optional.of(usd);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw node.invalid(value, "an amount in USD above 0 (e.g. 100 or 12.50), or none");
  }

  private static CacheConfig cache(ConfigNode node, Path home, List<ProviderConfig> providers) {
    node.allowOnly(CACHE_KEYS);
    CacheConfig.Backend backend =
        choice(node.get("backend"), CacheConfig.Backend.class, CacheConfig.Backend.MEMORY);
    Duration defaultTtl = node.get("default_ttl").duration(CacheConfig.DEFAULT_TTL);
    Duration maxTtl =
        node.get("max_ttl")
            .duration(
                CacheConfig.DEFAULT_MAX_TTL.compareTo(defaultTtl) < 0
                    ? defaultTtl
                    : CacheConfig.DEFAULT_MAX_TTL);
    if (maxTtl.compareTo(defaultTtl) < 0) {
      throw node.get("max_ttl")
          .invalid(
              node.get("max_ttl").text(),
              "at least default_ttl (" + node.get("default_ttl").text() + ")");
    }
    long maxEntrySize = node.get("max_entry_size").size(CacheConfig.DEFAULT_MAX_ENTRY_SIZE);
    if (maxEntrySize > 64L * 1024 * 1024) {
      throw node.get("max_entry_size").invalid(node.get("max_entry_size").text(), "at most 64MB");
    }
    String redisUrl = node.get("redis_url").text("");
    Optional<Path> redissonConfig = existingFile(node.get("redisson_config"), home);
    if (!redisUrl.isEmpty() && !redisUrl.matches("rediss?://.+")) {
      throw node.get("redis_url")
          .invalid(
              redisUrl.replaceAll("(?<=://)([^@/]*)@", "***@"),
              "a URL like redis://host:6379 or rediss://:password@host:6380/0");
    }
    if (backend == CacheConfig.Backend.REDIS && redisUrl.isEmpty() == redissonConfig.isEmpty()) {
      throw new ConfigException(
          node.path() + ".backend", "redis needs exactly one of redis_url and redisson_config");
    }
    int maxMemoryMb =
        node.get("max_memory_mb").integer(CacheConfig.DEFAULT_MAX_MEMORY_MB, 1, 1_048_576);
    SemanticCacheConfig semantic = semantic(node.get("semantic"), providers);
    if (semantic.enabled() && semantic.maxMemoryMb() >= maxMemoryMb) {
      throw node.get("semantic")
          .get("max_memory_mb")
          .invalid(
              String.valueOf(semantic.maxMemoryMb()),
              "less than cache.max_memory_mb (" + maxMemoryMb + "), which it is part of");
    }
    return new CacheConfig(
        node.get("enabled").bool(true),
        backend,
        defaultTtl,
        maxTtl,
        node.get("max_size").integer(CacheConfig.DEFAULT_MAX_SIZE, 1, 100_000_000),
        maxMemoryMb,
        maxEntrySize,
        node.get("cleanup_period").duration(CacheConfig.DEFAULT_CLEANUP_PERIOD),
        node.get("only_deterministic").bool(false),
        choice(node.get("scope"), CacheConfig.Scope.class, CacheConfig.Scope.SHARED),
        existingFile(node.get("jcache_config"), home),
        new Secret(redisUrl),
        redissonConfig,
        node.get("redis_timeout").duration(CacheConfig.DEFAULT_REDIS_TIMEOUT),
        node.get("probe_period").duration(CacheConfig.DEFAULT_PROBE_PERIOD),
        semantic,
        warming(node.get("warming"), home, maxTtl));
  }

  private static SemanticCacheConfig semantic(ConfigNode node, List<ProviderConfig> providers) {
    if (node.isMissing()) {
      return SemanticCacheConfig.off();
    }
    node.allowOnly(SEMANTIC_KEYS);
    // YAML 1.1 reads an unquoted on/off as a boolean.
    String mode = node.get("default").text("on");
    boolean onByDefault = mode.equals("on") || mode.equals("true");
    if (!onByDefault && !mode.equals("off") && !mode.equals("false")) {
      throw node.get("default").invalid(mode, "on or off");
    }
    ConfigNode threshold = node.get("threshold");
    double value = SemanticCacheConfig.DEFAULT_THRESHOLD;
    try {
      value = threshold.isMissing() ? value : Double.parseDouble(threshold.text());
    } catch (NumberFormatException e) {
      value = Double.NaN;
    }
    if (!(value >= 0.5 && value <= 1)) {
      throw threshold.invalid(
          threshold.text(),
          "a cosine similarity from 0.5 to 1 (the measured default is "
              + SemanticCacheConfig.DEFAULT_THRESHOLD
              + ")");
    }
    return new SemanticCacheConfig(
        node.get("enabled").bool(false),
        onByDefault,
        value,
        node.get("max_memory_mb").integer(SemanticCacheConfig.DEFAULT_MAX_MEMORY_MB, 1, 1_048_576),
        providerEmbeddings(node.get("embeddings"), providers));
  }

  /** Null (the built-in model) when the section is absent. */
  private static ProviderEmbeddings providerEmbeddings(
      ConfigNode node, List<ProviderConfig> providers) {
    if (node.isMissing()) {
      return null;
    }
    node.allowOnly(EMBEDDINGS_KEYS);
    ConfigNode providerNode = node.get("provider");
    String provider = providerNode.text("");
    if (providers.stream().noneMatch(configured -> configured.id().equals(provider))) {
      throw providerNode.invalid(
          provider,
          "the id of a configured provider that serves /v1/embeddings ("
              + providers.stream().map(ProviderConfig::id).collect(Collectors.joining(", "))
              + ")");
    }
    ConfigNode modelNode = node.get("model");
    String model = modelNode.text("");
    if (model.isBlank()) {
      throw modelNode.invalid(model, "the embedding model to ask for, e.g. text-embedding-3-small");
    }
    ConfigNode dimensionsNode = node.get("dimensions");
    int dimensions =
        dimensionsNode.isMissing()
            ? ProviderEmbeddings.knownDimensions(model)
                .orElseThrow(
                    () ->
                        dimensionsNode.invalid(
                            "",
                            "the number of dimensions "
                                + model
                                + " answers with (known without saying only for OpenAI's models)"))
            : dimensionsNode.integer(0, 1, 65_536);
    return new ProviderEmbeddings(provider, model, dimensions);
  }

  private static List<WarmingJob> warming(ConfigNode node, Path home, Duration maxTtl) {
    List<WarmingJob> jobs = new ArrayList<>();
    for (ConfigNode entry : node.list()) {
      entry.allowOnly(WARMING_KEYS);
      boolean hasFile = !entry.get("file").isMissing();
      boolean hasReplay = !entry.get("replay").isMissing();
      if (hasFile == hasReplay) {
        throw new ConfigException(
            entry.path(),
            "a warming job needs exactly one of file (a JSON Lines file) and "
                + "replay (a duration like 7d: the request logs of that long back)");
      }
      ConfigNode everyNode = entry.get("every");
      if (everyNode.isMissing()) {
        throw new ConfigException(
            everyNode.path(), "is required: how often the job runs, a duration like 24h");
      }
      Duration every = everyNode.duration(null);
      if (every.compareTo(WarmingJob.MIN_EVERY) < 0) {
        throw everyNode.invalid(everyNode.text(), "at least 5m");
      }
      String asUser = entry.get("as_user").requiredText().trim();
      String namespace = entry.get("namespace").text();
      if (namespace != null && !NAMESPACE.matcher(namespace.trim()).matches()) {
        throw entry.get("namespace").invalid(namespace, "1 to 64 letters, digits, '.', '_' or '-'");
      }
      Optional<Duration> ttl = Optional.ofNullable(entry.get("ttl").duration(null));
      if (ttl.isPresent() && ttl.get().compareTo(maxTtl) > 0) {
        throw entry.get("ttl").invalid(entry.get("ttl").text(), "at most cache.max_ttl");
      }
      jobs.add(
          new WarmingJob(
              hasFile ? existingFile(entry.get("file"), home) : Optional.empty(),
              hasReplay ? Optional.of(entry.get("replay").duration(null)) : Optional.empty(),
              every,
              asUser,
              Optional.ofNullable(namespace).map(String::trim),
              ttl));
    }
    return jobs;
  }

  /** One of an enum's constants, written in lower case. */
  private static <E extends Enum<E>> E choice(ConfigNode node, Class<E> type, E fallback) {
    String value = node.text();
    if (value == null) {
      return fallback;
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(value.trim())) {
        return constant;
      }
    }
    throw node.invalid(
        value,
        "one of "
            + java.util.Arrays.stream(type.getEnumConstants())
                .map(constant -> constant.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", ")));
  }

  /** A file that must exist and be readable; a relative path is read from loom.home. */
  private static Optional<Path> existingFile(ConfigNode node, Path home) {
    String value = node.text();
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    Path file = home.resolve(value.trim()).toAbsolutePath().normalize();
    if (!java.nio.file.Files.isRegularFile(file) || !java.nio.file.Files.isReadable(file)) {
      throw node.invalid(value, "a readable file (looked for " + file + ")");
    }
    return Optional.of(file);
  }

  private static Set<String> orderedSet(String... keys) {
    return new LinkedHashSet<>(List.of(keys));
  }
}
