package loom.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;
  private final Map<String, String> env = new HashMap<>();
  private final Map<String, String> props = new HashMap<>();
  private Path home;

  @BeforeEach
  void homeInTempDir() throws IOException {
    home = Files.createDirectories(dir.resolve("home"));
    props.put("loom.home", home.toString());
  }

  private ConfigLoader loader() {
    return new ConfigLoader(env::get, props::get);
  }

  private GatewayConfig parse(String yaml) {
    return loader().parse(yaml, home, "test.yaml");
  }

  private Path write(String name, String yaml) throws IOException {
    return Files.writeString(dir.resolve(name), yaml);
  }

  @Test
  void runsTheDemoProviderWhenThereIsNoFile() {
    GatewayConfig config = loader().load(Optional.empty());

    assertThat(config.source()).isEqualTo("built-in defaults");
    assertThat(config.providers()).extracting(ProviderConfig::id).containsExactly("demo");
    assertThat(config.providers().get(0).type()).isEqualTo(ProviderType.DEMO);
    assertThat(config.routing().defaultProvider()).isEqualTo("demo");
    assertThat(config.server().maxBodyBytes()).isEqualTo(4L * 1024 * 1024);
    assertThat(config.server().upstreamTimeout()).isEqualTo(Duration.ofSeconds(120));
    assertThat(config.home()).isEqualTo(home);
  }

  @Test
  void homeDefaultsToDotLoomInTheUsersHome() {
    props.remove("loom.home");
    props.put("user.home", dir.toString());

    assertThat(loader().home()).isEqualTo(dir.resolve(".loom"));
  }

  @Test
  void systemPropertyWinsOverEnvironmentJndiAndHome() throws IOException {
    props.put(
        "loom.config",
        write(
                "prop.yaml",
                "routing: {default_provider: demo}\nproviders: [{id: fromprop, type: demo}, {id: demo, type: demo}]")
            .toString());
    env.put("LOOM_CONFIG", write("env.yaml", "providers: [{id: fromenv, type: demo}]").toString());
    Files.writeString(home.resolve("loom.yaml"), "providers: [{id: fromhome, type: demo}]");

    GatewayConfig config =
        loader()
            .load(
                Optional.of(
                    write("jndi.yaml", "providers: [{id: fromjndi, type: demo}]").toString()));

    assertThat(config.providers().get(0).id()).isEqualTo("fromprop");
  }

  @Test
  void environmentWinsOverJndiAndJndiOverHome() throws IOException {
    env.put("LOOM_CONFIG", write("env.yaml", "providers: [{id: fromenv, type: demo}]").toString());
    Path jndi = write("jndi.yaml", "providers: [{id: fromjndi, type: demo}]");
    Files.writeString(home.resolve("loom.yaml"), "providers: [{id: fromhome, type: demo}]");

    assertThat(loader().load(Optional.of(jndi.toString())).providers().get(0).id())
        .isEqualTo("fromenv");
    env.remove("LOOM_CONFIG");
    assertThat(loader().load(Optional.of(jndi.toString())).providers().get(0).id())
        .isEqualTo("fromjndi");
    assertThat(loader().load(Optional.empty()).providers().get(0).id()).isEqualTo("fromhome");
  }

  @Test
  void aNamedFileThatDoesNotExistStopsTheDeploy() {
    props.put("loom.config", dir.resolve("missing.yaml").toString());

    assertThatThrownBy(() -> loader().load(Optional.empty()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("missing.yaml")
        .hasMessageContaining("does not exist");
  }

  @Test
  void readsEveryProviderSetting() {
    env.put("OPENAI_API_KEY", "sk-secret");
    GatewayConfig config =
        parse(
            """
        server: { max_body: 1MB, upstream_timeout: 30s, connect_timeout: 2s, max_concurrent_requests: 64, inline_calls: 0 }
        providers:
          - id: openai
            type: openai
            base_url: https://api.openai.com/v1/
            api_key: ${OPENAI_API_KEY}
            models: [gpt-4o, gpt-4o-mini]
            headers: { OpenAI-Organization: org-1 }
            upstream_timeout: 10s
            max_connections: 20
            max_in_flight: 12
          - id: demo
            type: demo
        routing: { default_provider: demo }
        """);

    ProviderConfig openai = config.findProvider("openai").orElseThrow();
    assertThat(openai.baseUrl()).hasToString("https://api.openai.com/v1");
    assertThat(openai.apiKey().value()).isEqualTo("sk-secret");
    assertThat(openai.apiKey()).hasToString("***");
    assertThat(openai.models()).containsExactly("gpt-4o", "gpt-4o-mini");
    assertThat(openai.headers()).containsEntry("OpenAI-Organization", "org-1");
    assertThat(openai.upstreamTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(openai.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(openai.maxConnections()).isEqualTo(20);
    assertThat(openai.maxInFlight()).isEqualTo(12);
    assertThat(config.server().maxBodyBytes()).isEqualTo(1024 * 1024);
    assertThat(config.server().maxConcurrentRequests()).isEqualTo(64);
    assertThat(config.server().inlineCalls()).isZero();
    assertThat(config.routing().defaultProvider()).isEqualTo("demo");
  }

  @Test
  void theFirstProviderIsTheDefaultWhenRoutingSaysNothing() {
    GatewayConfig config = parse("providers: [{id: a, type: demo}, {id: b, type: demo}]");

    assertThat(config.routing().defaultProvider()).isEqualTo("a");
  }

  @Test
  void resolvesReferencesWithDefaultsEscapesAndLoomHome() {
    props.put("it.port", "9999");
    GatewayConfig config =
        parse(
            """
        providers:
          - { id: local, type: openai, base_url: "http://127.0.0.1:${it.port}/v1", api_key: "${MISSING:-fallback}",
              headers: { X-Price: "$$5" } }
          - { id: demo, type: demo, models: ["${loom.home}"] }
        """);

    ProviderConfig local = config.findProvider("local").orElseThrow();
    assertThat(local.baseUrl()).hasToString("http://127.0.0.1:9999/v1");
    assertThat(local.apiKey().value()).isEqualTo("fallback");
    assertThat(local.headers()).containsEntry("X-Price", "$5");
    assertThat(config.findProvider("demo").orElseThrow().models()).containsExactly(home.toString());
  }

  @Test
  void anUnsetReferenceNamesTheKeyAndTheVariable() {
    assertThatThrownBy(
            () ->
                parse(
                    "providers: [{id: o, type: openai, base_url: 'http://x/v1', api_key: '${OPENAI_API_KEY}'}]"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "providers[0].api_key: refers to ${OPENAI_API_KEY}, which is not set");
  }

  @Test
  void anUnknownProviderTypeIsNamedWithTheAllowedTypes() {
    assertThatThrownBy(() -> parse("providers: [{id: g, type: gemini}]"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("providers[0].type: must be one of openai, anthropic, demo; got 'gemini'");
  }

  @Test
  void anAnthropicProviderDefaultsToAnthropicsApiAndServesMessages() {
    ProviderConfig claude =
        parse("providers: [{id: claude, type: anthropic, api_key: k}]").providers().get(0);
    assertThat(claude.baseUrl()).hasToString("https://api.anthropic.com/v1");
    assertThat(claude.serves(WireApi.MESSAGES)).isTrue();
    assertThat(claude.serves(WireApi.CHAT)).isFalse();
    ProviderConfig hosted =
        parse("providers: [{id: c, type: anthropic, base_url: 'https://proxy.example/anthropic/'}]")
            .providers()
            .get(0);
    assertThat(hosted.baseUrl()).hasToString("https://proxy.example/anthropic/v1");
  }

  @Test
  void aProviderDeclaresTheApisItServes() {
    ProviderConfig openai =
        parse("providers: [{id: o, type: openai, base_url: 'http://x/v1'}]").providers().get(0);
    assertThat(openai.apis()).containsExactlyInAnyOrder(WireApi.CHAT, WireApi.RESPONSES);
    ProviderConfig vllm =
        parse("providers: [{id: v, type: openai, base_url: 'http://x/v1', apis: [chat, messages]}]")
            .providers()
            .get(0);
    assertThat(vllm.apis()).containsExactlyInAnyOrder(WireApi.CHAT, WireApi.MESSAGES);
    assertThatThrownBy(
            () ->
                parse("providers: [{id: v, type: openai, base_url: 'http://x/v1', apis: [grpc]}]"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("providers[0].apis: must be a list of chat, responses, messages; got 'grpc'");
  }

  @Test
  void aBadDurationIsNamedWithTheAcceptedFormat() {
    assertThatThrownBy(() -> parse("server: {upstream_timeout: 5 minutes}"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "server.upstream_timeout: must be a duration like 500ms, 30s, 5m, 2h or 90d; got '5 minutes'");
  }

  @Test
  void aZeroDurationIsRejected() {
    assertThatThrownBy(() -> parse("providers: [{id: demo, type: demo, connect_timeout: 0s}]"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "providers[0].connect_timeout: must be a duration like 500ms, 30s, 5m, 2h or 90d, greater than zero; got '0s'");
  }

  @Test
  void aMissingBaseUrlIsNamed() {
    assertThatThrownBy(
            () -> parse("providers: [{id: demo, type: demo}, {id: openai, type: openai}]"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "providers[1].base_url: is required for a provider of type openai (for example https://api.openai.com/v1)");
  }

  @Test
  void aBaseUrlThatIsNotHttpIsRejected() {
    assertThatThrownBy(
            () -> parse("providers: [{id: o, type: openai, base_url: 'ftp://example.com/v1'}]"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "providers[0].base_url: must be an absolute http:// or https:// URL")
        .hasMessageEndingWith("got 'ftp://example.com/v1'");
  }

  @Test
  void aDuplicateProviderIdIsNamedWithBothPlaces() {
    assertThatThrownBy(() -> parse("providers: [{id: demo, type: demo}, {id: demo, type: demo}]"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "providers[1].id: 'demo' is already the id of providers[0]; provider ids must be unique");
  }

  @Test
  void anUnknownKeyIsRejectedWithTheAllowedKeys() {
    assertThatThrownBy(() -> parse("server: {max_bdy: 4MB}"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "server.max_bdy: is not a known key; allowed here: max_body, upstream_timeout, connect_timeout, max_concurrent_requests, inline_calls");
  }

  @Test
  void aBadSizeIsNamedWithTheAcceptedFormat() {
    assertThatThrownBy(() -> parse("server: {max_body: 4 megs}"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "server.max_body: must be a size like 512KB, 4MB or 1GB (or a number of bytes); got '4 megs'");
  }

  @Test
  void aDefaultProviderThatDoesNotExistIsNamedWithTheIds() {
    assertThatThrownBy(
            () -> parse("providers: [{id: demo, type: demo}]\nrouting: {default_provider: openai}"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "routing.default_provider: must be the id of a configured provider (demo); got 'openai'");
  }

  @Test
  void aProviderIdWithASlashIsRejected() {
    assertThatThrownBy(() -> parse("providers: [{id: 'a/b', type: demo}]"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("providers[0].id: must be letters, digits");
  }

  @Test
  void anEmptyProviderListIsRejected() {
    assertThatThrownBy(() -> parse("providers: []"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("providers: must list at least one provider");
  }

  @Test
  void invalidYamlNamesTheFileAndLine() {
    assertThatThrownBy(() -> parse("server:\n  max_body: [unclosed\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("test.yaml is not valid YAML");
  }

  @Test
  void aProviderTakesAsManyCallsAsItHasConnectionsUnlessToldOtherwise() {
    GatewayConfig config =
        parse(
            """
        providers:
          - { id: big, type: demo }
          - { id: small, type: demo, max_connections: 8 }
          - { id: huge, type: demo, max_connections: 1100 }
        """);

    assertThat(config.findProvider("big").orElseThrow().maxInFlight())
        .isEqualTo(ProviderConfig.DEFAULT_MAX_IN_FLIGHT);
    assertThat(config.findProvider("small").orElseThrow().maxInFlight()).isEqualTo(8);
    // Not capped at the default pool's 200 (bench/faults.sh's 1,000 streams got 429 there).
    assertThat(config.findProvider("huge").orElseThrow().maxInFlight()).isEqualTo(1100);
  }

  @Test
  void moreCallsInFlightThanConnectionsIsRejectedNamingBoth() {
    assertThatThrownBy(
            () -> parse("providers: [{id: a, type: demo, max_connections: 4, max_in_flight: 5}]"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "providers[0].max_in_flight: must be a whole number from 1 to max_connections (4), since calls "
                + "beyond the pool would wait for a connection; got '5'");
  }

  @Test
  void aMaxInFlightOfZeroIsRejected() {
    assertThatThrownBy(() -> parse("providers: [{id: a, type: demo, max_in_flight: 0}]"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("providers[0].max_in_flight: must be a whole number from 1 to 100000; got '0'");
  }

  @Test
  void aPricingProviderIsReadInLowerCaseAndIsOptional() {
    GatewayConfig config =
        parse(
            """
        providers:
          - { id: proxy, type: openai, base_url: "https://llm.example.com/v1", pricing_provider: " Anthropic " }
          - { id: plain, type: openai, base_url: "https://api.openai.com/v1" }
        """);

    assertThat(config.findProvider("proxy").orElseThrow().findPricingProvider())
        .hasValue("anthropic");
    assertThat(config.findProvider("plain").orElseThrow().findPricingProvider()).isEmpty();
    assertThat(ProviderConfig.demo(config.server()).findPricingProvider()).isEmpty();
  }

  @Test
  void aPricingProviderThatCannotBeAnIdIsRejected() {
    assertThatThrownBy(() -> parse("providers: [{id: a, type: demo, pricing_provider: 'open ai'}]"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "providers[0].pricing_provider: must be the id of a price list provider")
        .hasMessageEndingWith("got 'open ai'");
  }

  @Test
  void anOutOfRangeNumberNamesTheRange() {
    assertThatThrownBy(() -> parse("server: {max_concurrent_requests: 0}"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "server.max_concurrent_requests: must be a whole number from 1 to 100000; got '0'");
  }

  @Test
  void theStoreIsASqliteFileInHomeByDefault() {
    GatewayConfig config = loader().load(Optional.empty());

    assertThat(config.storage().url()).isEqualTo("jdbc:sqlite:" + home.resolve("loom.db"));
    assertThat(config.storage().isSqlite()).isTrue();
  }

  @Test
  void rollupsMustOutliveTheLogsTheySum() {
    assertThatThrownBy(() -> parse("storage: {retention: 90d, rollup_retention: 20h}"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "storage.rollup_retention: must be a duration at least as long as storage.retention (90d); got '20h'");
    assertThat(parse("storage: {retention: 1000d}").storage().rollupRetention())
        .isEqualTo(java.time.Duration.ofDays(1000));
    assertThat(parse("storage: {retention: 30d}").storage().rollupRetention())
        .isEqualTo(java.time.Duration.ofDays(730));
  }

  @Test
  void alertsAreReadAndCheckedLikeEverythingElse() {
    GatewayConfig config =
        parse(
            "alerts: {timezone: Europe/Berlin, daily_budget_usd: none, monthly_budget_usd: 12.5,"
                + " enforce: true, email_to: [ops@example.com], smtp: {host: mail.example.com, port: 2525}}");
    assertThat(config.alerts().timezone()).isEqualTo(java.time.ZoneId.of("Europe/Berlin"));
    assertThat(config.alerts().dailyBudgetUsd()).isEmpty();
    assertThat(config.alerts().monthlyBudgetUsd()).contains(new java.math.BigDecimal("12.5"));
    assertThat(config.alerts().enforce()).isTrue();
    assertThat(config.alerts().smtp().port()).isEqualTo(2525);
    assertThat(config.alerts().smtp().startTls()).isTrue();
    assertThat(config.alerts().emailTo()).containsExactly("ops@example.com");
    assertThatThrownBy(() -> parse("alerts: {timezone: Mars/Olympus}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alerts.timezone");
    assertThatThrownBy(() -> parse("alerts: {daily_budget_usd: -5}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alerts.daily_budget_usd");
    assertThatThrownBy(() -> parse("alerts: {webhook_url: ftp://example.com}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alerts.webhook_url");
    assertThatThrownBy(() -> parse("alerts: {anomaly_threshold: 0}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alerts.anomaly_threshold");
  }

  @Test
  void usersWebhooksMayReachNoPrivateNetworkUnlessTheFileAllowsItByNetworkAddressOrName()
      throws Exception {
    assertThat(parse("alerts: {check_period: 5m}").alerts().webhook().allowedPrivateNetworks())
        .isEqualTo(AlertsConfig.AllowedPrivateNetworks.NONE);

    AlertsConfig.AllowedPrivateNetworks allowed =
        parse(
                "alerts:\n  webhook_allowed_private_networks: [10.20.0.0/16,"
                    + " 127.0.0.1, 'fd00::/8', '::1', Hooks.Internal.Example, 'relay.example.']")
            .alerts()
            .webhook()
            .allowedPrivateNetworks();

    assertThat(allowed.networks())
        .extracting(AddressRange::toString)
        .containsExactly(
            "10.20.0.0/16", "127.0.0.1/32", "fd00:0:0:0:0:0:0:0/8", "0:0:0:0:0:0:0:1/128");
    assertThat(allowed.hostNames())
        .containsExactlyInAnyOrder("hooks.internal.example", "relay.example");
    assertThat(allowed.contains(java.net.InetAddress.getByName("10.20.255.255"))).isTrue();
    assertThat(allowed.contains(java.net.InetAddress.getByName("10.21.0.0"))).isFalse();
    assertThat(allowed.contains(java.net.InetAddress.getByName("127.0.0.2"))).isFalse();
    assertThat(allowed.contains(java.net.InetAddress.getByName("fdff::1"))).isTrue();
    assertThat(allowed.containsHostName("HOOKS.internal.example.")).isTrue();
  }

  @Test
  void aBadAllowedPrivateNetworkStopsTheDeployNamingTheEntry() {
    String format =
        "must be a network like 10.20.0.0/16 or fd00::/8, an address like 127.0.0.1, or an exact host"
            + " name like hooks.internal.example; got ";
    assertThatThrownBy(
            () -> parse("alerts: {webhook_allowed_private_networks: [10.0.0.0/8, 10.20.0.0/33]}"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "alerts.webhook_allowed_private_networks[1]: "
                + format
                + "'10.20.0.0/33' (the prefix length of an IPv4 network is 0 to 32)");
    assertThatThrownBy(() -> parse("alerts: {webhook_allowed_private_networks: [10.20.0.1/16]}"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "alerts.webhook_allowed_private_networks[0]: "
                + format
                + "'10.20.0.1/16' (10.20.0.1 has bits set after the /16 prefix; the network is 10.20.0.0/16)");
    assertThatThrownBy(() -> parse("alerts: {webhook_allowed_private_networks: ['fd00::/129']}"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "alerts.webhook_allowed_private_networks[0]: "
                + format
                + "'fd00::/129' (the prefix length of an IPv6 network is 0 to 128)");
    assertThatThrownBy(() -> parse("alerts: {webhook_allowed_private_networks: [300.1.1.1]}"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "alerts.webhook_allowed_private_networks[0]: "
                + format
                + "'300.1.1.1' ('300.1.1.1' is not an IPv4 or IPv6 address)");
    assertThatThrownBy(
            () -> parse("alerts: {webhook_allowed_private_networks: ['*.internal.example']}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "alerts.webhook_allowed_private_networks[0]: " + format + "'*.internal.example'");
    assertThatThrownBy(() -> parse("alerts: {webhook_allowed_private_networks: 10.0.0.0/8}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("alerts.webhook_allowed_private_networks: must be a list");
    assertThatThrownBy(() -> parse("alerts: {webhook_allowed_private_networks: ['']}"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("alerts.webhook_allowed_private_networks[0]: is required");
    assertThatThrownBy(() -> parse("alerts: {webhook_allowed_networks: [10.0.0.0/8]}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alerts.webhook_allowed_networks: is not a known key");
  }

  @Test
  void readsAPostgresStoreWithCredentials() {
    env.put("PGPASSWORD_LOOM", "pg-secret");
    GatewayConfig config =
        parse(
            "storage: {url: 'jdbc:postgresql://db:5432/loom', username: loom, password: '${PGPASSWORD_LOOM}'}");

    assertThat(config.storage().isPostgres()).isTrue();
    assertThat(config.storage().username()).isEqualTo("loom");
    assertThat(config.storage().password().value()).isEqualTo("pg-secret");
    assertThat(config.storage().password()).hasToString("***");
  }

  @Test
  void aStoreUrlOfAnotherDatabaseIsRejected() {
    assertThatThrownBy(() -> parse("storage: {url: 'jdbc:mysql://db/loom?password=hunter2'}"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "storage.url: must be a jdbc:sqlite:/path/to/loom.db or jdbc:postgresql://host:5432/db URL; "
                + "got 'jdbc:mysql://db/loom?password=***'");
  }

  @Test
  void anInMemorySqliteStoreIsRejected() {
    assertThatThrownBy(() -> parse("storage: {url: 'jdbc:sqlite::memory:'}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("storage.url: must be a jdbc:sqlite:/path/to/loom.db");
  }

  @Test
  void bootstrapSecretsComeFromTheEnvironmentWhenTheFileSaysNothing() {
    env.put("LOOM_ADMIN_KEY", "lk-from-the-environment-0001");
    env.put("LOOM_ADMIN_PASSWORD", "correct horse");

    AuthConfig auth = loader().load(Optional.empty()).auth();

    assertThat(auth.bootstrapAdminKey().value()).isEqualTo("lk-from-the-environment-0001");
    assertThat(auth.bootstrapAdminPassword().value()).isEqualTo("correct horse");
    assertThat(auth.keyCacheTtl()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void withoutBootstrapSecretsTheyAreLeftToBeGenerated() {
    AuthConfig auth = loader().load(Optional.empty()).auth();

    assertThat(auth.bootstrapAdminKey().isEmpty()).isTrue();
    assertThat(auth.bootstrapAdminPassword().isEmpty()).isTrue();
  }

  @Test
  void aWeakBootstrapKeyIsRejectedWithoutEchoingIt() {
    assertThatThrownBy(() -> parse("auth: {bootstrap_admin_key: 'secret123'}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "auth.bootstrap_admin_key: must be 'lk-' followed by at least 16 characters")
        .hasMessageNotContaining("secret123");
  }

  @Test
  void aShortBootstrapPasswordIsRejectedWithoutEchoingIt() {
    assertThatThrownBy(() -> parse("auth: {bootstrap_admin_password: 'abc'}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("auth.bootstrap_admin_password: must be at least 8 characters")
        .hasMessageNotContaining("'abc'");
  }

  @Test
  void anEmptyFileRunsTheDefaults() {
    GatewayConfig config = parse("");

    assertThat(config.providers()).extracting(ProviderConfig::id).containsExactly("demo");
  }

  @Test
  void semanticEmbeddingsThroughAProviderNameAConfiguredProviderAndKnowTheSizeOfOpenAisModels() {
    String providers =
        "providers: [{id: oa, type: openai, base_url: 'http://127.0.0.1:1/v1', api_key: k}]\n";

    SemanticCacheConfig known =
        parse(
                providers
                    + "cache: {semantic: {enabled: true, embeddings: {provider: oa,"
                    + " model: text-embedding-3-large}}}")
            .cache()
            .semantic();
    SemanticCacheConfig sized =
        parse(
                providers
                    + "cache: {semantic: {enabled: true, embeddings: {provider: oa,"
                    + " model: my-embedder, dimensions: 768}}}")
            .cache()
            .semantic();

    assertThat(known.providerEmbeddings())
        .isEqualTo(new ProviderEmbeddings("oa", "text-embedding-3-large", 3072));
    assertThat(sized.providerEmbeddings())
        .isEqualTo(new ProviderEmbeddings("oa", "my-embedder", 768));
    assertThat(
            parse(providers + "cache: {semantic: {enabled: true}}")
                .cache()
                .semantic()
                .providerEmbeddings())
        .as("the built-in model")
        .isNull();
    assertThatThrownBy(
            () ->
                parse(
                    providers
                        + "cache: {semantic: {embeddings: {provider: openai,"
                        + " model: text-embedding-3-small}}}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cache.semantic.embeddings.provider")
        .hasMessageContaining("(oa)");
    assertThatThrownBy(
            () ->
                parse(
                    providers
                        + "cache: {semantic: {embeddings: {provider: oa, model: my-embedder}}}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cache.semantic.embeddings.dimensions");
    assertThatThrownBy(() -> parse(providers + "cache: {semantic: {embeddings: {provider: oa}}}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cache.semantic.embeddings.model");
  }
}
