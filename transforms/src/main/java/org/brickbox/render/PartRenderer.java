package org.brickbox.render;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.brickbox.io.ldraw.ColourTable;
import org.brickbox.io.ldraw.LDrawColour;
import org.brickbox.io.ldraw.Mesh;
import org.brickbox.render.photo.CameraStage;

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
  public static final String RENDERER_VERSION = "brickbox-raster-2";
  private static final int SHADOW_MAP_SIZE = 160;
  private static final int CONTACT_MAP_SIZE = 96;
  private static final int RESTING_MAPS = 4;

  private final Frame frame = new Frame();
  private final TriangleRasteriser triangles = new TriangleRasteriser();
  private final LineRasteriser lines = new LineRasteriser();
  private final Materials materials = new Materials();
  private final Shader shader = new Shader();
  private final PhotoShader photoShader = new PhotoShader();
  private final PhotoBackdrop backdrop = new PhotoBackdrop();
  private final CameraStage cameraStage = new CameraStage();
  private final ShadowMap keyShadow = new ShadowMap(SHADOW_MAP_SIZE);
  private final ShadowMap contact = new ShadowMap(CONTACT_MAP_SIZE);
  /**
   * Contact maps of the latest resting poses (a part's views share its few resting poses, and a map depends only on
   * the mesh and the way down), with the mesh and direction each was built for and when it was last used.
   */
  private final ShadowMap[] restingMaps = new ShadowMap[RESTING_MAPS];
  private final PreparedMesh[] restingMeshes = new PreparedMesh[RESTING_MAPS];
  private final double[][] restingDowns = new double[RESTING_MAPS][];
  private final long[] restingUsed = new long[RESTING_MAPS];
  private long restingUses;
  private int[] background = new int[0];
  /** Per output pixel of a photographic render: whether any of its samples shows the backdrop. */
  private boolean[] showsBackdrop = new boolean[0];
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
    return settings.style() == RenderStyle.PHOTO ? drawPhoto(mesh, colours, settings, key)
        : drawCad(mesh, colours, settings, key);
  }

  private RenderedView drawCad(PreparedMesh mesh, ColourTable colours, RenderSettings settings, RenderKey key) {
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
    resolve(mesh, shader, transparentCount, ss, rgb, mask);
    ViewMetadata metadata = new ViewMetadata(key, RENDERER_VERSION, size, size, ss, camera.pose(),
        viewpoint.azimuthDeg(), viewpoint.elevationDeg(), viewpoint.jitterAzimuthDeg(),
        viewpoint.jitterElevationDeg(), viewpoint.rollDeg(), lighting.ambient(), lighting.lights(), backgroundInfo,
        colour.code(), colour.name(), colour.rgb(), colour.alpha(), key.seed(), null);
    return new RenderedView(size, size, rgb, mask, metadata);
  }

  /**
   * The photographic style: the scene's surface with the part's shadow and contact occlusion first, then the part
   * shaded as plastic under the scene's lights, then what the camera does to the image. The mask stays the part's
   * exact coverage.
   */
  private RenderedView drawPhoto(PreparedMesh mesh, ColourTable colours, RenderSettings settings, RenderKey key) {
    int size = settings.imageSize();
    int ss = settings.supersampling();
    PhotoSettings photo = settings.photo();
    LDrawColour colour = colours.resolve(key.colourCode());
    PhotoScene scene = PhotoScene.random(mesh, photo.restingPoses() ? mesh.restingPoses() : List.of(), settings, key);
    ShadowMap shadow = null;
    if (photo.shadows()) {
      keyShadow.build(mesh, scene.lightDirections.get(0));
      shadow = keyShadow;
    }
    ShadowMap lowest = null;
    if (photo.contactOcclusion() && scene.surface != null) {
      lowest = scene.pose == PhotoScene.Pose.RESTING ? restingContact(mesh, scene.down) : contact;
      if (lowest == contact) contact.build(mesh, scene.down);
    }
    materials.resolve(mesh, colours, colour);
    frame.clear(settings.sampleSize());
    triangles.project(mesh, scene.camera);
    int transparentCount = drawOpaque(mesh);
    // The backdrop only where some sample of the pixel shows it (transparent triangles, drawn later, blend over it),
    // and at the centre pixel, which the metadata records.
    if (background.length < size * size) background = new int[size * size];
    if (showsBackdrop.length < size * size) showsBackdrop = new boolean[size * size];
    frame.emptyPixels(ss, showsBackdrop);
    showsBackdrop[size * size / 2] = true;
    backdrop.draw(scene, size, ss, shadow, lowest, mesh.radius(), showsBackdrop, background);
    photoShader.prepare(mesh, triangles, materials, scene, shadow, photo.specular());
    byte[] rgb = new byte[size * size * 3];
    byte[] mask = new byte[size * size];
    resolve(mesh, photoShader, transparentCount, ss, rgb, mask);
    cameraStage.apply(rgb, size, size, scene.effects,
        Seeds.random(key.seed(), key.partId(), key.viewIndex(), Seeds.CAMERA ^ Seeds.VIEW));

    List<DirectionalLight> lights = new ArrayList<>();
    for (int k = 0; k < scene.lightDirections.size(); k++) {
      double[] c = scene.lightColours.get(k);
      lights.add(new DirectionalLight(Vec3.of(scene.lightDirections.get(k)), (c[0] + c[1] + c[2]) / 3));
    }
    double[] sky = scene.sky;
    PhotoView view = new PhotoView(scene.pose.name(), scene.restingIndex, scene.poseProbability, Vec3.of(scene.down),
        scene.focalMm, scene.fill, scene.lightKelvin, Math.toDegrees(Math.atan(scene.keyTanSpread)),
        scene.surface != null ? scene.surface.describe() : String.format("light box %.2f", scene.lightBox[1]),
        List.of(scene.colourGain[0], scene.colourGain[1], scene.colourGain[2]), scene.effects);
    BackgroundInfo backgroundInfo = new BackgroundInfo(BackgroundMode.PLAIN, List.of(background[size * size / 2]), 0, 0);
    ViewMetadata metadata = new ViewMetadata(key, RENDERER_VERSION, size, size, ss, scene.camera.pose(),
        scene.azimuthDeg, scene.elevationDeg, 0, 0, scene.rollDeg, (sky[0] + sky[1] + sky[2]) / 3, lights,
        backgroundInfo, colour.code(), colour.name(), colour.rgb(), colour.alpha(), key.seed(), view);
    return new RenderedView(size, size, rgb, mask, metadata);
  }

  /** The contact map of {@code mesh} resting with {@code down} down: remembered, or built in the least recent slot. */
  private ShadowMap restingContact(PreparedMesh mesh, double[] down) {
    restingUses++;
    int oldest = 0;
    for (int i = 0; i < RESTING_MAPS; i++) {
      if (restingMeshes[i] == mesh && Arrays.equals(restingDowns[i], down)) {
        restingUsed[i] = restingUses;
        return restingMaps[i];
      }
      if (restingUsed[i] < restingUsed[oldest]) oldest = i;
    }
    if (restingMaps[oldest] == null) restingMaps[oldest] = new ShadowMap(CONTACT_MAP_SIZE);
    restingMaps[oldest].build(mesh, down);
    restingMeshes[oldest] = mesh;
    restingDowns[oldest] = down.clone();
    restingUsed[oldest] = restingUses;
    return restingMaps[oldest];
  }

  private void resolve(PreparedMesh mesh, SampleShader sampleShader, int transparentCount, int ss, byte[] rgb,
      byte[] mask) {
    if (transparentCount == 0) {
      FrameResolver.shadeAndDownsample(frame, ss, sampleShader, materials, background, rgb, mask);
    } else {
      FrameResolver.shadeSamples(frame, ss, sampleShader, materials, background);
      blendTransparent(mesh, transparentCount, sampleShader);
      FrameResolver.downsample(frame, ss, rgb, mask);
    }
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

  private void blendTransparent(PreparedMesh mesh, int count, SampleShader sampleShader) {
    Arrays.sort(transparent, 0, count);
    for (int k = 0; k < count; k++) {
      int t = (int) transparent[k];
      if (triangles.setup(t, mesh.isTwoSided(t), frame.size)) {
        triangles.fill(t, frame, sampleShader, materials.alpha256[mesh.triangleSlot(t)]);
      }
    }
  }
}
