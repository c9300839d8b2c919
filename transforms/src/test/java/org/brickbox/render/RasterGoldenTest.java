package org.brickbox.render;

import static org.brickbox.render.TestScenes.BLACK;
import static org.brickbox.render.TestScenes.BLUE;
import static org.brickbox.render.TestScenes.RED;
import static org.brickbox.render.TestScenes.TRANS_DARK_BLUE;
import static org.brickbox.render.TestScenes.WHITE;
import static org.brickbox.render.TestScenes.coveredPixels;
import static org.brickbox.render.TestScenes.key;
import static org.brickbox.render.TestScenes.mask;
import static org.brickbox.render.TestScenes.pixel;
import static org.brickbox.render.TestScenes.squareFacingCamera;
import static org.brickbox.render.TestScenes.straightOn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.brickbox.io.ldraw.ColourTable;
import org.brickbox.io.ldraw.Mesh;
import org.brickbox.io.ldraw.MeshBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Renders hand-built scenes from a known camera and checks them against geometry worked out by hand. */
class RasterGoldenTest {
  private static ColourTable colours;
  private final PartRenderer renderer = new PartRenderer();

  @BeforeAll
  static void loadColours() {
    colours = TestScenes.colours();
  }

  private RenderedView render(Mesh mesh, RenderSettings settings) {
    return renderer.render(mesh, colours, settings, key(settings));
  }

  /**
   * Side in pixels of a square of half-side {@code h} facing the camera, {@code toward} nearer than the centre
   * of the framing sphere of radius {@code radius}.
   */
  private static double projectedSide(double h, double radius, double toward, int size) {
    double halfFov = Math.toRadians(Camera.FOV_Y_DEG / 2);
    double distance = radius * 1.06 / Math.sin(halfFov);
    double focal = size / 2.0 / Math.tan(halfFov);
    return 2 * h * focal / (distance - toward);
  }

  /** A cube of half-side h seen straight on shows its front face only. */
  private static double cubeSide(double h, int size) {
    return projectedSide(h, h * Math.sqrt(3), h, size);
  }

  @ParameterizedTest
  @ValueSource(ints = {64, 224, 1024})
  void cubeSilhouetteMatchesTheAnalyticProjection(int size) {
    RenderSettings settings = straightOn(size).build();
    RenderedView view = render(TestScenes.cube(Mesh.MAIN_COLOUR, 10).build(), settings);
    assertEquals(size, view.width());
    assertEquals(size * size * 3, view.rgb().length);
    assertEquals(size * size, view.mask().length);
    double side = cubeSide(10, size);
    double area = coveredPixels(view);
    // Only the border pixels can be off, by at most half a sample each.
    double tolerance = 4 * side / settings.supersampling() / 2 + 1;
    assertEquals(side * side, area, tolerance, "covered pixels at " + size + " px");
  }

  @Test
  void cubeEdgesLieWhereTheyProject() {
    int size = 224;
    RenderedView view = render(TestScenes.cube(Mesh.MAIN_COLOUR, 10).build(), straightOn(size).build());
    double left = size / 2.0 - cubeSide(10, size) / 2;
    double right = size / 2.0 + cubeSide(10, size) / 2;
    int y = size / 2;
    for (int x = 0; x < size; x++) {
      double covered = Math.max(0, Math.min(x + 1, right) - Math.max(x, left));
      assertEquals(covered * 255, mask(view, x, y), 255 / 2.0 + 1, "mask at x=" + x);
    }
  }

  @Test
  void nearSquareHidesFarSquareWhateverTheDrawingOrder() {
    MeshBuilder nearFirst = new MeshBuilder();
    squareFacingCamera(nearFirst, RED, 4, 5);
    squareFacingCamera(nearFirst, BLUE, 10, -5);
    MeshBuilder farFirst = new MeshBuilder();
    squareFacingCamera(farFirst, BLUE, 10, -5);
    squareFacingCamera(farFirst, RED, 4, 5);
    RenderSettings settings = straightOn(128).build();
    for (MeshBuilder scene : new MeshBuilder[] {nearFirst, farFirst}) {
      RenderedView view = render(scene.build(), settings);
      int centre = pixel(view, 64, 64);
      assertTrue(((centre >> 16) & 0xFF) > 3 * (centre & 0xFF), "centre should be red: " + Integer.toHexString(centre));
      int corner = pixel(view, 64 + 30, 64 + 30);
      assertTrue((corner & 0xFF) > ((corner >> 16) & 0xFF), "corner should be blue: " + Integer.toHexString(corner));
    }
  }

