package org.brickbox.render.photo;

/**
 * A way a part can lie still on a flat surface: on one facet of its convex hull.
 *
 * @param down unit outward normal of the facet in the part's LDraw coordinates: the direction that points to the
 *     ground; {@link RestingPoses#rotationTo(double[])} turns it to LDraw's down (+Y)
 * @param probability chance that a dropped part comes to rest in this pose; a part's poses sum to 1
 * @param contactAreaLdu2 area of the facet (the convex hull of what touches the ground), LDU²
 * @param stabilityMarginLdu distance from the centre of mass, projected onto the ground, to the nearest edge of the
 *     facet: how far the centre of mass could move sideways before the part tips over that edge, LDU
 */
public record RestingPose(double[] down, double probability, double contactAreaLdu2, double stabilityMarginLdu) {
  public RestingPose {
    down = down.clone();
  }

  @Override
  public double[] down() {
    return down.clone();
  }
}
