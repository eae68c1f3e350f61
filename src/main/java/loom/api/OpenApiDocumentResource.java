package loom.api;

import io.swagger.v3.jaxrs2.integration.resources.OpenApiResource;

/**
 * {@code GET /openapi.json}: the OpenAPI document swagger-core generates from this API's resources.
 * Registered as a class (Jersey warns about resource instances), so it carries its configuration.
 */
public final class OpenApiDocumentResource extends OpenApiResource {
  public OpenApiDocumentResource() {
    openApiConfiguration(ApiApplication.openApi());
  }
}
