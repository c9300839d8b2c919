package org.brickbox.stages.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.brickbox.fuse.FusionWeights;
import org.brickbox.fuse.HnswSearch;
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
    return new IndexManifest(formatVersion, "run", "builtin", "m-1", 2, 2, 2, "exact",
        HnswSearch.Parameters.DEFAULT, new FusionWeights(0.3, 0.5, 0.05), 0.02, new float[] {0.5f, 0.1f, 0.1f,
            0.1f, 0.4f}, List.of(), 0.7, 224);
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
}