  @Test
  void oneSidedFacesAreCulledFromBehindTwoSidedAreNot() {
    RenderSettings settings = straightOn(96).build();
    float[] away = {0, 0, -1};
    float[][] corners = {{-5, -5, 0}, {5, -5, 0}, {5, 5, 0}, {-5, 5, 0}};

    double side = projectedSide(5, 5 * Math.sqrt(2), 0, 96);
    MeshBuilder facing = new MeshBuilder();
    TestScenes.quad(facing, WHITE, false, new float[] {0, 0, 1}, corners);
    assertEquals(side * side, coveredPixels(render(facing.build(), settings)), 2 * side, "front face is drawn");

    MeshBuilder backFacing = new MeshBuilder();
    TestScenes.quad(backFacing, WHITE, false, away, corners);
    assertEquals(0, coveredPixels(render(backFacing.build(), settings)), "one-sided back face is culled");

    MeshBuilder twoSided = new MeshBuilder();
    TestScenes.quad(twoSided, WHITE, true, away, corners);
    RenderedView view = render(twoSided.build(), settings);
    assertEquals(side * side, coveredPixels(view), 2 * side, "two-sided back face is drawn");
    int lit = pixel(view, 48, 48);
    assertTrue((lit & 0xFF) > 100, "two-sided face seen from behind is lit as facing the viewer");
  }

  @Test
  void cubeShowsItsFrontFaceNotItsBack() {
    // Front face red, the rest white: from +Z only red may be visible.
    MeshBuilder b = new MeshBuilder();
    Mesh cube = TestScenes.cube(WHITE, 10).build();
    for (int t = 0; t < cube.triangleCount(); t++) {
      float[] v = cube.triangles();
      boolean front = v[t * 9 + 2] == 10 && v[t * 9 + 5] == 10 && v[t * 9 + 8] == 10;
      b.addTriangle(v, t * 9, front ? RED : WHITE, false);
    }
    RenderedView view = render(b.build(), straightOn(128).build());
    int centre = pixel(view, 64, 64);
    assertTrue(((centre >> 16) & 0xFF) > 2 * ((centre >> 8) & 0xFF), "front face is red: " + Integer.toHexString(centre));
  }

  @Test
  void edgeLinesAreDrawnOnTopOfTheirFaces() {
    MeshBuilder b = new MeshBuilder();
    squareFacingCamera(b, WHITE, 10, 0);
    b.addEdge(new float[] {-10, 0, 0, 10, 0, 0}, 0, BLACK); // a horizontal line through the middle
    RenderSettings settings = straightOn(128).edges(true).build();
    RenderedView view = render(b.build(), settings);
    int onLine = darkerOfRowsAt(view, 64);
    int offLine = pixel(view, 64, 40);
    assertTrue(luma(onLine) < luma(offLine) - 50,
        "line dark, face light: " + Integer.toHexString(onLine) + " / " + Integer.toHexString(offLine));
    RenderedView withoutEdges = render(b.build(), straightOn(128).build());
    assertEquals(luma(offLine), luma(darkerOfRowsAt(withoutEdges, 64)), 2, "edges off leaves the face alone");
  }

  @Test
  void conditionalLineIsDrawnOnlyWhenControlPointsAreOnOneSide() {
    RenderSettings settings = straightOn(128).edges(true).build();
    float[] sameSide = TestScenes.concat(new float[] {-10, 0, 0}, new float[] {10, 0, 0},
        new float[] {0, -5, 0}, new float[] {3, -6, 0});
    float[] straddling = TestScenes.concat(new float[] {-10, 0, 0}, new float[] {10, 0, 0},
        new float[] {0, -5, 0}, new float[] {3, 6, 0});
    for (boolean drawn : new boolean[] {true, false}) {
      MeshBuilder b = new MeshBuilder();
      squareFacingCamera(b, WHITE, 10, 0);
      b.addConditionalLine(drawn ? sameSide : straddling, 0, BLACK);
      RenderedView view = render(b.build(), settings);
      int onLine = darkerOfRowsAt(view, 64);
      assertEquals(drawn, luma(onLine) < luma(pixel(view, 64, 40)) - 50, (drawn ? "same side" : "straddling") + ": " + Integer.toHexString(onLine));
    }
  }

