package org.brickbox.render;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.brickbox.render.photo.CameraEffects;
import org.brickbox.render.photo.RestingPose;
import org.brickbox.render.photo.Surface;
import org.brickbox.render.photo.SurfaceKind;
import org.brickbox.render.photo.WhiteBalance;

/**
 * Every seeded choice of one photographic view, in the part's own LDraw coordinates (the world is turned around the
 * part rather than the part around the world, so the mesh is never transformed): which way is down (a resting pose,
 * a free pose, or the underside seen through glass), where the surface is, the camera (lens, distance, framing,
 * aim), the lights with their colour temperature and softness, the surface texture, the plastic's colour deviation
 * and what the camera does to the image. Built only from (seed, part, view) streams, so it never depends on order.
 */
final class PhotoScene {
  /** 35 mm film frame height: the lens's field of view follows from it and the focal length. */
  private static final double FRAME_MM = 24;
  private static final double GOLDEN_ANGLE_DEG = 180.0 * (3.0 - Math.sqrt(5.0));

  enum Pose { RESTING, FREE, UNDERSIDE }

  final Pose pose;
  /** Index into the part's resting poses (by probability), or -1. */
  final int restingIndex;
  final double poseProbability;
  /** Unit vector towards the surface, and its opposite. */
  final double[] down;
  final double[] up;
  /** {@code p·down} of the surface plane: the part touches it from above. */
  final double groundLevel;
  /** Horizontal axes of the surface (its texture coordinates). */
  final double[] e1;
  final double[] e2;
  final Camera camera;
  final double focalMm;
  final double fill;
  final double elevationDeg;
  final double azimuthDeg;
  final double rollDeg;
  /** Unit directions towards the lights; light 0 is the key light, the only one casting shadows. */
  final List<double[]> lightDirections = new ArrayList<>();
  /** Linear RGB irradiance of each light on a surface facing it. */
  final List<double[]> lightColours = new ArrayList<>();
  final List<Double> lightKelvin = new ArrayList<>();
  /** tan of the key light's angular radius: its softness. */
  final double keyTanSpread;
  /** Irradiance from the sky (everything above) and from the surroundings below. */
  final double[] sky;
  final double[] bounce;
  /** Brightness of the out-of-focus room seen above the horizon. */
  final double horizon;
  /** The surface under the part, or null in an underside view (a light box behind glass instead). */
  final Surface surface;
  final double[] lightBox;
  /** Per-channel gain on the part's colour. */
  final double[] colourGain;
  final CameraEffects effects;

  private PhotoScene(Builder b) {
    pose = b.pose;
    restingIndex = b.restingIndex;
    poseProbability = b.poseProbability;
    down = b.down;
    up = Camera.scale(b.down, -1);
    groundLevel = b.groundLevel;
    e1 = b.e1;
    e2 = b.e2;
    camera = b.camera;
    focalMm = b.focalMm;
    fill = b.fill;
    elevationDeg = b.elevationDeg;
    azimuthDeg = b.azimuthDeg;
    rollDeg = b.rollDeg;
    lightDirections.addAll(b.lightDirections);
    lightColours.addAll(b.lightColours);
    lightKelvin.addAll(b.lightKelvin);
    keyTanSpread = b.keyTanSpread;
    sky = b.sky;
    bounce = b.bounce;
    horizon = b.horizon;
    surface = b.surface;
    lightBox = b.lightBox;
    colourGain = b.colourGain;
    effects = b.effects;
  }

