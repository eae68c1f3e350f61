package loom.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.jboss.shrinkwrap.api.asset.ByteArrayAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UncompressedZipExporterTest {
  @TempDir Path dir;

  @Test
  void theAdaptersExportOfAGatewayWarHoldsEveryEntryByteForByte() throws IOException {
    byte[] binary = new byte[300_000];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) (i * 31 + i / 7);
    }
    WebArchive war =
        GatewayWar.exportedUncompressed()
            .getArchiveFactory()
            .create(WebArchive.class, "probe.war")
            .addAsManifestResource(new StringAsset("<Context/>"), "context.xml")
            .addAsWebInfResource(new StringAsset("<Configure/>"), "jetty-env.xml")
            .addAsLibrary(new ByteArrayAsset(binary), "big.jar");

    ZipExporter exporter = war.as(ZipExporter.class);
    assertThat(exporter).isInstanceOf(UncompressedZipExporter.class);
    File file = dir.resolve("probe.war").toFile();
    exporter.exportTo(file, true);

    try (ZipFile zip = new ZipFile(file)) {
      Map<String, byte[]> entries = new TreeMap<>();
      for (ZipEntry entry : Collections.list(zip.entries())) {
        try (InputStream in = zip.getInputStream(entry)) {
          entries.put(entry.getName(), in.readAllBytes());
        }
      }
      assertThat(entries.keySet())
          .contains("META-INF/", "WEB-INF/", "WEB-INF/lib/")
          .contains("META-INF/context.xml", "WEB-INF/jetty-env.xml", "WEB-INF/lib/big.jar");
      assertThat(new String(entries.get("META-INF/context.xml"), StandardCharsets.UTF_8))
          .isEqualTo("<Context/>");
      assertThat(entries.get("WEB-INF/lib/big.jar")).isEqualTo(binary);
    }
    // Not compressed again: the file is at least as large as what it holds.
    assertThat(file.length()).isGreaterThan(binary.length);
  }
}
