package loom.proxy;

import java.io.IOException;

/** The client closed its connection while the gateway was still writing the response. */
final class ClientDisconnectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ClientDisconnectedException(IOException cause) {
    super("client disconnected: " + cause.getMessage(), cause);
  }
}
