package org.brickbox.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.brickbox.io.ldraw.LDrawLibrary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every view of the twenty common parts: framed whole, never clipped, filling a sane share of the image. */
class CommonPartsRenderTest {
  private static LDrawLibrary library;

  @BeforeAll
  static void openLibrary() {
    library = TestScenes.library();
  }

  @Test
  void everyViewIsFramedWithoutClipping() {
    RenderSettings settings = RenderSettings.builder().imageSize(96).build();
    PartRenderer renderer = new PartRenderer();
    for (String part : CommonParts.IDS) {
      PreparedMesh mesh = PreparedMesh.of(library.load(part).mesh());
      for (RenderKey key : RenderKeys.forPart(part, settings)) {
        RenderedView view = renderer.render(mesh, library.colours(), settings, key);
        int size = view.width();
        int minX = size, maxX = -1, minY = size, maxY = -1;
        for (int y = 0; y < size; y++) {
          for (int x = 0; x < size; x++) {
            if (TestScenes.mask(view, x, y) == 0) continue;
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x);
            minY = Math.min(minY, y);
            maxY = Math.max(maxY, y);
          }
        }
        assertTrue(minX > 0 && minY > 0 && maxX < size - 1 && maxY < size - 1, key + " touches the border");
        int extent = Math.max(maxX - minX, maxY - minY) + 1;
        assertTrue(extent > size * 0.35, key + " spans only " + extent + " of " + size + " px");
        assertEquals(PartRenderer.RENDERER_VERSION, view.metadata().rendererVersion());
      }
    }
  }
}
