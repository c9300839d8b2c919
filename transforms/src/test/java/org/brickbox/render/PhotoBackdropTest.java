package org.brickbox.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The backdrop drawn only where it shows is, there, exactly the backdrop drawn everywhere. */
class PhotoBackdropTest {
  private static PreparedMesh brick;

  @BeforeAll
  static void openLibrary() {
    brick = PreparedMesh.of(TestScenes.library().load("3001").mesh());
  }

  @Test
  void drawingOnlyShownPixelsChangesNoneOfThem() {
    int size = 96;
    RenderSettings settings = RenderSettings.builder().imageSize(size).style(RenderStyle.PHOTO).build();
    PhotoBackdrop reused = new PhotoBackdrop();
    SplittableRandom random = new SplittableRandom(7);
    for (int view = 0; view < 12; view++) {
      PhotoScene scene = PhotoScene.random(brick, brick.restingPoses(), settings,
          RenderKeys.forPart("3001", settings).get(view));
      ShadowMap shadow = new ShadowMap(160);
      shadow.build(brick, scene.lightDirections.get(0));
      ShadowMap contact = new ShadowMap(96);
      contact.build(brick, scene.down);
      int[] everywhere = new int[size * size];
      new PhotoBackdrop().draw(scene, size, 2, shadow, contact, brick.radius(), null, everywhere);
      // Shown pixels in blobs and specks, as a part's outline and holes leave them.
      boolean[] shown = new boolean[size * size];
      for (int p = 0; p < shown.length; p++) {
        int x = p % size, y = p / size;
        shown[p] = ((x / 9 + y / 7 + view) % 3 == 0) || random.nextDouble() < 0.05;
      }
      int[] some = new int[size * size];
      reused.draw(scene, size, 2, shadow, contact, brick.radius(), shown, some); // after another view's grid
      for (int p = 0; p < shown.length; p++) {
        assertEquals(shown[p] ? everywhere[p] : 0, some[p], "view " + view + ", pixel " + p);
      }
    }
  }
}
