package loom.api;

import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import loom.analytics.AnalyticsModule;
import loom.analytics.LogRowStore;
import loom.auth.Caller;
import loom.cache.CacheModule;
import loom.support.FieldError;
import loom.support.InvalidInputException;

/**
 * {@code /analytics} administration: repricing a time range after a price correction, and erasing a
 * user's logged data (a GDPR deletion request in one call). Admins only (the module enforces it).
 */
@Path("/analytics")
@Produces(MediaType.APPLICATION_JSON)
public final class AnalyticsAdminResource {
  private final AnalyticsModule analytics;
  private final CacheModule cache;

  @Inject
  public AnalyticsAdminResource(AnalyticsModule analytics, CacheModule cache) {
    this.analytics = analytics;
    this.cache = cache;
  }

  @POST
  @Path("reprice")
  @Consumes(MediaType.APPLICATION_JSON)
  public Dtos.RepriceView reprice(@Context HttpServletRequest request, Dtos.RepriceRequest body) {
    Dtos.RepriceRequest range = Dtos.required(body);
    List<FieldError> missing = new ArrayList<>();
    if (range.startTime() == null) {
      missing.add(
          new FieldError("start_time", "is required (RFC 3339, e.g. 2026-01-21T00:00:00Z)"));
    }
    if (range.endTime() == null) {
      missing.add(new FieldError("end_time", "is required (RFC 3339, e.g. 2026-01-22T00:00:00Z)"));
    }
    if (!missing.isEmpty()) {
      throw new InvalidInputException(missing);
    }
    AnalyticsModule.RepriceResult result =
        analytics.reprice(Caller.of(request), range.startTime(), range.endTime());
    return new Dtos.RepriceView(result.updated(), result.costDeltaUsd(), result.priceVersion());
  }

  @DELETE
  @Path("users/{user_id}/data")
  public Dtos.ErasureView erase(
      @Context HttpServletRequest request, @PathParam("user_id") String userId) {
    LogRowStore.ErasureCounts counts = analytics.eraseUser(Caller.of(request), userId);
    // The admin check passed above; the cache holds a user's own entries only with cache.scope:
    // user.
    return new Dtos.ErasureView(
        userId, counts.logs(), counts.rollupRows(), cache.eraseUser(userId));
  }
}