  static PhotoScene random(PreparedMesh mesh, List<RestingPose> poses, RenderSettings settings, RenderKey key) {
    PhotoSettings photo = settings.photo();
    Builder b = new Builder();
    SplittableRandom view = Seeds.random(key.seed(), key.partId(), key.viewIndex(), Seeds.VIEW);
    double pick = view.nextDouble();
    if (pick < photo.undersideShare()) {
      b.pose = Pose.UNDERSIDE;
    } else if (pick < photo.undersideShare() + photo.freePoseShare() || !photo.restingPoses() || poses.isEmpty()) {
      b.pose = Pose.FREE;
    } else {
      b.pose = Pose.RESTING;
    }
    b.restingIndex = -1;
    if (b.pose != Pose.FREE && photo.restingPoses() && !poses.isEmpty()) {
      double u = view.nextDouble();
      int i = 0;
      for (double sum = poses.get(0).probability(); sum < u && i < poses.size() - 1; ) sum += poses.get(++i).probability();
      b.restingIndex = i;
      b.poseProbability = poses.get(i).probability();
      b.down = Camera.normalise(poses.get(i).down());
    } else {
      b.down = uniformDirection(view);
    }
    double[] upward = Camera.scale(b.down, -1);
    double spin = view.nextDouble(0, 2 * Math.PI);
    double[] a = Camera.perpendicular(b.down);
    double[] c = Camera.cross(b.down, a);
    b.e1 = Camera.add(Camera.scale(a, Math.cos(spin)), Camera.scale(c, Math.sin(spin)));
    b.e2 = Camera.cross(b.down, b.e1);
    b.groundLevel = extent(mesh.positions(), b.down);

    // Camera: a seeded lens and framing, views spread around the part by the golden angle.
    double logMin = Math.log(photo.minFocalMm()), logMax = Math.log(photo.maxFocalMm());
    b.focalMm = Math.exp(logMin == logMax ? logMin : view.nextDouble(logMin, logMax));
    double fovY = Math.toDegrees(2 * Math.atan(FRAME_MM / 2 / b.focalMm));
    double tanHalf = Math.tan(Math.toRadians(fovY / 2));
    b.fill = photo.minFill() == photo.maxFill() ? photo.minFill() : view.nextDouble(photo.minFill(), photo.maxFill());
    b.elevationDeg = switch (b.pose) {
      case UNDERSIDE -> view.nextDouble(-85, -30);
      default -> view.nextDouble() < 0.3 ? view.nextDouble(6, 25) : view.nextDouble(25, 88);
    };
    b.azimuthDeg = (key.viewIndex() * GOLDEN_ANGLE_DEG + view.nextDouble(-20, 20)) % 360.0;
    b.rollDeg = view.nextDouble(-12, 12);
    double el = Math.toRadians(b.elevationDeg), az = Math.toRadians(b.azimuthDeg);
    double[] towardsEye = Camera.add(Camera.add(Camera.scale(b.e1, Math.cos(el) * Math.cos(az)),
        Camera.scale(b.e2, Math.cos(el) * Math.sin(az))), Camera.scale(upward, Math.sin(el)));
    double radius = mesh.radius();
    double distance = Math.max(1.25 * radius, radius / (b.fill * tanHalf));
    double[] centre = mesh.centre();
    // Aim off-centre by up to what the framing leaves free, so loose shots are not always centred and tight ones cut
    // the part on any side.
    double slack = Math.max(0.08, 1.1 - b.fill) * 0.7;
    double[] right0 = Camera.perpendicular(towardsEye);
    double[] up0 = Camera.cross(towardsEye, right0);
    double ox = view.nextDouble(-slack, slack) * distance * tanHalf;
    double oy = view.nextDouble(-slack, slack) * distance * tanHalf;
    double[] target = Camera.add(centre, Camera.add(Camera.scale(right0, ox), Camera.scale(up0, oy)));
    double[] eye = Camera.add(target, Camera.scale(towardsEye, distance));
    double centreDistance = Camera.length(Camera.sub(centre, eye));
    b.camera = new Camera(eye, Camera.scale(towardsEye, -1), target, upward, b.rollDeg, fovY, settings.sampleSize(),
        Math.max(1e-3, centreDistance - radius * 1.05), centreDistance + radius * 1.05);

    lights(b, Seeds.random(key.seed(), key.partId(), key.viewIndex(), Seeds.LIGHTS), upward);

    SplittableRandom backdrop = Seeds.random(key.seed(), key.partId(), key.viewIndex(), Seeds.BACKGROUND);
    if (b.pose == Pose.UNDERSIDE) {
      double level = backdrop.nextDouble() < 0.75 ? backdrop.nextDouble(0.55, 1.0) : backdrop.nextDouble(0.02, 0.08);
      double[] tint = kelvin(backdrop.nextDouble(4500, 8000));
      b.lightBox = Camera.scale(tint, level);
    } else {
      b.surface = photo.surfaces() ? Surface.random(backdrop) : Surface.random(backdrop, SurfaceKind.PLAIN_LIGHT);
    }
    SplittableRandom colour = Seeds.random(key.seed(), key.partId(), key.viewIndex(), Seeds.COLOUR ^ 0x5A);
    double cv = photo.colourVariation();
    double level = 1 + cv * colour.nextGaussian();
    b.colourGain = new double[] {
      level * (1 + cv * 0.5 * colour.nextGaussian()), level * (1 + cv * 0.5 * colour.nextGaussian()),
      level * (1 + cv * 0.5 * colour.nextGaussian())};
    b.effects = CameraEffects.random(Seeds.random(key.seed(), key.partId(), key.viewIndex(), Seeds.CAMERA),
        photo.camera());
    return new PhotoScene(b);
  }

