package org.brickbox.render;

/**
 * What the photographic camera sees around the part, per output pixel: the ray through the pixel meets the surface
 * the part lies on, whose textured albedo is lit by the sky (less where the part crowds it: contact occlusion) and by
 * each light (the key light's blocked by the part: its soft shadow); rays above the horizon see a dim, out-of-focus
 * room; an underside view sees the light box behind the glass. Shadow and occlusion vary slowly, so they are computed
 * on a grid of every other pixel and interpolated; the texture is looked up at every pixel. Only pixels where the
 * backdrop shows are drawn.
 */
final class PhotoBackdrop {
  private static final double MM_PER_LDU = 0.4;
  private static final int STEP = 2;
  /** Grid points per side of the tiles whose shadow and occlusion lookups are ruled out together. */
  private static final int TILE = 8;
  private float[] light = new float[0];
  /** Per grid point, whether a shown pixel reads it. */
  private boolean[] needed = new boolean[0];
  private Rays rays;
  private final double[] hit = new double[3];
  /** Surface points of a tile's corners, and the irradiance of a point out of reach of shadow and occlusion. */
  private final double[] cornerX = new double[4];
  private final double[] cornerY = new double[4];
  private final double[] cornerZ = new double[4];
  private final float[] free = new float[3];
  /** One row's shown pixels that see the surface: plane coordinates (mm), column and albedo. */
  private double[] rowU = new double[0];
  private double[] rowV = new double[0];
  private int[] rowX = new int[0];
  private int[] rowAlbedo = new int[0];

  /**
   * Fills {@code out} (size×size, 0xRRGGBB) where {@code shown} is true; other pixels are set to 0. Pixels the part
   * covers entirely never show the backdrop, so the caller leaves them out, and the shadow grid is computed only at
   * the points that shown pixels interpolate from: the image is the same as if every pixel were drawn.
   *
   * @param keyShadow the key light's shadow map, or null without shadows
   * @param contact the part seen from above (lowest point per column), or null without contact occlusion
   * @param shown per pixel, whether any of its samples shows the backdrop (null: every pixel)
   */
  void draw(PhotoScene scene, int size, int supersampling, ShadowMap keyShadow, ShadowMap contact, double radius,
      boolean[] shown, int[] out) {
    if (scene.surface == null) {
      lightBox(scene, size, shown, out);
      return;
    }
    Rays rays = rays(scene, supersampling, size + STEP + 1);
    int grid = size / STEP + 2;
    if (light.length < grid * grid * 3) {
      light = new float[grid * grid * 3];
      needed = new boolean[grid * grid];
    }
    markNeeded(size, grid, shown);
    double spread = scene.keyTanSpread;
    double bias = radius * 0.01;
    double groundLevel = scene.groundLevel, contactRadius = radius * 0.25, reach = radius * 0.35;
    double[] hit = this.hit;
    irradiance(scene, 0, 1, free, 0); // a point out of reach of the shadow and of contact occlusion
    for (int ty = 0; ty < grid; ty += TILE) {
      for (int tx = 0; tx < grid; tx += TILE) {
        int gx1 = Math.min(grid, tx + TILE), gy1 = Math.min(grid, ty + TILE);
        if (!anyNeeded(tx, ty, gx1, gy1, grid)) continue;
        // Where the whole tile sees the surface, its points lie in the quadrilateral of its corners' points; if no
        // lookup anywhere in it can find a blocker (or the part just above), every point's would return 1 (or 0).
        boolean hits = corners(rays, tx, ty, gx1 - 1, gy1 - 1);
        boolean unshadowed = keyShadow == null || hits && keyShadow.unshadowed(cornerX, cornerY, cornerZ, spread, bias);
        boolean unoccluded = contact == null
            || hits && contact.unoccluded(cornerX, cornerY, cornerZ, groundLevel, contactRadius, reach);
        for (int gy = ty; gy < gy1; gy++) {
          rays.row(gy * STEP);
          for (int gx = tx; gx < gx1; gx++) {
            int g = (gy * grid + gx) * 3;
            if (!needed[gy * grid + gx]) continue;
            if (hits && unshadowed && unoccluded) {
              System.arraycopy(free, 0, light, g, 3);
              continue;
            }
            if (!rays.hit(gx * STEP, hit)) {
              light[g] = light[g + 1] = light[g + 2] = Float.NaN;
              continue;
            }
            double occluded = unoccluded ? 0
                : contact.occlusion(hit[0], hit[1], hit[2], groundLevel, contactRadius, reach);
            double keyLit = unshadowed ? 1 : keyShadow.lit(hit[0], hit[1], hit[2], spread, bias);
            irradiance(scene, occluded, keyLit, light, g);
          }
        }
      }
    }
    double[] e1 = scene.e1, e2 = scene.e2;
    float[] light = this.light;
    if (rowU.length < size) {
      rowU = new double[size];
      rowV = new double[size];
      rowX = new int[size];
      rowAlbedo = new int[size];
    }
    for (int py = 0; py < size; py++) {
      rays.row(py);
      int horizon = -1;
      int hits = 0;
      for (int px = 0; px < size; px++) { // where each shown pixel's ray meets the surface
        int p = py * size + px;
        if (shown != null && !shown[p]) {
          out[p] = 0;
        } else if (!rays.hit(px, hit)) {
          if (horizon == -1) horizon = horizon(scene, py, size);
          out[p] = horizon;
        } else {
          rowU[hits] = Camera.dot(hit, e1) * MM_PER_LDU;
          rowV[hits] = Camera.dot(hit, e2) * MM_PER_LDU;
          rowX[hits++] = px;
        }
      }
      scene.surface.albedoRgb(rowU, rowV, hits, rowAlbedo);
      int y0 = py / STEP, y1 = py % STEP == 0 ? y0 : y0 + 1;
      for (int k = 0; k < hits; k++) { // lit by the irradiance interpolated from the grid
        int px = rowX[k];
        int albedo = rowAlbedo[k];
        // Grid point (gx, gy) lies on pixel (2gx, 2gy), so the weights are 1, ½ or ¼; points whose ray missed the
        // surface are left out.
        int x0 = px / STEP, x1 = px % STEP == 0 ? x0 : x0 + 1;
        int g00 = (y0 * grid + x0) * 3, g01 = (y0 * grid + x1) * 3, g10 = (y1 * grid + x0) * 3;
        int g11 = (y1 * grid + x1) * 3;
        float ir, ig, ib;
        if (!Float.isNaN(light[g00] + light[g01] + light[g10] + light[g11])) {
          ir = 0.25f * (light[g00] + light[g01] + light[g10] + light[g11]);
          ig = 0.25f * (light[g00 + 1] + light[g01 + 1] + light[g10 + 1] + light[g11 + 1]);
          ib = 0.25f * (light[g00 + 2] + light[g01 + 2] + light[g10 + 2] + light[g11 + 2]);
        } else {
          float[] m = partial(g00, g01, g10, g11);
          ir = m[0];
          ig = m[1];
          ib = m[2];
        }
        out[py * size + px] = LinearLight.encodeRgb(
            LinearLight.toLinear(albedo >> 16) * ir,
            LinearLight.toLinear(albedo >> 8) * ig,
            LinearLight.toLinear(albedo) * ib);
      }
    }
  }

