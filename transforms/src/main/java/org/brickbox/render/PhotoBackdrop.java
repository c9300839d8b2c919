package org.brickbox.render;

/**
 * What the photographic camera sees around the part, per output pixel: the ray through the pixel meets the surface
 * the part lies on, whose textured albedo is lit by the sky (less where the part crowds it: contact occlusion) and by
 * each light (the key light's blocked by the part: its soft shadow); rays above the horizon see a dim, out-of-focus
 * room; an underside view sees the light box behind the glass. Shadow and occlusion vary slowly, so they are computed
 * on a grid of every other pixel and interpolated; the texture is looked up at every pixel.
 */
final class PhotoBackdrop {
  private static final double MM_PER_LDU = 0.4;
  private static final int STEP = 2;
  private float[] light = new float[0];

  /**
   * Fills {@code out} (size×size, 0xRRGGBB).
   *
   * @param keyShadow the key light's shadow map, or null without shadows
   * @param contact the part seen from above (lowest point per column), or null without contact occlusion
   */
  void draw(PhotoScene scene, int size, int supersampling, ShadowMap keyShadow, ShadowMap contact, double radius,
      int[] out) {
    if (scene.surface == null) {
      lightBox(scene, size, out);
      return;
    }
    Rays rays = new Rays(scene, supersampling);
    int grid = size / STEP + 2;
    if (light.length < grid * grid * 3) light = new float[grid * grid * 3];
    double[] up = scene.up;
    double spread = scene.keyTanSpread;
    double bias = radius * 0.01;
    double[] hit = new double[3];
    for (int gy = 0; gy < grid; gy++) {
      for (int gx = 0; gx < grid; gx++) {
        int g = (gy * grid + gx) * 3;
        if (!rays.hit(gx * STEP, gy * STEP, hit)) {
          light[g] = light[g + 1] = light[g + 2] = Float.NaN;
          continue;
        }
        double occluded = contact == null ? 0
            : contact.occlusion(hit[0], hit[1], hit[2], scene.groundLevel, radius * 0.25, radius * 0.35);
        double skyShare = 1 - 0.85 * Math.min(1, occluded);
        double r = scene.sky[0] * skyShare, gr = scene.sky[1] * skyShare, b = scene.sky[2] * skyShare;
        for (int k = 0; k < scene.lightDirections.size(); k++) {
          double facing = Camera.dot(scene.lightDirections.get(k), up);
          if (facing <= 0) continue;
          double lit = k == 0 && keyShadow != null ? keyShadow.lit(hit[0], hit[1], hit[2], spread, bias) : 1;
          double[] c = scene.lightColours.get(k);
          r += c[0] * facing * lit;
          gr += c[1] * facing * lit;
          b += c[2] * facing * lit;
        }
        light[g] = (float) r;
        light[g + 1] = (float) gr;
        light[g + 2] = (float) b;
      }
    }
    double[] e1 = scene.e1, e2 = scene.e2;
    for (int py = 0; py < size; py++) {
      for (int px = 0; px < size; px++) {
        if (!rays.hit(px, py, hit)) {
          out[py * size + px] = horizon(scene, py, size);
          continue;
        }
        int albedo = scene.surface.albedoRgb(Camera.dot(hit, e1) * MM_PER_LDU, Camera.dot(hit, e2) * MM_PER_LDU);
        float[] irradiance = interpolate(px, py, grid);
        out[py * size + px] = LinearLight.encodeRgb(
            LinearLight.toLinear(albedo >> 16) * irradiance[0],
            LinearLight.toLinear(albedo >> 8) * irradiance[1],
            LinearLight.toLinear(albedo) * irradiance[2]);
      }
    }
  }

  /**
   * Rays through output pixel centres and where they meet the surface, without allocating: the ray's component
   * towards the surface is linear in the pixel position, so only one division per pixel remains.
   */
  private static final class Rays {
    private final Camera cam;
    private final double supersampling;
    private final double height;
    private final double downForward;
    private final double downRight;
    private final double downUp;

