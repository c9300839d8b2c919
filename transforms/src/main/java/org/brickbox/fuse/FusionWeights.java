package org.brickbox.fuse;

import java.io.Serializable;

/**
 * How the evidence combines. A view's value for a reference view is {@code cosine + shapeWeight · exp(-d /
 * shapeScale)}, d being the scaled L1 distance of the two silhouettes; a part's score for the view pools the values
 * of all its reference views: the best one when {@code poolTemperature} is 0, else the log-mean-exp at that
 * temperature, which lets several close reference views outvote one lucky match. Several views of one part (photos
 * from the front, back and below) are averaged, each weighted by how sure it is when {@code viewConfidence} is
 * above 0: {@code exp(margin / viewConfidence)}, the margin being the view's lead of its best part over its second,
 * so a clear view is not outvoted by an unsure one (a part seen end-on, an underside); 0 weighs every view alike.
 * Fitted on validation views ({@link FusionEvaluation#fit}); {@link #EMBEDDING_ONLY} is the nearest reference
 * view's cosine alone. {@code photoWeight} says how much a user's photo references move a part's score (see
 * {@link ReferenceIndex#rank}); renders cannot fit it, so it is fitted on the user's own photo references, as parts
 * photographed and as parts not ({@link FusionEvaluation#fitPhotoWeight}); an index written before photo references
 * existed reads as the default.
 */
public record FusionWeights(double shapeWeight, double shapeScale, double poolTemperature, double viewConfidence,
    Double photoWeight) implements Serializable {
  /**
   * The weight the fit's counts are read against, and that of an index without a fitted one. Chosen on the k-shot
   * protocol of the Blender photo proxy when only photographed parts were queried (BENCHMARKS.md, "Your own photos"):
   * one capture a part, 0.25 got fused top-1 0.829 where 0.5 got 0.800. Queried as parts not photographed too, the
   * proxy's photos fit 0 (2026-12-07): the lift the default gives photographed parts is what parts without photos lose.
   */
  public static final double DEFAULT_PHOTO_WEIGHT = 0.25;
  public static final FusionWeights EMBEDDING_ONLY = new FusionWeights(0, 1, 0, 0);

  public FusionWeights {
    if (photoWeight == null) photoWeight = DEFAULT_PHOTO_WEIGHT;
    if (shapeWeight < 0 || shapeScale <= 0 || poolTemperature < 0 || viewConfidence < 0 || photoWeight < 0) {
      throw new IllegalArgumentException("fusion weights must be shapeWeight >= 0, shapeScale > 0, poolTemperature"
          + " >= 0, viewConfidence >= 0 and photoWeight >= 0");
    }
  }

  /** Photo references weighted by {@link #DEFAULT_PHOTO_WEIGHT}. */
  public FusionWeights(double shapeWeight, double shapeScale, double poolTemperature, double viewConfidence) {
    this(shapeWeight, shapeScale, poolTemperature, viewConfidence, DEFAULT_PHOTO_WEIGHT);
  }

  /** Views weighed alike. */
  public FusionWeights(double shapeWeight, double shapeScale, double poolTemperature) {
    this(shapeWeight, shapeScale, poolTemperature, 0);
  }

  /** The form {@link #parse} reads. */
  public static final String FORM = "SHAPE_WEIGHT:SHAPE_SCALE:POOL_TEMPERATURE[:VIEW_CONFIDENCE]";

  /**
   * Weights written as {@link #FORM} (view confidence 0 when left out; photo weight the default): how a user names
   * fusion weights to measure beside an index's fitted ones.
   *
   * @param what what the text is called in the error (e.g. {@code --weights})
   * @throws IllegalArgumentException naming {@code what} and {@link #FORM} when {@code text} is not of that form, or
   *     the rule a value breaks
   */
  public static FusionWeights parse(String text, String what) {
    String[] fields = text.trim().split(":", -1);
    double[] v = new double[fields.length];
    try {
      if (fields.length < 3 || fields.length > 4) throw new NumberFormatException();
      for (int i = 0; i < fields.length; i++) v[i] = Double.parseDouble(fields[i]);
      for (double x : v) if (!Double.isFinite(x)) throw new NumberFormatException();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " must be " + FORM + ", was '" + text + "'");
    }
    try {
      return new FusionWeights(v[0], v[1], v[2], fields.length > 3 ? v[3] : 0);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " '" + text + "': " + e.getMessage());
    }
  }

  public FusionWeights withViewConfidence(double temperature) {
    return new FusionWeights(shapeWeight, shapeScale, poolTemperature, temperature, photoWeight);
  }

  public FusionWeights withPhotoWeight(double weight) {
    return new FusionWeights(shapeWeight, shapeScale, poolTemperature, viewConfidence, weight);
  }

  /**
   * Each view's weight in a multi-view score, from its part scores ({@code scores[view][part]}, parts in the same
   * order for every view): 1 for every view, or growing with the view's margin up to 1 for the surest (see the
   * class comment). Not normalised: with equal weights the weighted mean is the plain mean to the last bit.
   */
  double[] viewWeights(double[][] scores) {
    int views = scores.length;
    double[] weights = new double[views];
    if (viewConfidence == 0 || views == 1) {
      java.util.Arrays.fill(weights, 1.0);
      return weights;
    }
    double[] margins = new double[views];
    double maxMargin = Double.NEGATIVE_INFINITY;
    for (int v = 0; v < views; v++) {
      double first = Double.NEGATIVE_INFINITY;
      double second = Double.NEGATIVE_INFINITY;
      for (double s : scores[v]) {
        if (s > first) {
          second = first;
          first = s;
        } else if (s > second) {
          second = s;
        }
      }
      // A view with a single candidate has nothing to be unsure between: the largest margin there is.
      margins[v] = second == Double.NEGATIVE_INFINITY ? 1 : first - second;
      maxMargin = Math.max(maxMargin, margins[v]);
    }
    for (int v = 0; v < views; v++) weights[v] = Math.exp((margins[v] - maxMargin) / viewConfidence);
    return weights;
  }

  /** The shape term of a silhouette distance; 0 for NaN, a view without a silhouette (a photo's whole frame). */
  double shapeTerm(double distance) {
    return shapeWeight == 0 || Double.isNaN(distance) ? 0 : shapeWeight * Math.exp(-distance / shapeScale);
  }

  /** Pools one part's reference-view values: their maximum, or their log-mean-exp at the temperature. */
  double pool(double[] values, int n) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) max = Math.max(max, values[i]);
    if (poolTemperature == 0 || n == 1) return max;
    double sum = 0;
    for (int i = 0; i < n; i++) sum += Math.exp((values[i] - max) / poolTemperature);
    return max + poolTemperature * Math.log(sum / n);
  }
}
