package org.brickbox.render;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded lights for one view, chosen in camera terms (so every view is lit from the viewer's side and never
 * black) and recorded in LDraw coordinates: a key light from above the camera, fill lights anywhere in front at
 * half strength, so faces turned to the lights reach about full brightness without washing out. The key light
 * stays at least about 20° off the view axis: with a distant viewer a flat face would otherwise be one big
 * highlight.
 */
record Lighting(double ambient, List<DirectionalLight> lights) {
  static Lighting random(SplittableRandom random, RenderSettings settings, Camera camera) {
    double ambient = random.nextDouble(0.25, 0.4);
    int count = settings.minLights() + random.nextInt(settings.maxLights() - settings.minLights() + 1);
    List<DirectionalLight> lights = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      boolean key = i == 0;
      double x = random.nextDouble(-1.0, 1.0) * (key ? 0.7 : 1.0);
      double y = key ? random.nextDouble(0.45, 1.0) : random.nextDouble(-0.3, 1.0);
      double z = key ? random.nextDouble(0.4, 1.0) : random.nextDouble(0.1, 1.0);
      double intensity = (key ? 1.0 : 0.5) * (settings.minLightIntensity() == settings.maxLightIntensity()
          ? settings.minLightIntensity()
          : random.nextDouble(settings.minLightIntensity(), settings.maxLightIntensity()));
      lights.add(new DirectionalLight(Vec3.of(camera.fromCamera(x, y, z)), intensity));
    }
    return new Lighting(ambient, lights);
  }
}
