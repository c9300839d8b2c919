package org.brickbox.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.brickbox.io.ldraw.LDrawLibrary;
import org.brickbox.io.records.Json;
import org.brickbox.render.photo.CameraStageSettings;
import org.brickbox.render.photo.RestingPose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The photographic style on real parts: deterministic, every effect does what its switch says, and the scene's
 * choices (pose, camera, framing) land where the settings put them.
 */
class PhotoStyleTest {
  private static LDrawLibrary library;
  private static PreparedMesh brick;

  @BeforeAll
  static void openLibrary() {
    library = TestScenes.library();
    brick = PreparedMesh.of(library.load("3001").mesh());
  }

  private static RenderSettings.Builder photo() {
    return RenderSettings.builder().imageSize(96).style(RenderStyle.PHOTO).fixedColour(15);
  }

  private static RenderedView render(PartRenderer renderer, RenderSettings settings, int view) {
    return renderer.render(brick, library.colours(), settings, RenderKeys.forPart("3001", settings).get(view));
  }

  @Test
  void sameKeyGivesTheSameBytesAndEachViewDiffers() {
    RenderSettings settings = photo().build();
    PartRenderer a = new PartRenderer();
    PartRenderer b = new PartRenderer();
    render(b, settings, 7); // a used renderer must not remember anything
    for (int view = 0; view < 6; view++) {
      RenderedView x = render(a, settings, view);
      RenderedView y = render(b, settings, view);
      assertArrayEquals(x.rgb(), y.rgb());
      assertArrayEquals(x.mask(), y.mask());
      assertEquals(x.metadata(), y.metadata());
    }
    assertFalse(java.util.Arrays.equals(render(a, settings, 0).rgb(), render(a, settings, 1).rgb()));
  }

  @Test
  void viewOrderAndOtherPartsInBetweenDoNotChangeTheBytes() {
    // The renderer keeps the contact maps of recent resting poses: which ones it holds must not show in the image.
    RenderSettings settings = photo().imageSize(64).build();
    PreparedMesh plate = PreparedMesh.of(library.load("3023").mesh());
    List<RenderKey> keys = RenderKeys.forPart("3001", settings);
    List<RenderKey> plateKeys = RenderKeys.forPart("3023", settings);
    PartRenderer inOrder = new PartRenderer();
    List<byte[]> expected = keys.stream().map(k -> inOrder.render(brick, library.colours(), settings, k).rgb()).toList();
    PartRenderer mixed = new PartRenderer();
    for (int view = keys.size() - 1; view >= 0; view--) {
      mixed.render(plate, library.colours(), settings, plateKeys.get(view));
      assertArrayEquals(expected.get(view), mixed.render(brick, library.colours(), settings, keys.get(view)).rgb(),
          keys.get(view).path());
    }
  }

  @Test
  void restingViewsLieOnOneOfThePartsStablePoses() {
    RenderSettings settings = photo().photo(PhotoSettings.defaults().toBuilder().poseShares(0, 0).build()).build();
    List<RestingPose> poses = brick.restingPoses();
    assertTrue(poses.size() >= 4, "a 2x4 brick has at least its top, bottom and long sides: " + poses.size());
    PartRenderer renderer = new PartRenderer();
    for (int view = 0; view < 12; view++) {
      PhotoView p = render(renderer, settings, view).metadata().photo();
      assertEquals("RESTING", p.pose());
      double[] down = poses.get(p.restingPose()).down();
      assertEquals(down[0], p.down().x(), 1e-9);
      assertEquals(down[1], p.down().y(), 1e-9);
      assertEquals(down[2], p.down().z(), 1e-9);
      assertTrue(render(renderer, settings, view).metadata().elevationDeg() > 0, "resting views look from above");
    }
  }

