package loom.api;

import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import loom.alerts.Alert;
import loom.alerts.AlertService;
import loom.alerts.AlertSettings;
import loom.alerts.BudgetScope;
import loom.auth.Caller;

/**
 * {@code /alerts}: spending alerts (a user's own, an admin's all), acknowledging them, the budgets and
 * channels of the caller (admins: of any user or {@code global}), running the checks now and sending a test
 * notification. Thin: each call is one service call.
 */
@Path("/alerts")
@Produces(MediaType.APPLICATION_JSON)
public final class AlertsResource {
  private final AlertService alerts;

  @Inject
  public AlertsResource(AlertService alerts) {
    this.alerts = alerts;
  }

  @GET
  public Dtos.AlertList list(@Context HttpServletRequest request, @Context UriInfo uri) {
    Caller caller = Caller.of(request);
    AnalyticsParams params =
        AnalyticsParams.only(
            uri.getQueryParameters(),
            "acknowledged",
            "user_id",
            "team_id",
            "api_key_id",
            "limit",
            "offset");
    Boolean acknowledged = params.parsed("acknowledged", AlertsResource::bool);
    String scope = scopeOf(params);
    Page page = Page.of(params.text("limit"), params.text("offset"));
    return new Dtos.AlertList(
        alerts.list(caller, scope, acknowledged, page.limit(), page.offset()),
        alerts.count(caller, scope, acknowledged),
        page.limit(),
        page.offset());
  }

  @POST
  @Path("{id}/ack")
  public Alert acknowledge(@Context HttpServletRequest request, @PathParam("id") String id) {
    return alerts.acknowledge(Caller.of(request), id);
  }

  @GET
  @Path("config")
  public AlertSettings config(@Context HttpServletRequest request, @Context UriInfo uri) {
    return alerts.settings(Caller.of(request), scope(uri));
  }

  @PUT
  @Path("config")
  @Consumes(MediaType.APPLICATION_JSON)
  public AlertSettings saveConfig(
      @Context HttpServletRequest request, @Context UriInfo uri, Dtos.AlertSettingsRequest body) {
    Dtos.AlertSettingsRequest update = Dtos.required(body);
    return alerts.saveSettings(Caller.of(request), scope(uri), update.toSettings());
  }

  @POST
  @Path("check")
  public Dtos.RaisedAlerts check(@Context HttpServletRequest request) {
    return new Dtos.RaisedAlerts(alerts.checkNow(Caller.of(request)));
  }

  @POST
  @Path("test-notification")
  public Map<String, String> testNotification(
      @Context HttpServletRequest request, @Context UriInfo uri) {
    return alerts.testNotification(Caller.of(request), scope(uri));
  }

  /**
   * Whose settings: {@code user_id} (a user's id, or {@code global}), {@code team_id} or {@code api_key_id}, at most
   * one, checked for unknown parameters; null for the caller.
   */
  private static String scope(UriInfo uri) {
    return scopeOf(
        AnalyticsParams.only(uri.getQueryParameters(), "user_id", "team_id", "api_key_id"));
  }

  /** The scope the parameters name (see {@link #scope}), after checking every parameter. */
  private static String scopeOf(AnalyticsParams params) {
    String user = params.text("user_id");
    String team = params.text("team_id");
    String key = params.text("api_key_id");
    if ((user != null ? 1 : 0) + (team != null ? 1 : 0) + (key != null ? 1 : 0) > 1) {
      params.reject("user_id", "name one of user_id, team_id and api_key_id, not several");
    }
    params.check();
    return team != null
        ? BudgetScope.team(team).stored()
        : key != null ? BudgetScope.key(key).stored() : user;
  }

  private static Boolean bool(String value) {
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("must be true or false; got '" + value + "'");
    };
  }
}
