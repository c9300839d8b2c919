package org.brickbox.render;

import org.brickbox.io.ldraw.Finish;

/**
 * Shades the part like a photographed plastic part, in linear light: a hemisphere of sky above and darker
 * surroundings below, Lambert diffuse from each light (the key light's blocked by the part itself through its shadow
 * map), a normalised Blinn-Phong lobe per light whose width follows the finish and the light's size, and a Fresnel
 * reflection of the environment that makes grazing faces glossy. Metals take their colour into the reflection and
 * keep little diffuse light. The sample's position comes back from its depth, so shadows and view directions are
 * exact per sample.
 */
final class PhotoShader implements SampleShader {
  private static final int MAX_LIGHTS = 4;
  private final float[] light = new float[MAX_LIGHTS * 3];
  private final float[] lightRgb = new float[MAX_LIGHTS * 3];
  private int lightCount;
  private final float[] sky = new float[3];
  private final float[] bounce = new float[3];
  private final float[] up = new float[3];
  private final float[] eye = new float[3];
  private final float[] forward = new float[3];
  private final float[] right = new float[3];
  private final float[] camUp = new float[3];
  private float focal;
  private float centre;
  private float tanSpread;

  private PreparedMesh mesh;
  private float[] normals;
  private float[] planes;
  private byte[] flags;
  private ShadowMap keyShadow;
  private double shadowBias;
  private boolean specular;

  /** Per colour slot: linear albedo, diffuse weight, F0, specular squarings, metallic. */
  private float[] albedo = new float[0];
  private float[] diffuseWeight = new float[0];
  private float[] f0 = new float[0];
  private int[] squarings = new int[0];
  private boolean[] metallic = new boolean[0];

  void prepare(PreparedMesh mesh, TriangleRasteriser rasteriser, Materials materials, PhotoScene scene,
      ShadowMap keyShadow, boolean specular) {
    this.mesh = mesh;
    this.normals = mesh.normals();
    this.planes = rasteriser.planes;
    this.flags = rasteriser.flags;
    this.keyShadow = keyShadow;
    this.shadowBias = mesh.radius() * 0.02;
    this.specular = specular;
    Camera c = scene.camera;
    copy(c.eye, eye);
    copy(c.forward, forward);
    copy(c.right, right);
    copy(c.up, camUp);
    copy(scene.up, up);
    copy(scene.sky, sky);
    copy(scene.bounce, bounce);
    focal = (float) c.focal;
    centre = (float) c.centre;
    tanSpread = (float) scene.keyTanSpread;
    lightCount = Math.min(MAX_LIGHTS, scene.lightDirections.size());
    for (int k = 0; k < lightCount; k++) {
      for (int a = 0; a < 3; a++) {
        light[k * 3 + a] = (float) scene.lightDirections.get(k)[a];
        lightRgb[k * 3 + a] = (float) scene.lightColours.get(k)[a];
      }
    }
    int slots = mesh.codes().length;
    if (albedo.length < slots * 3) {
      albedo = new float[slots * 3];
      diffuseWeight = new float[slots];
      f0 = new float[slots];
      squarings = new int[slots];
      metallic = new boolean[slots];
    }
    // A light of angular radius a blurs a highlight to about that width: cap the lobe's sharpness accordingly.
    int softCap = (int) Math.max(2, Math.floor(Math.log(2.0 / Math.max(1e-4, scene.keyTanSpread * scene.keyTanSpread))
        / Math.log(2)));
    for (int s = 0; s < slots; s++) {
      float[] rgb = {materials.red[s], materials.green[s], materials.blue[s]};
      for (int a = 0; a < 3; a++) {
        albedo[s * 3 + a] = (float) Math.min(1.0, LinearLight.toLinear((int) rgb[a]) * scene.colourGain[a]);
      }
      Finish finish = materials.finish[s] == null ? Finish.SOLID : materials.finish[s];
      boolean transparent = !materials.isOpaque(s);
      int exponentLog2;
      switch (finish) {
        case CHROME -> { metallic[s] = true; diffuseWeight[s] = 0.05f; f0[s] = 1f; exponentLog2 = 10; }
        case METAL -> { metallic[s] = true; diffuseWeight[s] = 0.2f; f0[s] = 1f; exponentLog2 = 7; }
        case MATTE_METALLIC -> { metallic[s] = true; diffuseWeight[s] = 0.5f; f0[s] = 0.6f; exponentLog2 = 5; }
        case PEARLESCENT -> { metallic[s] = false; diffuseWeight[s] = 0.9f; f0[s] = 0.08f; exponentLog2 = 6; }
        case RUBBER -> { metallic[s] = false; diffuseWeight[s] = 1f; f0[s] = 0.03f; exponentLog2 = 3; }
        default -> {
          metallic[s] = false;
          diffuseWeight[s] = transparent ? 0.55f : 1f;
          f0[s] = transparent ? 0.06f : 0.045f;
          exponentLog2 = 8;
        }
      }
      squarings[s] = Math.min(exponentLog2, softCap);
    }
  }