    Rays(PhotoScene scene, int supersampling) {
      this.cam = scene.camera;
      this.supersampling = supersampling;
      double[] down = scene.down;
      this.height = scene.groundLevel - Camera.dot(cam.eye, down); // > 0: the eye is above the surface
      this.downForward = Camera.dot(cam.forward, down);
      this.downRight = Camera.dot(cam.right, down);
      this.downUp = Camera.dot(cam.up, down);
    }

    /** Writes where the ray through output pixel (px, py) meets the surface; false above the horizon. */
    boolean hit(int px, int py, double[] at) {
      double dx = ((px + 0.5) * supersampling - cam.centre) / cam.focal;
      double dy = (cam.centre - (py + 0.5) * supersampling) / cam.focal;
      double towardsSurface = downForward + dx * downRight + dy * downUp;
      if (height <= 0 || towardsSurface <= 1e-6) return false;
      double t = height / towardsSurface;
      if (t > 1e6) return false;
      for (int a = 0; a < 3; a++) at[a] = cam.eye[a] + t * (cam.forward[a] + dx * cam.right[a] + dy * cam.up[a]);
      return true;
    }
  }

  private final float[] mixed = new float[3];

  /**
   * Irradiance at pixel (px, py) from the grid points around it (grid point (gx, gy) lies on pixel (2gx, 2gy), so the
   * weights are 1, ½ or ¼); points whose ray missed the surface are left out.
   */
  private float[] interpolate(int px, int py, int grid) {
    int x0 = px / STEP, y0 = py / STEP;
    int x1 = px % STEP == 0 ? x0 : x0 + 1, y1 = py % STEP == 0 ? y0 : y0 + 1;
    int g00 = (y0 * grid + x0) * 3, g01 = (y0 * grid + x1) * 3, g10 = (y1 * grid + x0) * 3, g11 = (y1 * grid + x1) * 3;
    if (!Float.isNaN(light[g00] + light[g01] + light[g10] + light[g11])) {
      for (int a = 0; a < 3; a++) mixed[a] = 0.25f * (light[g00 + a] + light[g01 + a] + light[g10 + a] + light[g11 + a]);
      return mixed;
    }
    float weight = 0;
    mixed[0] = mixed[1] = mixed[2] = 0;
    for (int g : new int[] {g00, g01, g10, g11}) {
      if (Float.isNaN(light[g])) continue;
      for (int a = 0; a < 3; a++) mixed[a] += light[g + a];
      weight++;
    }
    for (int a = 0; a < 3 && weight > 0; a++) mixed[a] /= weight;
    return mixed;
  }

  /** Above the horizon: an out-of-focus room, lighter towards the top of the frame, a little tinted by the sky. */
  private static int horizon(PhotoScene scene, int py, int size) {
    float level = (float) scene.horizon * (0.7f + 0.3f * (1f - py / (float) size));
    float grey = (float) (scene.sky[0] + scene.sky[1] + scene.sky[2]) / 3f;
    return LinearLight.encodeRgb(level * (0.7f + 0.3f * (float) scene.sky[0] / grey),
        level * (0.7f + 0.3f * (float) scene.sky[1] / grey), level * (0.7f + 0.3f * (float) scene.sky[2] / grey));
  }

  /** Underside: an evenly lit light box (or a dark cover) seen through the glass, a little brighter in the middle. */
  private static void lightBox(PhotoScene scene, int size, int[] out) {
    double c = (size - 1) / 2.0;
    for (int py = 0; py < size; py++) {
      for (int px = 0; px < size; px++) {
        double r2 = ((px - c) * (px - c) + (py - c) * (py - c)) / (c * c);
        float falloff = (float) (1 - 0.12 * r2);
        out[py * size + px] = LinearLight.encodeRgb((float) scene.lightBox[0] * falloff,
            (float) scene.lightBox[1] * falloff, (float) scene.lightBox[2] * falloff);
      }
    }
  }
}