  /**
   * Light falling on the surface at a point that loses {@code occluded} of the sky to the part just above and sees
   * {@code keyLit} of the key light, into {@code out[at..at + 3)}.
   */
  private static void irradiance(PhotoScene scene, double occluded, double keyLit, float[] out, int at) {
    double skyShare = 1 - 0.85 * Math.min(1, occluded);
    double r = scene.sky[0] * skyShare, gr = scene.sky[1] * skyShare, b = scene.sky[2] * skyShare;
    for (int k = 0; k < scene.lightDirections.size(); k++) {
      double facing = Camera.dot(scene.lightDirections.get(k), scene.up);
      if (facing <= 0) continue;
      double lit = k == 0 ? keyLit : 1;
      double[] c = scene.lightColours.get(k);
      r += c[0] * facing * lit;
      gr += c[1] * facing * lit;
      b += c[2] * facing * lit;
    }
    out[at] = (float) r;
    out[at + 1] = (float) gr;
    out[at + 2] = (float) b;
  }

  /** Whether a shown pixel reads any grid point of [gx0, gx1) × [gy0, gy1). */
  private boolean anyNeeded(int gx0, int gy0, int gx1, int gy1, int grid) {
    for (int gy = gy0; gy < gy1; gy++) {
      for (int gx = gx0; gx < gx1; gx++) {
        if (needed[gy * grid + gx]) return true;
      }
    }
    return false;
  }

  /**
   * The surface points of grid corners (gx0, gy0), (gx1, gy0), (gx0, gy1), (gx1, gy1) into {@link #cornerX} etc.; false
   * if a corner's ray misses the surface. When all four hit, so does every ray between them (the ray's component
   * towards the surface is linear in the pixel position).
   */
  private boolean corners(Rays rays, int gx0, int gy0, int gx1, int gy1) {
    for (int c = 0; c < 4; c++) {
      rays.row((c < 2 ? gy0 : gy1) * STEP);
      if (!rays.hit((c % 2 == 0 ? gx0 : gx1) * STEP, hit)) return false;
      cornerX[c] = hit[0];
      cornerY[c] = hit[1];
      cornerZ[c] = hit[2];
    }
    return true;
  }

