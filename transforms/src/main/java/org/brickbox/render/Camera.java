package org.brickbox.render;

/**
 * A perspective camera framed on a part's bounding sphere so the whole part fits from every direction with a
 * small margin, and the part appears at the same scale in every view. Projects LDraw points straight to sample
 * coordinates of a square frame (x right, y down, pixel centres at +0.5).
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
  /** Rows of a 3×4 matrix: (X, Y, Z) = M·(p, 1); the sample position is (X/Z, Y/Z), Z is the view depth. */
  final float[] projection = new float[12];

  private Camera(double[] target, double radius, Viewpoint viewpoint, int frameSize) {
    double az = Math.toRadians(viewpoint.azimuthDeg());
    double el = Math.toRadians(viewpoint.elevationDeg());
    double[] towardsEye = {Math.cos(el) * Math.sin(az), -Math.sin(el), Math.cos(el) * Math.cos(az)};
    double halfFov = Math.toRadians(FOV_Y_DEG / 2);
    double distance = radius * MARGIN / Math.sin(halfFov);
    this.target = target;
    this.eye = add(target, scale(towardsEye, distance));
    this.forward = scale(towardsEye, -1);
    double[] r = cross(forward, WORLD_UP);
    if (length(r) < 1e-9) r = cross(forward, new double[] {0, 0, -1}); // looking straight up or down
    r = normalise(r);
    double[] u = cross(r, forward);
    double roll = Math.toRadians(viewpoint.rollDeg());
    this.right = add(scale(r, Math.cos(roll)), scale(u, Math.sin(roll)));
    this.up = add(scale(u, Math.cos(roll)), scale(r, -Math.sin(roll)));
    this.near = distance - radius * MARGIN;
    this.far = distance + radius * MARGIN;

    double focal = frameSize / 2.0 / Math.tan(halfFov);
    double centre = frameSize / 2.0;
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

  static Camera framing(PreparedMesh mesh, Viewpoint viewpoint, int frameSize) {
    return new Camera(mesh.centre(), mesh.radius(), viewpoint, frameSize);
  }

  CameraPose pose() {
    return new CameraPose(Vec3.of(eye), Vec3.of(target), Vec3.of(up), FOV_Y_DEG, near, far);
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
