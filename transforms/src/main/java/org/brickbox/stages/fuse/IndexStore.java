package org.brickbox.stages.fuse;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
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
import org.brickbox.fuse.PhotoComparison;
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
    // Both streamed: the whole library's vectors are 360 MB, and a copy of them in memory (with the buffer's growth)
    // took the index step's heap, which still holds every view, out of memory as it wrote them.
    written.add(write(indexDir, IndexManifest.REFERENCES, "application/x-ndjson", out -> {
      Writer lines = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      for (ReferenceView v : views) lines.append(Json.line(v)).append('\n');
      lines.flush();
    }));
    written.add(write(indexDir, IndexManifest.VECTORS, "application/octet-stream",
        out -> Npy.writeFloat32(out, Arrays.asList(vectors), manifest.dimension())));
    if (hnswDir != null) {
      try (Stream<Path> files = Files.list(hnswDir)) {
        for (Path file : files.sorted().toList()) {
          if (file.getFileName().toString().equals("write.lock")) continue;
          var target = OutputFiles.resolve(indexDir, IndexManifest.HNSW_DIR + "/" + file.getFileName());
          OutputFiles.copyAtomically(file, target, "application/octet-stream");
          written.add(target.toString());
        }
      }
    }
    // The manifest last: an index.json present means the files it describes are complete.
    written.add(write(indexDir, IndexManifest.FILE, "application/json", out -> out.write(Json.pretty(manifest))));
    return written;
  }

  private static String write(String dir, String name, String mimeType, OutputFiles.StreamWriter writer)
      throws IOException {
    var target = OutputFiles.resolve(dir, name);
    OutputFiles.writeAtomically(target, mimeType, writer);
    return target.toString();
  }

  /**
   * The index folder a user meant: {@code given} when it holds an index, else a run's {@code given/index/} when
   * {@code given} is that run's output folder (users name the run as often as its index), else {@code given}, for
   * {@link #open} to say what is missing there.
   */
  public static Path locate(Path given) {
    Path inRun = given.resolve("index");
    boolean here = Files.isRegularFile(given.resolve(IndexManifest.FILE));
    return !here && Files.isRegularFile(inRun.resolve(IndexManifest.FILE)) ? inRun : given;
  }

  /**
   * Opens a local index directory written by {@link #write}, checked whole before it is used: a damaged or
   * hand-edited index (fields missing, references and vectors that disagree) is refused with what is wrong, naming
   * the folder, instead of failing later inside a query (fuzzing, issue 18, found both).
   *
   * @throws IllegalArgumentException when there is no index there or it is damaged
   */
  public static Opened open(Path indexDir) {
    Path manifestFile = indexDir.resolve(IndexManifest.FILE);
    if (!Files.isRegularFile(manifestFile)) {
      throw new IllegalArgumentException("no reference index at " + indexDir + " (missing " + IndexManifest.FILE
          + "; a run with the fuse stage writes OUT/index/)");
    }
    IndexManifest manifest;
    List<ReferenceView> views = new ArrayList<>();
    float[][] vectors;
    try {
      manifest = Json.read(Files.readAllBytes(manifestFile), IndexManifest.class);
    } catch (IOException | RuntimeException e) {
      throw damaged(indexDir, e);
    }
    if (manifest != null && manifest.formatVersion() != IndexManifest.FORMAT_VERSION) {
      throw new IllegalArgumentException("the reference index at " + indexDir + " is format "
          + manifest.formatVersion() + "; this BrickBox reads format " + IndexManifest.FORMAT_VERSION
          + ": rebuild it with ./brickbox run and the run's options (an incremental run redoes only the index)");
    }
    try {
      List<String> lines = Files.readAllLines(indexDir.resolve(IndexManifest.REFERENCES), StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).isBlank()) continue;
        ReferenceView view = Json.read(lines.get(i), ReferenceView.class);
        if (view == null || view.key() == null || view.partId() == null) {
          throw new IOException(IndexManifest.REFERENCES + " line " + (i + 1) + " has no key or part");
        }
        views.add(view);
      }
      vectors = Npy.readFloat32(indexDir.resolve(IndexManifest.VECTORS));
      check(manifest, views, vectors);
    } catch (IOException | RuntimeException e) {
      throw damaged(indexDir, e);
    }
    VectorSearch search = manifest.searchMode().equals("hnsw")
        ? HnswSearch.open(indexDir.resolve(IndexManifest.HNSW_DIR), manifest.hnsw().efSearch())
        : new ExactSearch(vectors);
    try {
      PhotoComparison comparison = manifest.photoComparisonOf(views.stream().anyMatch(ReferenceView::photo));
      return new Opened(manifest, new ReferenceIndex(views, vectors, search, comparison));
    } catch (RuntimeException e) {
      search.close();
      throw damaged(indexDir, e);
    }
  }

  private static IllegalArgumentException damaged(Path indexDir, Exception e) {
    String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
    if (e.getCause() != null && e.getCause().getMessage() != null) {
      what += " (" + e.getCause().getMessage().lines().findFirst().orElse("") + ")";
    }
    return new IllegalArgumentException("the reference index at " + indexDir + " is damaged: " + what
        + "; rebuild it with ./brickbox run", e);
  }

  /** What every query relies on: the fields it reads, one vector of the manifest's dimension per reference. */
  private static void check(IndexManifest m, List<ReferenceView> views, float[][] vectors) throws IOException {
    if (m == null || m.model() == null || m.modelVersion() == null || m.weights() == null || m.shapeScale() == null) {
      throw new IOException(IndexManifest.FILE + " lacks its model, weights or shape scale");
    }
    if (!"exact".equals(m.searchMode()) && !("hnsw".equals(m.searchMode()) && m.hnsw() != null)) {
      throw new IOException(IndexManifest.FILE + " names no search (searchMode " + m.searchMode() + ")");
    }
    if (m.dimension() < 1 || views.size() != vectors.length) {
      throw new IOException(views.size() + " references but " + vectors.length + " vectors of dimension "
          + m.dimension());
    }
    for (float[] v : vectors) {
      if (v.length != m.dimension()) {
        throw new IOException("a vector of dimension " + v.length + " in an index of dimension " + m.dimension());
      }
    }
    for (ReferenceView view : views) {
      if (view.shape() != null && (view.shape().features() == null
          || view.shape().features().length != m.shapeScale().length)) {
        throw new IOException("reference " + view.key() + " has shape features that do not match the index's scale");
      }
    }
  }

  /** The index directory of a run's output ({@code OUT/index}). */
  public static String dirOf(String outputDir) {
    return FileSystems.matchNewResource(OutputFiles.resolve(outputDir, "index").toString(), true).toString();
  }
}