  /** Marks the grid points that shown pixels read: pixel (px, py) reads points (px/2 or px/2 + 1, likewise y). */
  private void markNeeded(int size, int grid, boolean[] shown) {
    java.util.Arrays.fill(needed, 0, grid * grid, shown == null);
    if (shown == null) return;
    for (int py = 0; py < size; py++) {
      int y0 = py / STEP, y1 = py % STEP == 0 ? y0 : y0 + 1;
      for (int px = 0; px < size; px++) {
        if (!shown[py * size + px]) continue;
        int x0 = px / STEP, x1 = px % STEP == 0 ? x0 : x0 + 1;
        needed[y0 * grid + x0] = true;
        needed[y0 * grid + x1] = true;
        needed[y1 * grid + x0] = true;
        needed[y1 * grid + x1] = true;
      }
    }
  }

  private Rays rays(PhotoScene scene, int supersampling, int columns) {
    if (rays == null || rays.columns < columns) rays = new Rays(columns);
    rays.aim(scene, supersampling);
    return rays;
  }

  /**
   * Rays through output pixel centres and where they meet the surface, without allocating: the ray's component
   * towards the surface is linear in the pixel position, so only one division per pixel remains. What depends only on
   * the column is computed once per view, what depends only on the row once per row (the same sums in the same
   * order as per pixel, so the same values).
   */
  private static final class Rays {
    final int columns;
    private final double[] columnDx;
    private final double[] columnTowards;
    private final double[] columnRay;
    private double[] eye;
    private double[] camUp;
    private double height;
    private double downUp;
    private double supersampling;
    private double centre;
    private double focal;
    private double dy;

    Rays(int columns) {
      this.columns = columns;
      columnDx = new double[columns];
      columnTowards = new double[columns];
      columnRay = new double[columns * 3];
    }

    void aim(PhotoScene scene, int supersampling) {
      Camera cam = scene.camera;
      double[] down = scene.down;
      this.eye = cam.eye;
      this.camUp = cam.up;
      this.supersampling = supersampling;
      this.centre = cam.centre;
      this.focal = cam.focal;
      this.height = scene.groundLevel - Camera.dot(cam.eye, down); // > 0: the eye is above the surface
      double downForward = Camera.dot(cam.forward, down);
      double downRight = Camera.dot(cam.right, down);
      this.downUp = Camera.dot(cam.up, down);
      for (int px = 0; px < columns; px++) {
        double dx = ((px + 0.5) * supersampling - cam.centre) / cam.focal;
        columnDx[px] = dx;
        columnTowards[px] = downForward + dx * downRight;
        for (int a = 0; a < 3; a++) columnRay[px * 3 + a] = cam.forward[a] + dx * cam.right[a];
      }
    }

    /** Sets the output pixel row that {@link #hit} looks along. */
    void row(int py) {
      dy = (centre - (py + 0.5) * supersampling) / focal;
    }

    /** Writes where the ray through output pixel (px, row) meets the surface; false above the horizon. */
    boolean hit(int px, double[] at) {
      double towardsSurface = columnTowards[px] + dy * downUp;
      if (height <= 0 || towardsSurface <= 1e-6) return false;
      double t = height / towardsSurface;
      if (t > 1e6) return false;
      for (int a = 0; a < 3; a++) at[a] = eye[a] + t * (columnRay[px * 3 + a] + dy * camUp[a]);
      return true;
    }
  }

  private final float[] mixed = new float[3];

  /** The mean of the grid points among four that the ray hit (some missed the surface), or zero if none. */
  private float[] partial(int g00, int g01, int g10, int g11) {
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
  private static void lightBox(PhotoScene scene, int size, boolean[] shown, int[] out) {
    double c = (size - 1) / 2.0;
    for (int py = 0; py < size; py++) {
      for (int px = 0; px < size; px++) {
        if (shown != null && !shown[py * size + px]) {
          out[py * size + px] = 0;
          continue;
        }
        double r2 = ((px - c) * (px - c) + (py - c) * (py - c)) / (c * c);
        float falloff = (float) (1 - 0.12 * r2);
        out[py * size + px] = LinearLight.encodeRgb((float) scene.lightBox[0] * falloff,
            (float) scene.lightBox[1] * falloff, (float) scene.lightBox[2] * falloff);
      }
    }
  }
}
