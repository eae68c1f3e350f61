package loom.dashboard;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import loom.analytics.AnalyticsQueries.LogOrder;
import loom.analytics.LogFilter;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;
import org.primefaces.model.SortOrder;

/**
 * The Logs table's lazy model: each page is one query of the analytics service (count, then the page's rows),
 * for the filter the page applied. The table's own column filters are not used (the form above it filters);
 * the only sort is by time, the one order an index serves on a million rows.
 */
final class LogLines extends LazyDataModel<LogLine> {
  /** The table's sortable column (its {@code field}). */
  static final String TIME = "time";

  private static final long serialVersionUID = 1L;

  /** Where the rows come from: the page bean, which knows the caller. */
  interface Source extends Serializable {
    long count(LogFilter filter);

    List<LogLine> rows(LogFilter filter, LogOrder order, int limit, int offset);
  }

  private final Source source;
  private final LogOrder unsorted;
  private LogFilter filter;

  LogLines(Source source, LogFilter filter) {
    this(source, filter, LogOrder.NEWEST_FIRST);
  }

  /** @param unsorted the order while the time column is not sorted (oldest first for a session's calls) */
  LogLines(Source source, LogFilter filter, LogOrder unsorted) {
    this.source = Objects.requireNonNull(source, "source");
    this.filter = Objects.requireNonNull(filter, "filter");
    this.unsorted = Objects.requireNonNull(unsorted, "unsorted");
  }

  LogFilter filter() {
    return filter;
  }

  void filter(LogFilter newFilter) {
    filter = Objects.requireNonNull(newFilter, "filter");
  }

  @Override
  public int count(Map<String, FilterMeta> filterBy) {
    return (int) Math.min(Integer.MAX_VALUE, source.count(filter));
  }

  @Override
  public List<LogLine> load(
      int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
    return source.rows(filter, orderOf(sortBy, unsorted), pageSize, first);
  }

  /** Oldest first only when the time column is sorted ascending; newest first otherwise (the default). */
  static LogOrder orderOf(Map<String, SortMeta> sortBy) {
    return orderOf(sortBy, LogOrder.NEWEST_FIRST);
  }

  /** The time column's sort when it is sorted, {@code unsorted} when it is not. */
  static LogOrder orderOf(Map<String, SortMeta> sortBy, LogOrder unsorted) {
    if (sortBy == null) {
      return unsorted;
    }
    for (SortMeta sort : sortBy.values()) {
      if (TIME.equals(sort.getField()) && sort.getOrder() == SortOrder.ASCENDING) {
        return LogOrder.OLDEST_FIRST;
      }
      if (TIME.equals(sort.getField()) && sort.getOrder() == SortOrder.DESCENDING) {
        return LogOrder.NEWEST_FIRST;
      }
    }
    return unsorted;
  }

  @Override
  public String getRowKey(LogLine line) {
    return line.id();
  }

  @Override
  public LogLine getRowData(String rowKey) {
    List<LogLine> shown = getWrappedData();
    return shown == null
        ? null
        : shown.stream().filter(line -> line.id().equals(rowKey)).findFirst().orElse(null);
  }
}
