package loom.dashboard;

import jakarta.faces.context.ExceptionHandler;
import jakarta.faces.context.ExceptionHandlerFactory;

/** Installs {@link DashboardExceptionHandler} around the default one (faces-config.xml names this factory). */
public final class DashboardExceptionHandlerFactory extends ExceptionHandlerFactory {
  public DashboardExceptionHandlerFactory(ExceptionHandlerFactory wrapped) {
    super(wrapped);
  }

  @Override
  public ExceptionHandler getExceptionHandler() {
    return new DashboardExceptionHandler(getWrapped().getExceptionHandler());
  }
}
