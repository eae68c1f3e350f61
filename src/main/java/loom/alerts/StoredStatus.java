package loom.alerts;

import loom.store.Store;

/** Keeps what became of each notification on its alert ({@code webhook_status}, {@code email_status}). */
final class StoredStatus implements AlertDispatcher.StatusSink {
  private final Store store;

  StoredStatus(Store store) {
    this.store = store;
  }

  @Override
  public void status(String alertId, String channel, String status) {
    store.write(
        handle -> {
          AlertsDao dao = handle.attach(AlertsDao.class);
          if ("webhook".equals(channel)) {
            dao.webhookStatus(alertId, status);
          } else if ("email".equals(channel)) {
            dao.emailStatus(alertId, status);
          }
          return null;
        });
  }
}