  @Test
  void undersideViewsLookUpThroughGlassAtALightBox() {
    RenderSettings settings = photo().photo(PhotoSettings.defaults().toBuilder().poseShares(0, 1).build()).build();
    PartRenderer renderer = new PartRenderer();
    for (int view = 0; view < 8; view++) {
      ViewMetadata m = render(renderer, settings, view).metadata();
      assertEquals("UNDERSIDE", m.photo().pose());
      assertTrue(m.elevationDeg() < -20, "elevation " + m.elevationDeg());
      assertTrue(m.photo().surface().startsWith("light box"), m.photo().surface());
    }
  }

  @Test
  void tightFramingCutsThePartAndLooseFramingKeepsItWhole() {
    PartRenderer renderer = new PartRenderer();
    RenderSettings tight = photo().photo(PhotoSettings.defaults().toBuilder().fill(1.6, 1.6).build()).build();
    RenderSettings loose = photo().photo(PhotoSettings.defaults().toBuilder().fill(0.4, 0.4).build()).build();
    int cut = 0;
    for (int view = 0; view < 8; view++) {
      if (touchesBorder(render(renderer, tight, view))) cut++;
      assertFalse(touchesBorder(render(renderer, loose, view)), "loose view " + view + " is cut");
    }
    assertTrue(cut >= 6, "only " + cut + " of 8 tight views are cut by the border");
  }

  @Test
  void shadowsDarkenTheSurfaceAndNothingElse() {
    PhotoSettings plain = PhotoSettings.defaults().toBuilder().camera(CameraStageSettings.off()).contactOcclusion(false)
        .build();
    RenderSettings with = photo().photo(plain).build();
    RenderSettings without = photo().photo(plain.toBuilder().shadows(false).build()).build();
    PartRenderer renderer = new PartRenderer();
    long darker = 0;
    for (int view = 0; view < 6; view++) {
      RenderedView a = render(renderer, with, view);
      RenderedView b = render(renderer, without, view);
      assertArrayEquals(a.mask(), b.mask(), "shadows must not move the part");
      for (int p = 0; p < a.mask().length; p++) {
        int la = luminance(a.rgb(), p), lb = luminance(b.rgb(), p);
        if (a.mask()[p] == 0) {
          assertTrue(la <= lb + 1, "a shadow brightened the surface");
          if (la + 8 < lb) darker++;
        }
      }
    }
    assertTrue(darker > 200, "shadowed surface pixels: " + darker);
  }

  @Test
  void cameraEffectsChangePixelsButNeverTheMask() {
    RenderSettings on = photo().build();
    RenderSettings off = photo().photo(PhotoSettings.defaults().toBuilder().camera(CameraStageSettings.off()).build())
        .build();
    PartRenderer renderer = new PartRenderer();
    RenderedView a = render(renderer, on, 3);
    RenderedView b = render(renderer, off, 3);
    assertArrayEquals(a.mask(), b.mask());
    assertFalse(java.util.Arrays.equals(a.rgb(), b.rgb()));
  }

  @Test
  void metadataRecordsThePhotoChoicesAndSurvivesJson() throws Exception {
    RenderedView view = render(new PartRenderer(), photo().build(), 2);
    PhotoView p = view.metadata().photo();
    assertNotNull(p);
    assertTrue(p.focalMm() >= 24 && p.focalMm() <= 105);
    assertTrue(p.fill() >= 0.45 && p.fill() <= 1.25);
    ObjectMapper json = Json.mapper();
    assertEquals(view.metadata(), json.readValue(json.writeValueAsString(view.metadata()), ViewMetadata.class));
  }

  private static boolean touchesBorder(RenderedView v) {
    int n = v.width();
    for (int i = 0; i < n; i++) {
      if (TestScenes.mask(v, i, 0) != 0 || TestScenes.mask(v, i, n - 1) != 0 || TestScenes.mask(v, 0, i) != 0
          || TestScenes.mask(v, n - 1, i) != 0) {
        return true;
      }
    }
    return false;
  }

  private static int luminance(byte[] rgb, int p) {
    return (2 * (rgb[p * 3] & 0xFF) + 5 * (rgb[p * 3 + 1] & 0xFF) + (rgb[p * 3 + 2] & 0xFF)) / 8;
  }
}
