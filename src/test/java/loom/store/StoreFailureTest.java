package loom.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import loom.config.Secret;
import loom.config.StorageConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreFailureTest {
  @TempDir Path dir;

  @Test
  void sqliteStoreWhoseFolderCannotBeCreatedFailsNamingThePath() throws IOException {
    // Tests run as root here, where permissions stop nothing; a file where the folder should be
    // does.
    Path notAFolder = Files.writeString(dir.resolve("not-a-folder"), "a file");
    Path folder = notAFolder.resolve("data");
    StorageConfig config =
        new StorageConfig("jdbc:sqlite:" + folder.resolve("loom.db"), "", new Secret(""));

    assertThatThrownBy(() -> Store.open(config))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(folder.toString());
  }

  @Test
  void postgresStoreNobodyListensOnFailsNamingTheUrl() throws IOException {
    String url = "jdbc:postgresql://127.0.0.1:" + closedPort() + "/loom";
    StorageConfig config = new StorageConfig(url, "loom", new Secret("secret"));

    assertThatThrownBy(() -> Store.open(config))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(url)
        .hasMessageNotContaining("secret");
  }

  /** A port that was free a moment ago and that nothing listens on now. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
