package org.brickbox.render;

import java.util.function.UnaryOperator;
import org.brickbox.render.photo.CameraStageSettings;

/**
 * The photographic style with one effect turned off: what the render benchmark times (the effect's cost) and what
 * the photo benchmark's ablation table renders (the effect's worth).
 */
public enum PhotoAblation {
  SHADOWS("shadows", b -> b.shadows(false)),
  CONTACT("contact shadows", b -> b.contactOcclusion(false)),
  RESTING_POSES("resting poses", b -> b.restingPoses(false)),
  SURFACES("surfaces", b -> b.surfaces(false)),
  SPECULAR("specular", b -> b.specular(false)),
  COLOUR_VARIATION("colour variation", b -> b.colourVariation(0)),
  CAMERA("camera stage", b -> b.camera(CameraStageSettings.off()));

  private final String label;
  private final UnaryOperator<PhotoSettings.Builder> off;

  PhotoAblation(String label, UnaryOperator<PhotoSettings.Builder> off) {
    this.label = label;
    this.off = off;
  }

  public String label() {
    return label;
  }

  public RenderSettings apply(RenderSettings settings) {
    return settings.toBuilder().photo(off.apply(settings.photo().toBuilder()).build()).build();
  }
}
