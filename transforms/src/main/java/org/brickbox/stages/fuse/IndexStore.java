package org.brickbox.stages.fuse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.brickbox.embed.Npy;
import org.brickbox.fuse.ExactSearch;
import org.brickbox.fuse.HnswSearch;
import org.brickbox.fuse.ReferenceIndex;
import org.brickbox.fuse.ReferenceView;
import org.brickbox.fuse.VectorSearch;
import org.brickbox.io.files.OutputFiles;
import org.brickbox.io.records.Json;

/**
 * Writes and opens {@code OUT/index/}: {@code index.json}, {@code references.jsonl} (one reference view per line,
 * in vector order), {@code vectors.npy} (float32, one row per reference; readable with numpy) and, for HNSW
 * search, Lucene's files under {@code hnsw/}. Every file is written atomically through Beam FileSystems.
 */
public final class IndexStore {
  private IndexStore() {}

  /** A reference index opened for queries, with its manifest. */
  public record Opened(IndexManifest manifest, ReferenceIndex index) implements AutoCloseable {
    @Override
    public void close() {
      index.close();
    }
  }

  /** Writes the index; {@code hnswDir} is the local Lucene directory when the search is HNSW, else null. */
  public static List<String> write(String indexDir, IndexManifest manifest, List<ReferenceView> views,
      float[][] vectors, Path hnswDir) throws IOException {
    List<String> written = new ArrayList<>();
    StringBuilder lines = new StringBuilder();
    for (ReferenceView v : views) lines.append(Json.line(v)).append('\n');
    written.add(put(indexDir, IndexManifest.REFERENCES, lines.toString().getBytes(StandardCharsets.UTF_8), "application/x-ndjson"));
    ByteArrayOutputStream npy = new ByteArrayOutputStream();
    Npy.writeFloat32(npy, Arrays.asList(vectors), manifest.dimension());
    written.add(put(indexDir, IndexManifest.VECTORS, npy.toByteArray(), "application/octet-stream"));
    if (hnswDir != null) {
      try (Stream<Path> files = Files.list(hnswDir)) {
        for (Path file : files.sorted().toList()) {
          if (file.getFileName().toString().equals("write.lock")) continue;
          written.add(put(indexDir, IndexManifest.HNSW_DIR + "/" + file.getFileName(), Files.readAllBytes(file),
              "application/octet-stream"));
        }
      }
    }
    // The manifest last: an index.json present means the files it describes are complete.
    written.add(put(indexDir, IndexManifest.FILE, Json.pretty(manifest), "application/json"));
    return written;
  }

  private static String put(String dir, String name, byte[] bytes, String mimeType) throws IOException {
    var target = OutputFiles.resolve(dir, name);
    OutputFiles.writeAtomically(target, bytes, mimeType);
    return target.toString();
  }

  /** Opens a local index directory written by {@link #write}. */
  public static Opened open(Path indexDir) {
    Path manifestFile = indexDir.resolve(IndexManifest.FILE);
    if (!Files.isRegularFile(manifestFile)) {
      throw new IllegalArgumentException("no reference index at " + indexDir + " (missing " + IndexManifest.FILE
          + "; a run with the fuse stage writes OUT/index/)");
    }
    try {
      IndexManifest manifest = Json.read(Files.readAllBytes(manifestFile), IndexManifest.class);
      List<ReferenceView> views = new ArrayList<>();
      for (String line : Files.readAllLines(indexDir.resolve(IndexManifest.REFERENCES), StandardCharsets.UTF_8)) {
        if (!line.isBlank()) views.add(Json.read(line, ReferenceView.class));
      }
      float[][] vectors = Npy.readFloat32(Files.readAllBytes(indexDir.resolve(IndexManifest.VECTORS)));
      VectorSearch search = manifest.searchMode().equals("hnsw")
          ? HnswSearch.open(indexDir.resolve(IndexManifest.HNSW_DIR), manifest.hnsw().efSearch())
          : new ExactSearch(vectors);
      return new Opened(manifest, new ReferenceIndex(views, vectors, search, manifest.shapeScale()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the reference index at " + indexDir, e);
    }
  }

  /** The index directory of a run's output ({@code OUT/index}). */
  public static String dirOf(String outputDir) {
    return FileSystems.matchNewResource(OutputFiles.resolve(outputDir, "index").toString(), true).toString();
  }
}
