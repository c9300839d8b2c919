package org.brickbox.stages.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.brickbox.embed.Npy;
import org.brickbox.fuse.FusionWeights;
import org.brickbox.fuse.HnswSearch;
import org.brickbox.fuse.PhotoComparison;
import org.brickbox.fuse.QueryView;
import org.brickbox.fuse.ReferenceView;
import org.brickbox.fuse.ShapeCues;
import org.brickbox.fuse.ShapeDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexStoreTest {
  @TempDir Path dir;

  private static ShapeDescriptor shape(float elongation) {
    float[] f = new float[ShapeCues.FEATURES.length];
    f[ShapeCues.ELONGATION] = elongation;
    f[1] = 0.9f;
    return new ShapeDescriptor(f, 0);
  }

  private static IndexManifest manifest(int formatVersion) {
    return manifest(formatVersion, 2, 2);
  }

  /** An exact-search index of {@code references} vectors of {@code dimension}, one reference per part. */
  private static IndexManifest manifest(int formatVersion, int dimension, int references) {
    return manifest(formatVersion, dimension, references, null);
  }

  private static IndexManifest manifest(int formatVersion, int dimension, int references,
      PhotoComparison photoComparison) {
    return new IndexManifest(formatVersion, "run", "builtin", "m-1", dimension, references, references, "exact",
        HnswSearch.Parameters.DEFAULT, new FusionWeights(0.3, 0.5, 0.05), 0.02, new float[] {0.5f, 0.1f, 0.1f,
            0.1f, 0.4f}, List.of(), 0.7, 224, photoComparison, IndexManifest.SIZE_ALONG_PART);
  }

  private void write(IndexManifest manifest) throws Exception {
    List<ReferenceView> views = List.of(new ReferenceView("a/c4/v00", "a", "Brick 1 x 8", 4, 0, shape(-2.08f), false),
        new ReferenceView("b/c4/v00", "b", "Brick 1 x 10", 4, 0, shape(-2.3f), false));
    IndexStore.write(dir.toString(), manifest, views, new float[][] {{1, 0}, {0.96f, 0.28f}}, null);
  }

  @Test
  void anIndexOfThisFormatOpensAndAnswersBySilhouetteWhereVectorsAreClose() throws Exception {
    write(manifest(IndexManifest.FORMAT_VERSION));
    try (IndexStore.Opened opened = IndexStore.open(dir)) {
      assertEquals(2, opened.index().parts());
      QueryView tenStuds = new QueryView("q", "b", 4, new float[] {0.99f, 0.14f}, shape(-2.3f));
      assertEquals("b", opened.index().identify(List.of(tenStuds), opened.manifest().weights(), 2, 0.02).best());
    }
  }

  /**
   * An index keeps the photo comparison its photo weight was fitted under: one written before the comparison was
   * recorded and holding photos is read as the plain cosine; one without photos compares photos added later as a new
   * build would; a recorded one is used as recorded.
   */
  @Test
  void anIndexComparesPhotosAsItsPhotoWeightWasFitted() throws Exception {
    IndexManifest unrecorded = manifest(IndexManifest.FORMAT_VERSION);
    assertEquals(PhotoComparison.COSINE, unrecorded.photoComparisonOf(true));
    assertEquals(PhotoComparison.CURRENT, unrecorded.photoComparisonOf(false));
    assertEquals(PhotoComparison.COSINE, manifest(IndexManifest.FORMAT_VERSION, 2, 2, PhotoComparison.COSINE)
        .photoComparisonOf(false));
    write(unrecorded);
    try (IndexStore.Opened opened = IndexStore.open(dir)) {
      assertEquals(PhotoComparison.CURRENT, opened.index().photoComparison(), "no photos: as a new build");
    }
  }

  @Test
  void aRunFolderNamedForItsIndexFindsTheIndexInside() throws Exception {
    Path run = dir.resolve("run");
    Path index = run.resolve("index");
    IndexStore.write(index.toString(), manifest(IndexManifest.FORMAT_VERSION),
        List.of(new ReferenceView("a/c4/v00", "a", "Brick 1 x 8", 4, 0, shape(-2.08f), false),
            new ReferenceView("b/c4/v00", "b", "Brick 1 x 10", 4, 0, shape(-2.3f), false)),
        new float[][] {{1, 0}, {0.96f, 0.28f}}, null);
    assertEquals(index, IndexStore.locate(run));
    assertEquals(index, IndexStore.locate(index));
    try (IndexStore.Opened opened = IndexStore.open(IndexStore.locate(run))) {
      assertEquals(2, opened.index().parts());
    }
    // A folder with neither stays as named, and opening it says what is missing there.
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    assertEquals(elsewhere, IndexStore.locate(elsewhere));
    var refused = assertThrows(IllegalArgumentException.class, () -> IndexStore.open(IndexStore.locate(elsewhere)));
    assertTrue(refused.getMessage().contains("no reference index at " + elsewhere), refused.getMessage());
  }

  @Test
  void anIndexOfAnEarlierFormatIsRefusedWithTheCommandThatRebuildsIt() throws Exception {
    write(manifest(IndexManifest.FORMAT_VERSION));
    Path file = dir.resolve(IndexManifest.FILE);
    Files.writeString(file, Files.readString(file).replace("\"formatVersion\" : " + IndexManifest.FORMAT_VERSION,
        "\"formatVersion\" : 1"));
    var refused = assertThrows(IllegalArgumentException.class, () -> IndexStore.open(dir));
    assertTrue(refused.getMessage().contains("is format 1; this BrickBox reads format " + IndexManifest.FORMAT_VERSION)
        && refused.getMessage().contains("./brickbox run") && refused.getMessage().contains(dir.toString()),
        refused.getMessage());
  }

  /**
   * The whole library's index step wrote its 360 MB of vectors through an in-memory copy (and that buffer's growth)
   * while its heap still held every view: out of memory at the last step of an hour's run. Here a JVM whose heap holds
   * the vectors about twice over writes an index of them: with a copy in memory it fails, streamed it does not.
   */
  @Test
  void writingAndReadingAnIndexNeedNoSecondCopyOfItsVectorsInMemory() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = dir.resolve("writer.log");
    Process writer = new ProcessBuilder(java, "-Xmx" + LargeIndexWriter.HEAP_MB + "m", "-cp",
        System.getProperty("java.class.path"), LargeIndexWriter.class.getName(), dir.resolve("index").toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertEquals(0, writer.waitFor(), Files.readString(log));
    Path index = dir.resolve("index");
    Path vectors = index.resolve(IndexManifest.VECTORS);
    Npy.Shape shape;
    try (var in = Files.newInputStream(vectors)) {
      shape = Npy.shape(in.readNBytes(256), Files.size(vectors)); // the header; the size is checked against it
    }
    assertEquals(LargeIndexWriter.ROWS, shape.rows());
    assertEquals(LargeIndexWriter.DIMENSION, shape.columns());
    assertEquals(LargeIndexWriter.ROWS, Files.readAllLines(index.resolve(IndexManifest.REFERENCES)).size());
    // and read back in a heap that holds the rows (123 MB) but not the file's bytes beside them
    Process reader = new ProcessBuilder(java, "-Xmx" + LargeVectorsReader.HEAP_MB + "m", "-cp",
        System.getProperty("java.class.path"), LargeVectorsReader.class.getName(), vectors.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertEquals(0, reader.waitFor(), Files.readString(log));
  }

  /** Reads the vectors {@link LargeIndexWriter} wrote and checks each row's one 1. */
  static final class LargeVectorsReader {
    static final int HEAP_MB = 192;

    public static void main(String[] args) throws Exception {
      float[][] vectors = Npy.readFloat32(Path.of(args[0]));
      if (vectors.length != LargeIndexWriter.ROWS) throw new AssertionError(vectors.length + " rows");
      for (int i = 0; i < vectors.length; i++) {
        if (vectors[i][i % LargeIndexWriter.DIMENSION] != 1) throw new AssertionError("row " + i);
      }
    }
  }

  /** Writes an index of {@link #ROWS} vectors (about half of {@link #HEAP_MB}) into the folder it is given. */
  static final class LargeIndexWriter {
    static final int ROWS = 60_000;
    static final int DIMENSION = 512;
    static final int HEAP_MB = 256;

    public static void main(String[] args) throws Exception {
      float[][] vectors = new float[ROWS][DIMENSION];
      List<ReferenceView> views = new ArrayList<>();
      for (int i = 0; i < ROWS; i++) {
        vectors[i][i % DIMENSION] = 1;
        views.add(new ReferenceView("p" + i + "/c4/v00", "p" + i, "Part " + i, 4, 0, null, false));
      }
      IndexStore.write(args[0], manifest(IndexManifest.FORMAT_VERSION, DIMENSION, ROWS), views, vectors, null);
    }
  }
}
