package loom.dashboard;

import jakarta.faces.component.UIComponent;
import jakarta.faces.context.FacesContext;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.primefaces.component.api.UIPageableData;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

/**
 * A table's rows, one page at a time, from a service's paged list and count (the same paging the REST API
 * does), so a long list is never loaded whole. Sorting and filtering are the service's (its order, the page's
 * own filter fields), not the table's.
 */
final class PagedRows<T> extends LazyDataModel<T> {
  private static final long serialVersionUID = 1L;

  /** One page of rows. */
  @FunctionalInterface
  interface Pager<T> extends Serializable {
    List<T> page(int limit, int offset);
  }

  /** How many rows there are in all. */
  @FunctionalInterface
  interface Counter extends Serializable {
    long count();
  }

  private final Pager<T> pager;
  private final Counter counter;
  private final RowKey<T> rowKey;

  /** The key of a row (its id), for the table's row keys. */
  @FunctionalInterface
  interface RowKey<T> extends Serializable {
    String keyOf(T row);
  }

  PagedRows(Pager<T> pager, Counter counter, RowKey<T> rowKey) {
    this.pager = pager;
    this.counter = counter;
    this.rowKey = rowKey;
  }

  @Override
  public int count(Map<String, FilterMeta> filterBy) {
    return (int) Math.min(Integer.MAX_VALUE, counter.count());
  }

  @Override
  public List<T> load(
      int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
    return pager.page(Math.max(1, pageSize), Math.max(0, first));
  }

  @Override
  public String getRowKey(T row) {
    return rowKey.keyOf(row);
  }

  @Override
  public T getRowData(String key) {
    List<T> rows = getWrappedData();
    return rows == null
        ? null
        : rows.stream().filter(row -> rowKey.keyOf(row).equals(key)).findFirst().orElse(null);
  }

  /** Shows the first page of the table with this client id again (after the page's own filter changed). */
  static void showFirstPage(String tableClientId) {
    UIComponent table =
        FacesContext.getCurrentInstance().getViewRoot().findComponent(tableClientId);
    if (table instanceof UIPageableData pageable) {
      pageable.setFirst(0);
    }
  }
}
