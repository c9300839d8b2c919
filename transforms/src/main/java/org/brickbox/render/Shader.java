package org.brickbox.render;

import java.util.List;

/**
 * Per-sample lighting of a drawn triangle: perspective-correct smooth normal from the rasteriser's planes, then
 * ambient + Lambert + Blinn-Phong over the view's directional lights, with finish-dependent highlights (metals
 * tint theirs and dim their diffuse part). The viewer is treated as distant, so half vectors are per light,
 * and a flat triangle (one normal at all corners) has one colour per view: it is shaded once and remembered.
 */
final class Shader implements SampleShader {
  private static final int MAX_LIGHTS = 8;
  private final float[] light = new float[MAX_LIGHTS * 3];
  private final float[] half = new float[MAX_LIGHTS * 3];
  private final float[] intensity = new float[MAX_LIGHTS];
  private int lightCount;
  private float ambient;

  private float[] normals;
  private PreparedMesh mesh;
  private float[] planes;
  private byte[] flags;
  private Materials materials;
  /** Colour of each flat triangle in this view, valid where {@code flatView[t] == view}. */
  private int[] flatRgb = new int[0];
  private int[] flatView = new int[0];
  private int view;

  void prepare(PreparedMesh mesh, TriangleRasteriser rasteriser, Materials materials, Camera camera,
      Lighting lighting) {
    this.mesh = mesh;
    this.normals = mesh.normals();
    this.planes = rasteriser.planes;
    this.flags = rasteriser.flags;
    this.materials = materials;
    if (flatRgb.length < mesh.triangleCount()) {
      flatRgb = new int[mesh.triangleCount()];
      flatView = new int[mesh.triangleCount()];
    }
    if (++view == 0) { // wrapped after 2^32 views: forget every remembered colour
      java.util.Arrays.fill(flatView, -1);
      view = 1;
    }
    this.ambient = (float) lighting.ambient();
    List<DirectionalLight> lights = lighting.lights();
    lightCount = lights.size();
    double[] toViewer = Camera.scale(camera.forward, -1);
    for (int k = 0; k < lightCount; k++) {
      Vec3 d = lights.get(k).direction();
      double[] l = {d.x(), d.y(), d.z()};
      double[] h = Camera.normalise(Camera.add(l, toViewer));
      for (int a = 0; a < 3; a++) {
        light[k * 3 + a] = (float) l[a];
        half[k * 3 + a] = (float) h[a];
      }
      intensity[k] = (float) lights.get(k).intensity();
    }
  }

  /** 0xRRGGBB of triangle {@code t} at sample position (x, y). */
  @Override
  public int shade(int t, float x, float y) {
    int flag = flags[t];
    float sign = (flag & TriangleRasteriser.FLAG_FLIPPED) != 0 ? -1f : 1f;
    int n0 = t * 9;
    if (mesh.isFlat(t)) {
      if (flatView[t] != view) {
        flatRgb[t] = light(t, normals[n0] * sign, normals[n0 + 1] * sign, normals[n0 + 2] * sign);
        flatView[t] = view;
      }
      return flatRgb[t];
    }
    int p = t * 9;
    float inverseIz = 1f / (planes[p] * x + planes[p + 1] * y + planes[p + 2]);
    float w1 = (planes[p + 3] * x + planes[p + 4] * y + planes[p + 5]) * inverseIz;
    float w2 = (planes[p + 6] * x + planes[p + 7] * y + planes[p + 8]) * inverseIz;
    float w0 = 1f - w1 - w2;
    int n1 = (flag & TriangleRasteriser.FLAG_SWAPPED) != 0 ? n0 + 6 : n0 + 3;
    int n2 = (flag & TriangleRasteriser.FLAG_SWAPPED) != 0 ? n0 + 3 : n0 + 6;
    float nx = w0 * normals[n0] + w1 * normals[n1] + w2 * normals[n2];
    float ny = w0 * normals[n0 + 1] + w1 * normals[n1 + 1] + w2 * normals[n2 + 1];
    float nz = w0 * normals[n0 + 2] + w1 * normals[n1 + 2] + w2 * normals[n2 + 2];
    float len2 = nx * nx + ny * ny + nz * nz;
    float scale = len2 > 0 ? sign / (float) Math.sqrt(len2) : sign;
    return light(t, nx * scale, ny * scale, nz * scale);
  }

  /** Lights triangle {@code t}'s material with unit normal n facing the viewer's side. */
  private int light(int t, float nx, float ny, float nz) {
    int slot = mesh.triangleSlot(t);
    int squarings = materials.shininessSquarings[slot];
    float diffuse = ambient;
    float spec = 0f;
    for (int k = 0; k < lightCount; k++) {
      int o = k * 3;
      float nl = nx * light[o] + ny * light[o + 1] + nz * light[o + 2];
      if (nl <= 0f) continue;
      diffuse += intensity[k] * nl;
      float nh = nx * half[o] + ny * half[o + 1] + nz * half[o + 2];
      if (nh > 0f) {
        for (int s = 0; s < squarings; s++) nh *= nh;
        spec += intensity[k] * nh;
      }
    }
    spec *= materials.specular[slot] * 255f;
    float r = materials.red[slot], g = materials.green[slot], b = materials.blue[slot];
    boolean metallic = materials.metallic[slot];
    if (metallic) diffuse *= 0.6f;
    // Over-bright diffuse light scales all channels alike, so a saturated colour keeps its hue instead of
    // drifting towards the brightest channel.
    float brightest = Math.max(r, Math.max(g, b)) * diffuse;
    if (brightest > 255f) diffuse *= 255f / brightest;
    float sr = metallic ? spec * r / 255f : spec, sg = metallic ? spec * g / 255f : spec;
    float sb = metallic ? spec * b / 255f : spec;
    return rgb(r * diffuse + sr, g * diffuse + sg, b * diffuse + sb);
  }

  private static int rgb(float r, float g, float b) {
    return (channel(r) << 16) | (channel(g) << 8) | channel(b);
  }

  private static int channel(float v) {
    return v >= 255f ? 255 : (int) (v + 0.5f);
  }
}
