package loom.testing;

import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.Assignable;
import org.jboss.shrinkwrap.api.Node;
import org.jboss.shrinkwrap.api.asset.Asset;
import org.jboss.shrinkwrap.api.exporter.ArchiveExportException;
import org.jboss.shrinkwrap.api.exporter.FileExistsException;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;

/**
 * ShrinkWrap's {@link ZipExporter} for {@link GatewayWar}'s archives, which writes each entry without compressing it
 * again. The Arquillian adapters export every deployment to a file through {@code ZipExporter}; ShrinkWrap's own one
 * deflates the WAR's 200 MB, nearly all jars that are compressed already, anew: about 15 s a deploy on two cores,
 * against 2 s here. The file is a few percent larger; the containers read it the same.
 */
public final class UncompressedZipExporter implements ZipExporter {
  private static final int BUFFER = 1 << 16;

  private final Archive<?> archive;

  /** Called by ShrinkWrap's extension loader, for {@code archive.as(ZipExporter.class)}. */
  public UncompressedZipExporter(Archive<?> archive) {
    this.archive = archive;
  }

  @Override
  public void exportTo(OutputStream target) {
    try {
      ZipOutputStream zip = new ZipOutputStream(target);
      zip.setLevel(Deflater.NO_COMPRESSION);
      byte[] buffer = new byte[BUFFER];
      // In path order, so a folder's entry comes before what it holds.
      Map<ArchivePath, Node> content = new TreeMap<>(archive.getContent());
      for (Node node : content.values()) {
        String name = node.getPath().get().substring(1);
        Asset asset = node.getAsset();
        if (name.isEmpty()) {
          continue; // the root
        }
        if (asset == null) {
          zip.putNextEntry(new ZipEntry(name + "/"));
        } else {
          zip.putNextEntry(new ZipEntry(name));
          try (InputStream in = asset.openStream()) {
            for (int read; (read = in.read(buffer)) > 0; ) {
              zip.write(buffer, 0, read);
            }
          }
        }
        zip.closeEntry();
      }
      zip.finish();
      target.flush();
    } catch (IOException e) {
      throw new ArchiveExportException("Cannot export " + archive.getName(), e);
    }
  }

  @Override
  public void exportTo(File target, boolean overwrite) {
    if (target.exists() && !overwrite) {
      throw new FileExistsException(target + " exists");
    }
    try (OutputStream out =
        new BufferedOutputStream(Files.newOutputStream(target.toPath()), BUFFER)) {
      exportTo(out);
    } catch (IOException e) {
      throw new ArchiveExportException("Cannot export " + archive.getName() + " to " + target, e);
    }
  }

  @Override
  public void exportTo(File target) {
    exportTo(target, false);
  }

  /** The archive from a temp file, deleted when the stream is closed. */
  @Override
  public InputStream exportAsInputStream() {
    try {
      Path file = Files.createTempFile("loom-export", ".zip");
      exportTo(file.toFile(), true);
      return Files.newInputStream(file, StandardOpenOption.DELETE_ON_CLOSE);
    } catch (IOException e) {
      throw new ArchiveExportException("Cannot export " + archive.getName(), e);
    }
  }

  @Override
  public <T extends Assignable> T as(Class<T> type) {
    return archive.as(type);
  }
}
