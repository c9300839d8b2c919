package org.brickbox.render;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.brickbox.io.ldraw.ColourTable;
import org.brickbox.io.ldraw.LDrawLibrary;
import org.brickbox.io.ldraw.MeshBuilder;

/** Geometry and settings for golden tests: hand-built meshes and a camera looking straight down −Z. */
final class TestScenes {
  static final Path LDCONFIG = Path.of(System.getProperty("user.home"), ".cache/brickbox/ldraw/LDConfig.ldr");
  static final int WHITE = 15;
  static final int RED = 4;
  static final int BLUE = 1;
  static final int BLACK = 0;
  static final int TRANS_DARK_BLUE = 33;

  private TestScenes() {}

  /** The installed LDraw library beside {@link #LDCONFIG}; the test is skipped when it is not installed. */
  static LDrawLibrary library() {
    Path root = LDCONFIG.getParent();
    assumeTrue(Files.isDirectory(root.resolve("parts")), "needs the LDraw library at " + root);
    return LDrawLibrary.shared(root);
  }

  static ColourTable colours() {
    assumeTrue(Files.isRegularFile(LDCONFIG), "needs the LDraw library's LDConfig.ldr at " + LDCONFIG);
    try {
      return ColourTable.load(LDCONFIG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One view from azimuth 0, elevation 0, no jitter: the camera sits on +Z looking at −Z, image right is −X and
   * image up is −Y. Plain background, fixed colour, no edges unless a test turns them on.
   */
  static RenderSettings.Builder straightOn(int size) {
    return RenderSettings.builder().imageSize(size).viewCount(1).elevationDeg(0, 0).rotationJitterDeg(0)
        .background(BackgroundMode.PLAIN).fixedColour(WHITE).edges(false);
  }

  static RenderKey key(RenderSettings settings) {
    return RenderKeys.forPart("test", settings).get(0);
  }

  /**
   * Adds a quad wound counter-clockwise when seen from the side {@code outward} points to (LDraw's convention
   * for the visible side), whatever order the corners are given in.
   */
  static void quad(MeshBuilder b, int colour, boolean twoSided, float[] outward, float[]... corners) {
    float[] e1 = sub(corners[1], corners[0]);
    float[] e2 = sub(corners[2], corners[0]);
    float[] n = {e1[1] * e2[2] - e1[2] * e2[1], e1[2] * e2[0] - e1[0] * e2[2], e1[0] * e2[1] - e1[1] * e2[0]};
    boolean ccw = n[0] * outward[0] + n[1] * outward[1] + n[2] * outward[2] > 0;
    float[][] c = ccw ? corners : new float[][] {corners[0], corners[3], corners[2], corners[1]};
    b.triangle(colour, twoSided, concat(c[0], c[1], c[2]));
    b.triangle(colour, twoSided, concat(c[0], c[2], c[3]));
  }

  /** A square in the plane z = {@code z}, half-side {@code h}, visible from +Z (towards the test camera). */
  static void squareFacingCamera(MeshBuilder b, int colour, float h, float z) {
    quad(b, colour, false, new float[] {0, 0, 1},
        new float[] {-h, -h, z}, new float[] {h, -h, z}, new float[] {h, h, z}, new float[] {-h, h, z});
  }

  /** An axis-aligned cube of half-side {@code h} at the origin with outward counter-clockwise faces. */
  static MeshBuilder cube(int colour, float h) {
    MeshBuilder b = new MeshBuilder();
    for (int axis = 0; axis < 3; axis++) {
      for (int sign = -1; sign <= 1; sign += 2) {
        float[] normal = new float[3];
        normal[axis] = sign;
        int u = (axis + 1) % 3, v = (axis + 2) % 3;
        float[][] corners = new float[4][];
        float[][] uv = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}};
        for (int k = 0; k < 4; k++) {
          corners[k] = new float[3];
          corners[k][axis] = sign * h;
          corners[k][u] = uv[k][0] * h;
          corners[k][v] = uv[k][1] * h;
        }
        quad(b, colour, false, normal, corners);
      }
    }
    return b;
  }

  static float[] concat(float[]... points) {
    float[] out = new float[points.length * 3];
    for (int i = 0; i < points.length; i++) System.arraycopy(points[i], 0, out, i * 3, 3);
    return out;
  }

  private static float[] sub(float[] a, float[] b) {
    return new float[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
  }

  /** Pixel (x, y) as 0xRRGGBB. */
  static int pixel(RenderedView view, int x, int y) {
    int p = (y * view.width() + x) * 3;
    return ((view.rgb()[p] & 0xFF) << 16) | ((view.rgb()[p + 1] & 0xFF) << 8) | (view.rgb()[p + 2] & 0xFF);
  }

  static int mask(RenderedView view, int x, int y) {
    return view.mask()[y * view.width() + x] & 0xFF;
  }

  static double coveredPixels(RenderedView view) {
    double sum = 0;
    for (byte m : view.mask()) sum += (m & 0xFF) / 255.0;
    return sum;
  }
}