  @Override
  public int shade(int t, float x, float y) {
    int flag = flags[t];
    float sign = (flag & TriangleRasteriser.FLAG_FLIPPED) != 0 ? -1f : 1f;
    int n0 = t * 9;
    int p = t * 9;
    float iz = planes[p] * x + planes[p + 1] * y + planes[p + 2];
    float nx, ny, nz;
    if (mesh.isFlat(t)) {
      nx = normals[n0] * sign;
      ny = normals[n0 + 1] * sign;
      nz = normals[n0 + 2] * sign;
    } else {
      float inverseIz = 1f / iz;
      float w1 = (planes[p + 3] * x + planes[p + 4] * y + planes[p + 5]) * inverseIz;
      float w2 = (planes[p + 6] * x + planes[p + 7] * y + planes[p + 8]) * inverseIz;
      float w0 = 1f - w1 - w2;
      int n1 = (flag & TriangleRasteriser.FLAG_SWAPPED) != 0 ? n0 + 6 : n0 + 3;
      int n2 = (flag & TriangleRasteriser.FLAG_SWAPPED) != 0 ? n0 + 3 : n0 + 6;
      nx = w0 * normals[n0] + w1 * normals[n1] + w2 * normals[n2];
      ny = w0 * normals[n0 + 1] + w1 * normals[n1 + 1] + w2 * normals[n2 + 1];
      nz = w0 * normals[n0 + 2] + w1 * normals[n1 + 2] + w2 * normals[n2 + 2];
      float len2 = nx * nx + ny * ny + nz * nz;
      float scale = len2 > 0 ? sign / (float) Math.sqrt(len2) : sign;
      nx *= scale;
      ny *= scale;
      nz *= scale;
    }
    // The ray through the sample has unit forward component, so depth times ray is the offset from the eye.
    float dx = (x - centre) / focal, dy = (centre - y) / focal;
    float rx = forward[0] + dx * right[0] + dy * camUp[0];
    float ry = forward[1] + dx * right[1] + dy * camUp[1];
    float rz = forward[2] + dx * right[2] + dy * camUp[2];
    float depth = 1f / iz;
    float px = eye[0] + depth * rx, py = eye[1] + depth * ry, pz = eye[2] + depth * rz;
    float rl = 1f / (float) Math.sqrt(rx * rx + ry * ry + rz * rz);
    float vx = -rx * rl, vy = -ry * rl, vz = -rz * rl;
    float nv = nx * vx + ny * vy + nz * vz;
    if (nv < 0f) { // interpolated normals can tip past the silhouette: keep them facing the viewer
      nx += vx * (-nv + 1e-3f);
      ny += vy * (-nv + 1e-3f);
      nz += vz * (-nv + 1e-3f);
      float l = 1f / (float) Math.sqrt(nx * nx + ny * ny + nz * nz);
      nx *= l;
      ny *= l;
      nz *= l;
      nv = nx * vx + ny * vy + nz * vz;
    }
    int slot = mesh.triangleSlot(t);
    float nu = nx * up[0] + ny * up[1] + nz * up[2];
    float hemiSky = 0.5f + 0.5f * nu, hemiGround = 1f - hemiSky;
    float ir = sky[0] * hemiSky + bounce[0] * hemiGround;
    float ig = sky[1] * hemiSky + bounce[1] * hemiGround;
    float ib = sky[2] * hemiSky + bounce[2] * hemiGround;
    float sr = 0f, sg = 0f, sb = 0f;
    int k2 = squarings[slot];
    float norm = ((1 << k2) + 2) / 8f;
    float fresnelBase = f0[slot];
    for (int k = 0; k < lightCount; k++) {
      int o = k * 3;
      float nl = nx * light[o] + ny * light[o + 1] + nz * light[o + 2];
      if (nl <= 0f) continue;
      float visible = k == 0 && keyShadow != null ? (float) keyShadow.litHard(px, py, pz, shadowBias) : 1f;
      if (visible <= 0f) continue;
      float e = nl * visible;
      ir += lightRgb[o] * e;
      ig += lightRgb[o + 1] * e;
      ib += lightRgb[o + 2] * e;
      if (!specular) continue;
      float hx = light[o] + vx, hy = light[o + 1] + vy, hz = light[o + 2] + vz;
      float hl = 1f / (float) Math.sqrt(hx * hx + hy * hy + hz * hz);
      float nh = (nx * hx + ny * hy + nz * hz) * hl;
      if (nh <= 0f) continue;
      float vh = (vx * hx + vy * hy + vz * hz) * hl;
      for (int s = 0; s < k2; s++) nh *= nh;
      float fresnel = schlick(fresnelBase, vh);
      float lobe = norm * nh * fresnel * e;
      sr += lightRgb[o] * lobe;
      sg += lightRgb[o + 1] * lobe;
      sb += lightRgb[o + 2] * lobe;
    }
    int a = slot * 3;
    float ar = albedo[a], ag = albedo[a + 1], ab = albedo[a + 2];
    float kd = diffuseWeight[slot];
    float envR = 0f, envG = 0f, envB = 0f, fEnv = 0f;
    if (specular) {
      // Mirror direction's height picks the bright sky or the darker surroundings; Fresnel rises at grazing angles.
      float reflectUp = 2f * nv * nu - (vx * up[0] + vy * up[1] + vz * up[2]);
      fEnv = schlick(fresnelBase, nv);
      float skyShare = Math.max(0f, Math.min(1f, 0.5f + reflectUp));
      envR = fEnv * (sky[0] * (0.6f + 1.4f * skyShare) * skyShare + bounce[0] * (1f - skyShare));
      envG = fEnv * (sky[1] * (0.6f + 1.4f * skyShare) * skyShare + bounce[1] * (1f - skyShare));
      envB = fEnv * (sky[2] * (0.6f + 1.4f * skyShare) * skyShare + bounce[2] * (1f - skyShare));
    }
    float keep = kd * (1f - fEnv);
    if (metallic[slot]) { // metals colour their reflections
      sr *= ar; sg *= ag; sb *= ab;
      envR *= ar; envG *= ag; envB *= ab;
    }
    return LinearLight.encodeRgb(ar * ir * keep + sr + envR, ag * ig * keep + sg + envG, ab * ib * keep + sb + envB);
  }

  private static float schlick(float f0, float cosine) {
    float m = 1f - Math.max(0f, Math.min(1f, cosine));
    float m2 = m * m;
    return f0 + (1f - f0) * m2 * m2 * m;
  }

  private static void copy(double[] from, float[] to) {
    for (int a = 0; a < 3; a++) to[a] = (float) from[a];
  }
}