  /**
   * A key light (large and soft or smaller and harder, 3000–7000 K) high over the surface, up to two weaker fills, a
   * sky and the light bounced by the surroundings; then white balanced on the key light the way a camera's auto white
   * balance would, so only the mixed-light casts remain (the camera stage adds its own residual error).
   */
  private static void lights(Builder b, SplittableRandom r, double[] upward) {
    double keyKelvin = r.nextDouble(3000, 7000);
    double[] balance = kelvin(keyKelvin);
    boolean fromBelow = b.pose == Pose.UNDERSIDE && r.nextDouble() < 0.6;
    int count = 1 + r.nextInt(3);
    for (int i = 0; i < count; i++) {
      boolean key = i == 0;
      double el = Math.toRadians(key ? r.nextDouble(30, 80) : r.nextDouble(10, 70));
      if (key && fromBelow) el = -el;
      double az = r.nextDouble(0, 2 * Math.PI);
      double[] dir = Camera.add(Camera.add(Camera.scale(b.e1, Math.cos(el) * Math.cos(az)),
          Camera.scale(b.e2, Math.cos(el) * Math.sin(az))), Camera.scale(upward, Math.sin(el)));
      double kelvin = key ? keyKelvin : r.nextDouble(2800, 7500);
      double strength = key ? r.nextDouble(1.7, 2.6) : r.nextDouble(0.15, 0.6);
      double[] tint = kelvin(kelvin);
      b.lightDirections.add(Camera.normalise(dir));
      b.lightColours.add(new double[] {
        strength * tint[0] / balance[0], strength * tint[1] / balance[1], strength * tint[2] / balance[2]});
      b.lightKelvin.add(kelvin);
    }
    b.keyTanSpread = Math.tan(Math.toRadians(r.nextDouble(3, 22)));
    // Daylight from a window or the sky is bluer than a lamp, but a camera balanced on the lamp never sees it far off.
    double[] skyTint = kelvin(Math.min(12000, keyKelvin * r.nextDouble(1.0, 1.5)));
    double skyLevel = r.nextDouble(0.3, 0.65);
    b.sky = new double[] {
      skyLevel * skyTint[0] / balance[0], skyLevel * skyTint[1] / balance[1], skyLevel * skyTint[2] / balance[2]};
    double bounce = r.nextDouble(0.1, 0.3);
    b.bounce = new double[] {bounce, bounce, bounce};
    b.horizon = r.nextDouble(0.06, 0.4);
  }

  /** Linear RGB of light at {@code kelvin} relative to daylight (6500 K = white, before any white balance). */
  private static double[] kelvin(double kelvin) {
    return WhiteBalance.lightColour(kelvin, 6500);
  }

  /** Largest {@code p·d} over the mesh's corners: where a plane with normal {@code d} touches the part. */
  private static double extent(float[] p, double[] d) {
    double m = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < p.length; i += 3) m = Math.max(m, p[i] * d[0] + p[i + 1] * d[1] + p[i + 2] * d[2]);
    return m;
  }

  private static double[] uniformDirection(SplittableRandom r) {
    double z = r.nextDouble(-1, 1);
    double phi = r.nextDouble(0, 2 * Math.PI);
    double s = Math.sqrt(1 - z * z);
    return new double[] {s * Math.cos(phi), s * Math.sin(phi), z};
  }

  private static final class Builder {
    Pose pose;
    int restingIndex;
    double poseProbability;
    double[] down;
    double groundLevel;
    double[] e1;
    double[] e2;
    Camera camera;
    double focalMm;
    double fill;
    double elevationDeg;
    double azimuthDeg;
    double rollDeg;
    final List<double[]> lightDirections = new ArrayList<>();
    final List<double[]> lightColours = new ArrayList<>();
    final List<Double> lightKelvin = new ArrayList<>();
    double keyTanSpread;
    double[] sky;
    double[] bounce;
    double horizon;
    Surface surface;
    double[] lightBox;
    double[] colourGain;
    CameraEffects effects;
  }
}
