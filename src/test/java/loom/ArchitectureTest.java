package loom;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package rules of docs/ARCHITECTURE.md, checked on the compiled main classes: a package graph without cycles,
 * the web layers (api, dashboard) reaching storage and caches only through the features' services, and the
 * foundations (config, support, store, proxy) knowing nothing of the features built on them.
 */
@AnalyzeClasses(packages = "loom", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  /** Each package is its own slice: loom.cache and loom.cache.semantic may not need each other both ways either. */
  @ArchTest
  static final ArchRule packagesHaveNoCycles =
      slices().matching("loom.(**)").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule webLayersNeverTouchStorageOrCachesDirectly =
      noClasses()
          .that()
          .resideInAnyPackage("loom.api..", "loom.dashboard..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.jdbi..",
              "java.sql..",
              "javax.cache..",
              "org.ehcache..",
              "org.redisson..",
              "com.zaxxer.hikari..",
              "org.flywaydb..")
          .because(
              "Jersey resources and dashboard beans go through the features' services (docs/ARCHITECTURE.md)");

  @ArchTest
  static final ArchRule onlyTheBootstrapAssemblesTheWebLayers =
      noClasses()
          .that()
          .resideOutsideOfPackages("loom.bootstrap..", "loom.api..", "loom.dashboard..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("loom.api..", "loom.dashboard..")
          .because("features do not know who serves them over HTTP");

  @ArchTest
  static final ArchRule foundationsKnowNoFeature =
      noClasses()
          .that()
          .resideInAnyPackage("loom.config..", "loom.support..", "loom.store..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "loom.auth..",
              "loom.proxy..",
              "loom.analytics..",
              "loom.alerts..",
              "loom.cache..",
              "loom.api..",
              "loom.dashboard..",
              "loom.bootstrap..");

  @ArchTest
  static final ArchRule theProxyKnowsNoFeatureBuiltOnIt =
      noClasses()
          .that()
          .resideInAPackage("loom.proxy..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "loom.analytics..",
              "loom.alerts..",
              "loom.cache..",
              "loom.api..",
              "loom.dashboard..",
              "loom.bootstrap..")
          .because(
              "analytics, budgets and the cache wrap the proxy as filters; the proxy calls none of them");

  @ArchTest
  static final ArchRule theMeaningGuardsAreSelfContained =
      noClasses()
          .that()
          .resideInAPackage("loom.cache.semantic..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "loom.proxy..", "loom.cache", "loom.analytics..", "loom.store..", "loom.auth..");
}
