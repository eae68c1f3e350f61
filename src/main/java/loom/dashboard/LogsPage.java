package loom.dashboard;

import jakarta.annotation.PostConstruct;
import jakarta.faces.component.UIComponent;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import loom.analytics.AnalyticsQueries.LogOrder;
import loom.analytics.ExportFormat;
import loom.analytics.LogFilter;
import loom.analytics.UsageStats;
import loom.auth.Caller;
import org.primefaces.component.datatable.DataTable;
import org.primefaces.model.DefaultStreamedContent;
import org.primefaces.model.StreamedContent;

/**
 * {@code dashboard/logs.xhtml}: the logged requests of the chosen time range in a lazy table (a page per query),
 * the filter form above it, each row's details, and exports of the filtered rows through the API's export (same
 * writers, same audit trail). A user sees only their own requests; a team admin, filtering by their team, its
 * members'; an admin everyone's, and may pick a user. The Sessions page opens it on one session's calls, oldest first
 * ({@link LinkTo}).
 */
@Named
@ViewScoped
public class LogsPage implements Serializable, LogLines.Source {
  /** The export formats the page offers. */
  static final Set<ExportFormat> EXPORTS =
      Set.of(ExportFormat.CSV, ExportFormat.JSON, ExportFormat.NDJSON);

  /** The most users the admin's user menu lists (in name order). */
  static final int MAX_USERS = 1_000;

  private static final int EXPORT_BUFFER = 64 * 1024;
  private static final long serialVersionUID = 1L;

  @Inject Services services;
  @Inject CurrentUser currentUser;
  @Inject TimeRange timeRange;

  private final LogSearch search = new LogSearch();
  private Window window;
  private boolean admin;
  private boolean showsUsers;
  private boolean noRequests;
  private List<Choice> users = List.of();
  private List<Choice> providers = List.of();
  private List<Choice> models = List.of();
  private List<Choice> endpoints = List.of();
  private TeamNames teamNames;
  private boolean oldestFirst;
  private LogLines lines;

  @PostConstruct
  void load() {
    Caller caller = currentUser.caller();
    window = timeRange.window(Clock.systemUTC());
    admin = caller.isAdmin();
    teamNames = TeamNames.of(services.teams(), caller);
    // A team admin filtering by their team sees its members' calls: whose each one is matters to
    // them too.
    showsUsers = admin || !services.teams().teamsAdministeredBy(caller.userId()).isEmpty();
    oldestFirst =
        LinkTo.fromRequest(
            FacesContext.getCurrentInstance().getExternalContext().getRequestParameterMap(),
            search.getAttribution());
    UsageStats stats =
        services.analytics().stats(caller, LogFilter.ALL.withRange(window.start(), window.end()));
    noRequests = stats.totalRequests() == 0;
    providers = options(stats.requestsByProvider());
    models = options(stats.requestsByModel());
    endpoints = options(stats.requestsByEndpoint());
    if (admin) {
      users =
          services.users().list(caller, MAX_USERS, 0).stream()
              .map(user -> new Choice(user.id(), user.name()))
              .toList();
    }
    lines =
        new LogLines(
            this,
            search.toFilter(window, admin),
            oldestFirst ? LogOrder.OLDEST_FIRST : LogOrder.NEWEST_FIRST);
  }

  /** The providers, models or endpoints of the range, for a menu (requests without one cannot be picked). */
  static List<Choice> options(Map<String, Long> requestsByKey) {
    return requestsByKey.keySet().stream()
        .filter(key -> !ChartModels.NONE.equals(key))
        .sorted()
        .map(key -> new Choice(key, key))
        .toList();
  }

  // Actions
  // ------------------------------------------------------------------------------------------------

  /** Applies the form's filters (Faces has validated them) and shows their first page. */
  public void apply() {
    lines.filter(search.toFilter(window, admin));
    firstPage();
  }

  /** Clears the filters. */
  public void clear() {
    search.clear();
    apply();
  }

  /**
   * A download of every row of the applied filter in {@code format}, streamed from the database cursor through
   * the analytics export (recorded in its audit trail) as the browser reads it.
   */
  public StreamedContent export(String format) {
    ExportFormat chosen = ExportFormat.parse(format);
    if (!EXPORTS.contains(chosen)) {
      throw new IllegalArgumentException(
          "The Logs page exports csv, json or ndjson, not " + format);
    }
    Caller caller = currentUser.caller();
    LogFilter filter = lines.filter();
    Services exporter = services;
    return DefaultStreamedContent.builder()
        .name(chosen.filename(LocalDate.now(ZoneOffset.UTC)))
        .contentType(chosen.contentType())
        .writer(
            output -> {
              try {
                Writer out =
                    new BufferedWriter(
                        new OutputStreamWriter(output, StandardCharsets.UTF_8), EXPORT_BUFFER);
                exporter
                    .analytics()
                    .export(caller, filter, chosen, out, LogSearch.describe(filter));
                out.flush();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            })
        .build();
  }

  private void firstPage() {
    UIComponent table = FacesContext.getCurrentInstance().getViewRoot().findComponent("logs:table");
    if (table instanceof DataTable dataTable) {
      dataTable.setFirst(0);
    }
  }

  // LogLines.Source
  // ------------------------------------------------------------------------------------------

  @Override
  public long count(LogFilter filter) {
    return services.analytics().logCount(currentUser.caller(), filter);
  }

  @Override
  public List<LogLine> rows(LogFilter filter, LogOrder order, int limit, int offset) {
    Caller caller = currentUser.caller();
    Map<String, String> names = new HashMap<>();
    return services.analytics().logRows(caller, filter, order, limit, offset).stream()
        .map(
            log ->
                LogLine.of(
                    log,
                    id -> names.computeIfAbsent(id, key -> nameOf(caller, key)),
                    teamNames::nameOf))
        .toList();
  }

  private String nameOf(Caller caller, String userId) {
    if (userId.equals(caller.userId())) {
      return caller.userName();
    }
    return services.users().nameOf(userId).orElse("deleted user " + userId);
  }

  // Getters
  // ------------------------------------------------------------------------------------------------

  public LogSearch getSearch() {
    return search;
  }

  public LogLines getLines() {
    return lines;
  }

  public boolean isAdmin() {
    return admin;
  }

  /** Whether the table has a user column: for admins and team admins, who see others' calls. */
  public boolean isShowsUsers() {
    return showsUsers;
  }

  /** Whether the range has no requests at all, filters aside ("empty" is a reserved word in EL). */
  public boolean isNoRequests() {
    return noRequests;
  }

  public List<Choice> getUsers() {
    return users;
  }

  public List<Choice> getProviders() {
    return providers;
  }

  public List<Choice> getModels() {
    return models;
  }

  public List<Choice> getEndpoints() {
    return endpoints;
  }

  public int getMaxText() {
    return LogSearch.MAX_TEXT;
  }

  /** The teams the team filter offers: an admin's all, anyone else's their own. */
  public List<Choice> getTeams() {
    return teamNames.options();
  }

  /** Whether the table opened oldest first (a session's calls, from the Sessions page). */
  public boolean isOldestFirst() {
    return oldestFirst;
  }
}
