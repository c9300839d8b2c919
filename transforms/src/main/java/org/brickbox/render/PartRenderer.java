package org.brickbox.render;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.brickbox.io.ldraw.ColourTable;
import org.brickbox.io.ldraw.LDrawColour;
import org.brickbox.io.ldraw.Mesh;

/**
 * Renders views of parts in software. Not thread-safe: each worker thread owns one renderer, whose buffers are
 * reused from render to render. The output depends only on the mesh, colour table, settings and key.
 *
 * <p>Order of work: opaque triangles fill depth and triangle ids (no shading yet); lines are depth-tested
 * against them; each visible sample is shaded (once per triangle per pixel); transparent triangles are blended
 * over it back to front; the samples are box-filtered into the image and its coverage mask.
 */
public final class PartRenderer {
  /** Changes whenever a change to the code changes output pixels; recorded with every image. */
  public static final String RENDERER_VERSION = "brickbox-raster-1";

  private final Frame frame = new Frame();
  private final TriangleRasteriser triangles = new TriangleRasteriser();
  private final LineRasteriser lines = new LineRasteriser();
  private final Materials materials = new Materials();
  private final Shader shader = new Shader();
  private int[] background = new int[0];
  /** Transparent triangles as (sortable depth bits << 32 | index), sorted far to near. */
  private long[] transparent = new long[0];

  /** Prepares the mesh on every call: for several views of one part, prepare once and pass the PreparedMesh. */
  public RenderedView render(Mesh mesh, ColourTable colours, RenderSettings settings, RenderKey key) {
    return render(PreparedMesh.of(mesh), colours, settings, key);
  }

  /**
   * Renders the view named by {@code key}.
   *
   * @throws RenderException naming the key, when anything goes wrong; the renderer stays usable
   */
  public RenderedView render(PreparedMesh mesh, ColourTable colours, RenderSettings settings, RenderKey key) {
    try {
      return draw(mesh, colours, settings, key);
    } catch (RuntimeException e) {
      throw new RenderException(key, e);
    }
  }

  private RenderedView draw(PreparedMesh mesh, ColourTable colours, RenderSettings settings, RenderKey key) {
    int size = settings.imageSize();
    int ss = settings.supersampling();
    LDrawColour colour = colours.resolve(key.colourCode());
    Viewpoint viewpoint = Viewpoints.of(settings, key);
    Camera camera = Camera.framing(mesh, viewpoint, settings.sampleSize());
    Lighting lighting = Lighting.random(
        Seeds.random(key.seed(), key.partId(), key.viewIndex(), Seeds.LIGHTS), settings, camera);
    if (background.length < size * size) background = new int[size * size];
    BackgroundInfo backgroundInfo = Background.draw(
        Seeds.random(key.seed(), key.partId(), key.viewIndex(), Seeds.BACKGROUND),
        settings.backgroundMode(), colour.rgb(), settings.backgroundRgb(), size, background);

    materials.resolve(mesh, colours, colour);
    frame.clear(settings.sampleSize());
    triangles.project(mesh, camera);
    int transparentCount = drawOpaque(mesh);
    if (settings.edges()) {
      int width = ss * Math.max(1, Math.round(size / 320f)); // one pixel at 224 px, three at 1024 px
      lines.drawEdges(mesh, camera, frame, width);
      lines.drawConditionalLines(mesh, camera, frame, width);
    }
    shader.prepare(mesh, triangles, materials, camera, lighting);
    byte[] rgb = new byte[size * size * 3];
    byte[] mask = new byte[size * size];
    if (transparentCount == 0) {
      FrameResolver.shadeAndDownsample(frame, ss, shader, materials, background, rgb, mask);
    } else {
      FrameResolver.shadeSamples(frame, ss, shader, materials, background);
      blendTransparent(mesh, transparentCount);
      FrameResolver.downsample(frame, ss, rgb, mask);
    }
    ViewMetadata metadata = new ViewMetadata(key, RENDERER_VERSION, size, size, ss, camera.pose(),
        viewpoint.azimuthDeg(), viewpoint.elevationDeg(), viewpoint.jitterAzimuthDeg(),
        viewpoint.jitterElevationDeg(), viewpoint.rollDeg(), lighting.ambient(), lighting.lights(), backgroundInfo,
        colour.code(), colour.name(), colour.rgb(), colour.alpha(), key.seed());
    return new RenderedView(size, size, rgb, mask, metadata);
  }

  /** Rasterises opaque triangles; queues transparent ones and returns how many were queued. */
  private int drawOpaque(PreparedMesh mesh) {
    int queued = 0;
    int frameSize = frame.size;
    for (int t = 0; t < mesh.triangleCount(); t++) {
      if (!materials.isOpaque(mesh.triangleSlot(t))) {
        if (queued == transparent.length) transparent = Arrays.copyOf(transparent, Math.max(64, queued * 2));
        // Smaller 1/z is farther; positive floats sort like their bit patterns.
        transparent[queued++] = ((long) Float.floatToIntBits(triangles.centroidInverseDepth(t)) << 32) | t;
      } else if (triangles.setup(t, mesh.isTwoSided(t), frameSize)) {
        triangles.fill(t, frame, null, 256);
      }
    }
    return queued;
  }

  private void blendTransparent(PreparedMesh mesh, int count) {
    Arrays.sort(transparent, 0, count);
    for (int k = 0; k < count; k++) {
      int t = (int) transparent[k];
      if (triangles.setup(t, mesh.isTwoSided(t), frame.size)) {
        triangles.fill(t, frame, shader, materials.alpha256[mesh.triangleSlot(t)]);
      }
    }
  }
}