  @Test
  void hiddenEdgeLinesStayHidden() {
    MeshBuilder b = new MeshBuilder();
    squareFacingCamera(b, WHITE, 10, 5);
    b.addEdge(new float[] {-10, 0, -5, 10, 0, -5}, 0, BLACK); // behind the square
    RenderedView view = render(b.build(), straightOn(128).edges(true).build());
    int onLine = darkerOfRowsAt(view, 64);
    assertEquals(luma(pixel(view, 64, 40)), luma(onLine), 2, "line behind a face is hidden: " + Integer.toHexString(onLine));
  }

  @Test
  void transparentFaceBlendsOverOpaqueAndHidesBehindIt() {
    RenderSettings settings = straightOn(128).build();
    MeshBuilder opaqueOnly = new MeshBuilder();
    squareFacingCamera(opaqueOnly, RED, 10, -5);
    int red = pixel(render(opaqueOnly.build(), settings), 64, 64);

    MeshBuilder inFront = new MeshBuilder();
    squareFacingCamera(inFront, RED, 10, -5);
    squareFacingCamera(inFront, TRANS_DARK_BLUE, 6, 5);
    int blended = pixel(render(inFront.build(), settings), 64, 64);
    assertTrue(((blended >> 16) & 0xFF) < ((red >> 16) & 0xFF) - 30, "red shows less through blue");
    assertTrue((blended & 0xFF) > (red & 0xFF) + 15, "blue is added: " + Integer.toHexString(blended));
    assertTrue(((blended >> 16) & 0xFF) > 40, "red still shows through: " + Integer.toHexString(blended));

    MeshBuilder behind = new MeshBuilder();
    squareFacingCamera(behind, TRANS_DARK_BLUE, 6, -10);
    squareFacingCamera(behind, RED, 10, -5);
    assertEquals(red, pixel(render(behind.build(), settings), 64, 64), "transparent face behind opaque is hidden");
  }

  @Test
  void transparentOnlyCoverageCountsInTheMask() {
    MeshBuilder b = new MeshBuilder();
    squareFacingCamera(b, TRANS_DARK_BLUE, 10, 0);
    RenderedView view = render(b.build(), straightOn(64).build());
    assertEquals(255, mask(view, 32, 32));
  }

  @Test
  void maskIsZeroExactlyWhereOnlyBackgroundShows() {
    RenderSettings settings = straightOn(160).build();
    RenderedView view = render(TestScenes.cube(RED, 10).build(), settings);
    int background = view.metadata().background().colours().get(0);
    int uncovered = 0;
    for (int y = 0; y < view.height(); y++) {
      for (int x = 0; x < view.width(); x++) {
        if (mask(view, x, y) == 0) {
          uncovered++;
          assertEquals(background, pixel(view, x, y), "uncovered pixel shows background at " + x + "," + y);
        } else if (mask(view, x, y) == 255) {
          assertTrue(pixel(view, x, y) != background, "covered pixel shows the part at " + x + "," + y);
        }
      }
    }
    assertTrue(uncovered > 0);
  }

  /**
   * A one-pixel line through the image centre lies on the border between rows {@code middle − 1} and
   * {@code middle}, half in each: the darker of the two shows it.
   */
  private static int darkerOfRowsAt(RenderedView view, int middle) {
    int above = pixel(view, middle, middle - 1);
    int below = pixel(view, middle, middle);
    return luma(above) < luma(below) ? above : below;
  }

  private static int luma(int rgb) {
    return (((rgb >> 16) & 0xFF) * 299 + ((rgb >> 8) & 0xFF) * 587 + (rgb & 0xFF) * 114) / 1000;
  }
}
