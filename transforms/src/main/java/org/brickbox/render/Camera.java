package org.brickbox.render;

/**
 * A perspective pinhole camera in LDraw coordinates that projects points straight to sample coordinates of a square
 * frame (x right, y down, pixel centres at +0.5). The CAD style frames it on the part's bounding sphere
 * ({@link #framing}) so the part appears whole and at one scale in every view; the photographic style places it
 * like a photographer would (close, any focal length, sometimes cutting the part).
 */
final class Camera {
  static final double FOV_Y_DEG = 30.0;
  /** Sphere radius over half the frame: 1.06 leaves a 6 % margin so anti-aliased borders and edges never clip. */
  private static final double MARGIN = 1.06;
  private static final double[] WORLD_UP = {0, -1, 0};

  final double[] eye;
  final double[] target;
  final double[] right;
  final double[] up;
  final double[] forward;
  final double near;
  final double far;
  final double fovYDeg;
  /** Frame pixels per unit of tan(angle off the view axis): the pinhole's focal length in samples. */
  final double focal;
  final double centre;
  /** Rows of a 3×4 matrix: (X, Y, Z) = M·(p, 1); the sample position is (X/Z, Y/Z), Z is the view depth. */
  final float[] projection = new float[12];

  /**
   * A camera at {@code eye} looking along the unit vector {@code forward} at {@code target}, the image's up as close
   * to {@code upHint} as the view allows, then rolled by {@code rollDeg}; depths {@code near..far} bound what it sees.
   */
  Camera(double[] eye, double[] forward, double[] target, double[] upHint, double rollDeg, double fovYDeg,
      int frameSize, double near, double far) {
    this.eye = eye;
    this.target = target;
    this.fovYDeg = fovYDeg;
    this.forward = forward;
    double[] r = cross(forward, upHint);
    if (length(r) < 1e-9) r = cross(forward, perpendicular(upHint)); // looking straight along the up hint
    r = normalise(r);
    double[] u = cross(r, forward);
    double roll = Math.toRadians(rollDeg);
    this.right = add(scale(r, Math.cos(roll)), scale(u, Math.sin(roll)));
    this.up = add(scale(u, Math.cos(roll)), scale(r, -Math.sin(roll)));
    this.near = near;
    this.far = far;
    this.focal = frameSize / 2.0 / Math.tan(Math.toRadians(fovYDeg / 2));
    this.centre = frameSize / 2.0;
    // X = focal·right + centre·forward; Y = −focal·up + centre·forward (y grows downwards); Z = forward.
    for (int a = 0; a < 3; a++) {
      projection[a] = (float) (focal * right[a] + centre * forward[a]);
      projection[4 + a] = (float) (-focal * up[a] + centre * forward[a]);
      projection[8 + a] = (float) forward[a];
    }
    projection[3] = (float) -(dot(projection, 0, eye));
    projection[7] = (float) -(dot(projection, 4, eye));
    projection[11] = (float) -(dot(projection, 8, eye));
  }

  /** The CAD style's camera: on the bounding sphere's viewpoint direction, the whole sphere in view at every angle. */
  static Camera framing(PreparedMesh mesh, Viewpoint viewpoint, int frameSize) {
    double az = Math.toRadians(viewpoint.azimuthDeg());
    double el = Math.toRadians(viewpoint.elevationDeg());
    double[] towardsEye = {Math.cos(el) * Math.sin(az), -Math.sin(el), Math.cos(el) * Math.cos(az)};
    double radius = mesh.radius();
    double distance = radius * MARGIN / Math.sin(Math.toRadians(FOV_Y_DEG / 2));
    double[] target = mesh.centre();
    return new Camera(add(target, scale(towardsEye, distance)), scale(towardsEye, -1), target, WORLD_UP,
        viewpoint.rollDeg(), FOV_Y_DEG, frameSize, distance - radius * MARGIN, distance + radius * MARGIN);
  }

  /** Direction (not normalised) of the ray through frame sample position (x, y). */
  double[] ray(double x, double y) {
    double dx = (x - centre) / focal;
    double dy = (centre - y) / focal;
    return new double[] {
      forward[0] + dx * right[0] + dy * up[0],
      forward[1] + dx * right[1] + dy * up[1],
      forward[2] + dx * right[2] + dy * up[2]};
  }

  CameraPose pose() {
    return new CameraPose(Vec3.of(eye), Vec3.of(target), Vec3.of(up), fovYDeg, near, far);
  }

  /** Converts a direction given in camera terms (right, up, towards the viewer) to LDraw coordinates. */
  double[] fromCamera(double x, double y, double z) {
    double[] d = new double[3];
    for (int a = 0; a < 3; a++) d[a] = x * right[a] + y * up[a] - z * forward[a];
    return normalise(d);
  }

  private static double dot(float[] m, int row, double[] p) {
    return m[row] * p[0] + m[row + 1] * p[1] + m[row + 2] * p[2];
  }

  static double[] sub(double[] a, double[] b) {
    return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
  }

  static double dot(double[] a, double[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  }

  /** Some unit vector perpendicular to {@code a} (for LDraw's up, −Y: −Z). */
  static double[] perpendicular(double[] a) {
    double[] other = Math.abs(a[0]) < 0.9 ? new double[] {-1, 0, 0} : new double[] {0, 1, 0};
    return normalise(cross(a, other));
  }

  static double[] add(double[] a, double[] b) {
    return new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]};
  }

  static double[] scale(double[] a, double s) {
    return new double[] {a[0] * s, a[1] * s, a[2] * s};
  }

  static double[] cross(double[] a, double[] b) {
    return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
  }

  static double length(double[] a) {
    return Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
  }

  static double[] normalise(double[] a) {
    return scale(a, 1.0 / length(a));
  }
}
