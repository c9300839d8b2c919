package org.brickbox.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.brickbox.io.image.ImageCodec;
import org.brickbox.io.ldraw.ColourTable;
import org.brickbox.io.ldraw.Mesh;
import org.brickbox.io.ldraw.MeshBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DeterminismTest {
  private static ColourTable colours;
  private static PreparedMesh scene;

  @BeforeAll
  static void setUp() {
    colours = TestScenes.colours();
    MeshBuilder b = TestScenes.cube(Mesh.MAIN_COLOUR, 10);
    TestScenes.squareFacingCamera(b, TestScenes.TRANS_DARK_BLUE, 6, 14);
    b.addEdge(new float[] {-10, -10, 10, 10, -10, 10}, 0, Mesh.EDGE_COLOUR);
    scene = PreparedMesh.of(b.build());
  }

  @Test
  void sameInputsGiveByteIdenticalImagesMasksAndPngs() {
    RenderSettings settings = RenderSettings.defaults();
    List<RenderKey> keys = RenderKeys.forPart("cube", settings);
    PartRenderer first = new PartRenderer();
    PartRenderer second = new PartRenderer();
    second.render(scene, colours, settings, keys.get(5)); // a used renderer must not remember anything
    for (RenderKey key : keys.subList(0, 6)) {
      RenderedView a = first.render(scene, colours, settings, key);
      RenderedView b = second.render(scene, colours, settings, key);
      assertArrayEquals(a.rgb(), b.rgb(), key.path());
      assertArrayEquals(a.mask(), b.mask(), key.path());
      assertEquals(a.metadata(), b.metadata());
      assertArrayEquals(ImageCodec.encodeRgbPng(a.rgb(), a.width(), a.height()),
          ImageCodec.encodeRgbPng(b.rgb(), b.width(), b.height()));
    }
  }

  @Test
  void threadsAndOrderDoNotMatter() throws Exception {
    RenderSettings settings = RenderSettings.defaults();
    List<RenderKey> keys = RenderKeys.forPart("cube", settings);
    List<RenderKey> reversed = new ArrayList<>(keys);
    Collections.reverse(reversed);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Map<RenderKey, byte[]>> forward = pool.submit(() -> renderAll(keys));
      Future<Map<RenderKey, byte[]>> backward = pool.submit(() -> renderAll(reversed));
      Map<RenderKey, byte[]> a = forward.get();
      Map<RenderKey, byte[]> b = backward.get();
      for (RenderKey key : keys) assertArrayEquals(a.get(key), b.get(key), key.path());
    } finally {
      pool.shutdown();
    }
  }

  private static Map<RenderKey, byte[]> renderAll(List<RenderKey> keys) {
    PartRenderer renderer = new PartRenderer();
    Map<RenderKey, byte[]> out = new HashMap<>();
    for (RenderKey key : keys) out.put(key, renderer.render(scene, colours, RenderSettings.defaults(), key).rgb());
    return out;
  }

  @Test
  void differentSeedsGiveDifferentImages() {
    RenderSettings one = RenderSettings.defaults();
    RenderSettings other = one.toBuilder().seed(1).build();
    PartRenderer renderer = new PartRenderer();
    RenderedView a = renderer.render(scene, colours, one, RenderKeys.forPart("cube", one).get(3));
    RenderedView b = renderer.render(scene, colours, other, RenderKeys.forPart("cube", other).get(3));
    assertFalse(Arrays.equals(a.rgb(), b.rgb()));
  }

  @Test
  void everyBackgroundModeRenders() {
    PartRenderer renderer = new PartRenderer();
    for (BackgroundMode mode : BackgroundMode.values()) {
      RenderSettings settings = RenderSettings.builder().background(mode).imageSize(64).build();
      RenderedView view = renderer.render(scene, colours, settings, RenderKeys.forPart("cube", settings).get(0));
      BackgroundMode drawn = view.metadata().background().kind();
      assertEquals(mode == BackgroundMode.MIXED ? drawn : mode, drawn);
    }
  }
}
