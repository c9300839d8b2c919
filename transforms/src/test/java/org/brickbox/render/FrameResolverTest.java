package org.brickbox.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.lang.reflect.Field;
import java.util.SplittableRandom;
import org.brickbox.io.ldraw.LDrawLibrary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The 2×2 route of {@link FrameResolver#shadeAndDownsample}, written out for speed, against the generic loop it
 * stands in for ({@link FrameResolver#shadeSamples} then {@link FrameResolver#downsample}, the route with
 * transparency): the same bytes on real CAD and photographic frames and on random frames of triangles, lines and
 * empty samples.
 */
class FrameResolverTest {
  private static final int SUPERSAMPLING = 2;

  @ParameterizedTest
  @EnumSource(RenderStyle.class)
  void twoByTwoRouteMatchesTheGenericLoopOnRenderedFrames(RenderStyle style) throws ReflectiveOperationException {
    LDrawLibrary library = TestScenes.library();
    RenderSettings settings = RenderSettings.builder().imageSize(96).supersampling(SUPERSAMPLING).style(style)
        .fixedColour(TestScenes.RED).build();
    PartRenderer renderer = new PartRenderer();
    for (String part : CommonParts.IDS.subList(0, 6)) {
      PreparedMesh mesh = PreparedMesh.of(library.load(part).mesh());
      for (RenderKey key : RenderKeys.forPart(part, settings).subList(0, 4)) {
        RenderedView view = renderer.render(mesh, library.colours(), settings, key);
        // The renderer keeps its last frame, materials, backdrop and prepared shader: resolve that frame again.
        SampleShader shader = field(renderer, style == RenderStyle.PHOTO ? "photoShader" : "shader");
        byte[][] fast = assertRoutesAgree(field(renderer, "frame"), shader, field(renderer, "materials"),
            field(renderer, "background"), key.path());
        assertArrayEquals(view.mask(), fast[1], key.path());
        if (style == RenderStyle.CAD) assertArrayEquals(view.rgb(), fast[0], key.path()); // photo: camera stage after
      }
    }
  }

  @Test
  void twoByTwoRouteMatchesTheGenericLoopOnRandomFrames() {
    SplittableRandom random = new SplittableRandom(15);
    int[] ids = {Frame.EMPTY, 0, 1, 2, Frame.lineId(0), Frame.lineId(1)};
    Materials materials = new Materials();
    materials.lineRgb = new int[] {0x102030, 0xA0B0C0};
    SampleShader shader = (t, x, y) -> (t * 0x9E3779B1 ^ Float.floatToIntBits(x) * 31 ^ Float.floatToIntBits(y))
        & 0xFFFFFF;
    for (int round = 0; round < 20; round++) {
      Frame frame = new Frame();
      frame.clear(128);
      int pixels = frame.size / SUPERSAMPLING;
      int[] background = random.ints(pixels * pixels, 0, 1 << 24).toArray();
      for (int py = 0; py < pixels; py++) {
        for (int px = 0; px < pixels; px++) {
          boolean uniform = random.nextBoolean(); // as inside a triangle or the backdrop
          int id = ids[random.nextInt(ids.length)];
          for (int s = 0; s < 4; s++) {
            int sample = (2 * py + s / 2) * frame.size + 2 * px + s % 2;
            frame.ids[sample] = uniform ? id : ids[random.nextInt(ids.length)];
          }
        }
      }
      assertRoutesAgree(frame, shader, materials, background, "round " + round);
    }
  }

  /** Resolves {@code frame} both ways, asserts the same image and mask, and returns the fast route's {rgb, mask}. */
  private static byte[][] assertRoutesAgree(Frame frame, SampleShader shader, Materials materials, int[] background,
      String what) {
    int pixels = frame.size / SUPERSAMPLING;
    byte[] rgb = new byte[pixels * pixels * 3];
    byte[] mask = new byte[pixels * pixels];
    FrameResolver.shadeAndDownsample(frame, SUPERSAMPLING, shader, materials, background, rgb, mask);
    byte[] genericRgb = new byte[rgb.length];
    byte[] genericMask = new byte[mask.length];
    FrameResolver.shadeSamples(frame, SUPERSAMPLING, shader, materials, background);
    FrameResolver.downsample(frame, SUPERSAMPLING, genericRgb, genericMask);
    assertArrayEquals(genericRgb, rgb, what);
    assertArrayEquals(genericMask, mask, what);
    return new byte[][] {rgb, mask};
  }

  @SuppressWarnings("unchecked")
  private static <T> T field(PartRenderer renderer, String name) throws ReflectiveOperationException {
    Field field = PartRenderer.class.getDeclaredField(name);
    field.setAccessible(true);
    return (T) field.get(renderer);
  }
}
