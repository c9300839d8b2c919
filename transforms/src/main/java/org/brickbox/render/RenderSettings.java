package org.brickbox.render;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * Everything that decides what a rendered view looks like, apart from the part and the render key. Two runs with
 * equal settings and keys produce byte-identical images.
 *
 * @param imageSize output width and height in pixels (64–1024)
 * @param supersampling samples per pixel along each axis (1–4); 2 means 2×2 samples, box-filtered
 * @param viewCount views per part (1–1000)
 * @param minElevationDeg lowest camera elevation above the part's horizontal plane, degrees (−90..90)
 * @param maxElevationDeg highest camera elevation, degrees, at least {@code minElevationDeg}
 * @param rotationJitterDeg largest seeded offset added to azimuth, elevation and camera roll (0..45)
 * @param minLights fewest directional lights (1–8)
 * @param maxLights most directional lights (at least {@code minLights}, at most 8)
 * @param minLightIntensity weakest key-light intensity (0..2); fill lights get half of their draw
 * @param maxLightIntensity strongest key-light intensity (at least {@code minLightIntensity}, at most 2)
 * @param backgroundMode what is drawn behind the part
 * @param colourMode whether {@code fixedColour} or a pick from {@code palette} is the render colour
 * @param fixedColour LDraw colour code used in {@link ColourMode#FIXED} mode
 * @param palette LDraw colour codes picked from in {@link ColourMode#PALETTE} mode (not empty)
 * @param edges whether edge lines (type 2) and conditional lines (type 5) are drawn
 * @param seed run seed; with the render key it derives every random choice
 * @param backgroundRgb a fixed plain background colour (0xRRGGBB) instead of seeded ones kept apart from the part's
 *     colour, or null (the default); only with {@link BackgroundMode#PLAIN}. Lets a run reproduce hard cases such as
 *     a black part on black
 * @param style how views are drawn: like photographs or like CAD; {@code edges}, {@code backgroundMode},
 *     {@code backgroundRgb}, the elevation band, the jitter and the light counts and intensities shape only the CAD
 *     style, {@code photo} only the photographic one
 * @param photo the photographic style's effects
 */
public record RenderSettings(
    int imageSize,
    int supersampling,
    int viewCount,
    double minElevationDeg,
    double maxElevationDeg,
    double rotationJitterDeg,
    int minLights,
    int maxLights,
    double minLightIntensity,
    double maxLightIntensity,
    BackgroundMode backgroundMode,
    ColourMode colourMode,
    int fixedColour,
    List<Integer> palette,
    boolean edges,
    long seed,
    Integer backgroundRgb,
    RenderStyle style,
    PhotoSettings photo)
    implements Serializable {

  /** Common solid LEGO colours: black, blue, green, red, yellow, white, tan, orange, lime, greys, browns, … */
  public static final List<Integer> DEFAULT_PALETTE =
      List.of(0, 1, 2, 4, 14, 15, 19, 25, 27, 28, 70, 71, 72, 73, 84, 191, 226, 288, 320, 321);

  /** Largest supersampled frame side: 1024 px at 2×2, or 512 px at 4×4. */
  public static final int MAX_SAMPLE_SIZE = 2048;

  public RenderSettings {
    require(imageSize >= 64 && imageSize <= 1024, "imageSize must be 64..1024 pixels, was " + imageSize);
    require(supersampling >= 1 && supersampling <= 4, "supersampling must be 1..4, was " + supersampling);
    require(imageSize * supersampling <= MAX_SAMPLE_SIZE, "imageSize × supersampling must be at most "
        + MAX_SAMPLE_SIZE + " (each renderer thread holds 12 bytes per sample), was " + imageSize * supersampling);
    require(viewCount >= 1 && viewCount <= 1000, "viewCount must be 1..1000, was " + viewCount);
    require(minElevationDeg >= -90 && maxElevationDeg <= 90 && minElevationDeg <= maxElevationDeg,
        "elevation band must satisfy -90 <= minElevationDeg <= maxElevationDeg <= 90, was "
            + minElevationDeg + ".." + maxElevationDeg);
    require(rotationJitterDeg >= 0 && rotationJitterDeg <= 45,
        "rotationJitterDeg must be 0..45, was " + rotationJitterDeg);
    require(minLights >= 1 && maxLights <= 8 && minLights <= maxLights,
        "light count must satisfy 1 <= minLights <= maxLights <= 8, was " + minLights + ".." + maxLights);
    require(minLightIntensity >= 0 && maxLightIntensity <= 2 && minLightIntensity <= maxLightIntensity,
        "light intensity must satisfy 0 <= minLightIntensity <= maxLightIntensity <= 2, was "
            + minLightIntensity + ".." + maxLightIntensity);
    Objects.requireNonNull(backgroundMode, "backgroundMode");
    Objects.requireNonNull(colourMode, "colourMode");
    Objects.requireNonNull(palette, "palette");
    palette = List.copyOf(palette);
    require(colourMode != ColourMode.PALETTE || !palette.isEmpty(), "palette must not be empty in PALETTE mode");
    require(backgroundRgb == null || (backgroundRgb >= 0 && backgroundRgb <= 0xFFFFFF),
        "backgroundRgb must be 0x000000..0xFFFFFF, was " + backgroundRgb);
    require(backgroundRgb == null || backgroundMode == BackgroundMode.PLAIN,
        "a fixed background colour needs the PLAIN background, was " + backgroundMode);
    Objects.requireNonNull(style, "style");
    Objects.requireNonNull(photo, "photo");
  }

  private static void require(boolean condition, String message) {
    if (!condition) throw new IllegalArgumentException("RenderSettings: " + message);
  }

  /**
   * 224 px, 2×2 supersampling, 24 views, the CAD style at −15..65° elevation, 10° jitter, 2–3 lights (key
   * 0.5–0.85), mixed backgrounds; the photographic style's own defaults when it is chosen.
   */
  public static RenderSettings defaults() {
    return new RenderSettings(224, 2, 24, -15, 65, 10, 2, 3, 0.5, 0.85,
        BackgroundMode.MIXED, ColourMode.PALETTE, 4, DEFAULT_PALETTE, true, 0L, null, RenderStyle.CAD,
        PhotoSettings.defaults());
  }

  public static Builder builder() {
    return defaults().toBuilder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Side length of the supersampled frame the rasteriser works in. */
  public int sampleSize() {
    return imageSize * supersampling;
  }

  /** Mutable copy of a settings value; {@link #build()} validates. */
  public static final class Builder {
    private int imageSize;
    private int supersampling;
    private int viewCount;
    private double minElevationDeg;
    private double maxElevationDeg;
    private double rotationJitterDeg;
    private int minLights;
    private int maxLights;
    private double minLightIntensity;
    private double maxLightIntensity;
    private BackgroundMode backgroundMode;
    private ColourMode colourMode;
    private int fixedColour;
    private List<Integer> palette;
    private boolean edges;
    private long seed;
    private Integer backgroundRgb;
    private RenderStyle style;
    private PhotoSettings photo;

    private Builder(RenderSettings s) {
      imageSize = s.imageSize;
      supersampling = s.supersampling;
      viewCount = s.viewCount;
      minElevationDeg = s.minElevationDeg;
      maxElevationDeg = s.maxElevationDeg;
      rotationJitterDeg = s.rotationJitterDeg;
      minLights = s.minLights;
      maxLights = s.maxLights;
      minLightIntensity = s.minLightIntensity;
      maxLightIntensity = s.maxLightIntensity;
      backgroundMode = s.backgroundMode;
      colourMode = s.colourMode;
      fixedColour = s.fixedColour;
      palette = s.palette;
      edges = s.edges;
      seed = s.seed;
      backgroundRgb = s.backgroundRgb;
      style = s.style;
      photo = s.photo;
    }

    public Builder imageSize(int v) { imageSize = v; return this; }
    public Builder supersampling(int v) { supersampling = v; return this; }
    public Builder viewCount(int v) { viewCount = v; return this; }
    public Builder elevationDeg(double min, double max) { minElevationDeg = min; maxElevationDeg = max; return this; }
    public Builder rotationJitterDeg(double v) { rotationJitterDeg = v; return this; }
    public Builder lights(int min, int max) { minLights = min; maxLights = max; return this; }
    public Builder lightIntensity(double min, double max) { minLightIntensity = min; maxLightIntensity = max; return this; }
    public Builder background(BackgroundMode v) { backgroundMode = v; return this; }
    public Builder edges(boolean v) { edges = v; return this; }
    public Builder seed(long v) { seed = v; return this; }
    public Builder backgroundRgb(Integer v) { backgroundRgb = v; return this; }
    public Builder style(RenderStyle v) { style = v; return this; }
    public Builder photo(PhotoSettings v) { photo = v; return this; }

    /** Every view in one LDraw colour. */
    public Builder fixedColour(int code) {
      colourMode = ColourMode.FIXED;
      fixedColour = code;
      return this;
    }

    /** Each view's colour picked from {@code codes} by the view's seed. */
    public Builder palette(List<Integer> codes) {
      colourMode = ColourMode.PALETTE;
      palette = codes;
      return this;
    }

    public RenderSettings build() {
      return new RenderSettings(imageSize, supersampling, viewCount, minElevationDeg, maxElevationDeg,
          rotationJitterDeg, minLights, maxLights, minLightIntensity, maxLightIntensity, backgroundMode,
          colourMode, fixedColour, palette, edges, seed, backgroundRgb, style, photo);
    }
  }
}
