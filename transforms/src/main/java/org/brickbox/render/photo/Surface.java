package org.brickbox.render.photo;

import java.util.SplittableRandom;
import org.brickbox.render.photo.NoiseTexture.Layer;

/**
 * A real surface a part lies on, as its albedo (8-bit sRGB colour under white light) at each point of its plane,
 * with plane coordinates in millimetres. Textures are made for frames 20-100 mm across: fine detail (paper fibres,
 * belt grain) is a few tenths of a millimetre, the unevenness of a plain surface tens of millimetres.
 *
 * <p>Immutable and thread-safe; a row of lookups ({@link #albedoRgb(double[], double[], int, int[])}) allocates
 * nothing and costs two to four texture lookups a point, so it can be called for every pixel of an image. Grain finer than any pixel at those frame sizes (0.3 mm and less) is
 * read without interpolation. Every random choice is made at construction from the given random stream. Plane
 * points must lie within 10 m of the origin.
 */
public final class Surface {
  private final SurfaceKind kind;
  private final int baseRgb;
  private final Albedo albedo;

  /**
   * The colour of a surface at points (us[i], vs[i]), 0xRRGGBB, into out[i] for i &lt; n. A row of pixels at a
   * time: each kind's loop is then compiled for that kind alone, with its texture lookups inlined.
   */
  private interface Albedo {
    void rgb(double[] us, double[] vs, int n, int[] out);
  }

  private Surface(SurfaceKind kind, int baseRgb, Albedo albedo) {
    this.kind = kind;
    this.baseRgb = baseRgb;
    this.albedo = albedo;
  }

  /** A surface of a kind picked with the weights of users' photos (see {@link SurfaceKind}). */
  public static Surface random(SplittableRandom random) {
    double pick = random.nextDouble();
    SurfaceKind[] kinds = SurfaceKind.values();
    for (SurfaceKind kind : kinds) {
      pick -= kind.weight;
      if (pick < 0) return random(random, kind);
    }
    return random(random, kinds[kinds.length - 1]); // the weights' rounding error
  }

  /** A surface of {@code kind} with its colour, texture scales and orientation drawn from {@code random}. */
  public static Surface random(SplittableRandom random, SurfaceKind kind) {
    return switch (kind) {
      case PLAIN_LIGHT -> plainLight(random);
      case PAPER -> paper(random);
      case BELT -> belt(random);
      case PLAIN_DARK -> plainDark(random);
      case WOOD -> wood(random);
      case CLOTH -> cloth(random);
    };
  }

  public SurfaceKind kind() {
    return kind;
  }

  /** The surface's base colour, 0xRRGGBB (for wood, its lighter earlywood). */
  public int baseRgb() {
    return baseRgb;
  }

  /** Albedo at plane point ({@code uMm}, {@code vMm}), 0xRRGGBB in 8-bit sRGB. */
  public int albedoRgb(double uMm, double vMm) {
    int[] rgb = new int[1];
    albedo.rgb(new double[] {uMm}, new double[] {vMm}, 1, rgb);
    return rgb[0];
  }

  /**
   * Albedo at plane points ({@code uMm[i]}, {@code vMm[i]}) into {@code rgb[i]} for i &lt; {@code n}, the same values
   * as {@link #albedoRgb(double, double)}: the fast way, a row of pixels at a time, allocating nothing.
   */
  public void albedoRgb(double[] uMm, double[] vMm, int n, int[] rgb) {
    albedo.rgb(uMm, vMm, n, rgb);
  }

  /** For metadata: the kind and base colour, e.g. {@code PAPER #F2EEE3}. */
  public String describe() {
    return String.format("%s #%06X", kind, baseRgb);
  }

  private static Surface plainLight(SplittableRandom random) {
    double grey = uniform(random, 200, 245);
    double[] tint = switch (pick(random, 0.35, 0.30, 0.15, 0.20)) {
      case 0 -> new double[] {uniform(random, 0.99, 1.01), 1, uniform(random, 0.99, 1.01)}; // neutral
      case 1 -> new double[] {uniform(random, 0.94, 0.98), 1, uniform(random, 0.93, 0.98)}; // grey-green
      case 2 -> new double[] {uniform(random, 0.95, 0.98), uniform(random, 0.98, 1), 1}; // cool
      default -> new double[] {1, uniform(random, 0.97, 0.99), uniform(random, 0.90, 0.96)}; // cream
    };
    return plain(SurfaceKind.PLAIN_LIGHT, scale(grey, tint), random, null, 0);
  }

  private static Surface plainDark(SplittableRandom random) {
    double grey = uniform(random, 15, 45);
    double[] tint = switch (pick(random, 0.5, 0.25, 0.25)) {
      case 0 -> new double[] {1, 1, 1};
      case 1 -> new double[] {uniform(random, 0.92, 0.98), uniform(random, 0.96, 1), 1}; // blue-black
      default -> new double[] {uniform(random, 0.92, 0.98), 1, uniform(random, 0.92, 0.98)}; // green-black
    };
    return plain(SurfaceKind.PLAIN_DARK, scale(grey, tint), random, Dust.random(random), 25);
  }

  /**
   * Base colour times 1 + unevenness over 60-150 mm and 10-25 mm, clipped to ±3 %, plus light dust specks when
   * given. No finer grain: under 1 % of these colours it would vanish in any camera's noise.
   */
  private static Surface plain(SurfaceKind kind, double[] base, SplittableRandom random, Dust dust,
      double dustLevels) {
    Layer broad = Layer.round(random, uniform(random, 60, 150), 0.012);
    Layer patchy = Layer.round(random, uniform(random, 10, 25), 0.005);
    return new Surface(kind, pack(base[0], base[1], base[2]), (us, vs, n, out) -> {
      for (int i = 0; i < n; i++) {
        double u = us[i];
        double v = vs[i];
        double m = clip(1 + broad.at(u, v) + patchy.at(u, v), 0.97, 1.03);
        double speck = dust == null ? 0 : dust.at(u, v) * dustLevels;
        out[i] = pack(base[0] * m + speck, base[1] * m + speck, base[2] * m + speck);
      }
    });
  }

  private static Surface paper(SplittableRandom random) {
    double grey = uniform(random, 228, 250);
    double[] base = scale(grey, new double[] {1, uniform(random, 0.985, 1), uniform(random, 0.93, 0.98)});
    double fibreAngle = random.nextDouble() * Math.PI; // paper machines lay fibres mostly one way
    Layer formation = Layer.round(random, uniform(random, 2, 4), 0.006);
    Layer fibres = new Layer(random, 1.2, 0.25, fibreAngle, 0.01);
    Layer grain = Layer.round(random, 0.3, 0.007);
    return new Surface(SurfaceKind.PAPER, pack(base[0], base[1], base[2]), (us, vs, n, out) -> {
      for (int i = 0; i < n; i++) {
        double u = us[i];
        double v = vs[i];
        double m = clip(1 + formation.at(u, v) + fibres.at(u, v) + grain.nearest(u, v), 0.94, 1.04);
        out[i] = pack(base[0] * m, base[1] * m, base[2] * m);
      }
    });
  }

  private static Surface belt(SplittableRandom random) {
    double grey = uniform(random, 35, 70);
    double[] base = scale(grey, new double[] {uniform(random, 0.97, 1.03), 1, uniform(random, 0.97, 1.03)});
    double direction = random.nextDouble() * Math.PI; // the belt's travel; its lines run across it
    double cos = StrictMath.cos(direction);
    double sin = StrictMath.sin(direction);
    double spacing = uniform(random, 1.5, 4);
    double lines = uniform(random, 0.05, 0.08);
    Layer grain = Layer.round(random, 0.35, 0.07);
    Layer wear = new Layer(random, uniform(random, 40, 80), uniform(random, 15, 40), direction, 1);
    Dust dust = Dust.random(random);
    return new Surface(SurfaceKind.BELT, pack(base[0], base[1], base[2]), (us, vs, n, out) -> {
      for (int i = 0; i < n; i++) {
        double u = us[i];
        double v = vs[i];
        double worn = wear.at(u, v); // a slow field: the belt's wear, and the bend of its lines
        double along = (u * cos + v * sin + 0.12 * spacing * worn) / spacing;
        double x = along - floor(along) - 0.5;
        double ridge = 1 - 4 * x * x;
        ridge *= ridge;
        ridge *= ridge; // a narrow raised line in each period; its mean over a period is 128/315
        double m = clip(1 + grain.nearest(u, v) + 0.04 * worn + lines * (ridge - 128.0 / 315), 0.75, 1.25);
        double speck = dust.at(u, v) * 20;
        out[i] = pack(base[0] * m + speck, base[1] * m + speck, base[2] * m + speck);
      }
    });
  }

  private static Surface wood(SplittableRandom random) {
    double red = uniform(random, 150, 225);
    double green = red * uniform(random, 0.74, 0.84);
    double[] early = {red, green, green * uniform(random, 0.62, 0.76)};
    double dark = uniform(random, 0.72, 0.86);
    double[] late = {early[0] * dark, early[1] * dark * 0.95, early[2] * dark * 0.88}; // darker and richer
    double grain = random.nextDouble() * Math.PI;
    double cos = StrictMath.cos(grain);
    double sin = StrictMath.sin(grain);
    double perRing = 1 / uniform(random, 3, 10); // rings 3-10 mm apart
    double bow = uniform(random, -0.006, 0.006); // rings bow into arches on a flat-sawn board, per mm²
    Layer waves = new Layer(random, uniform(random, 30, 60), uniform(random, 10, 20), grain, uniform(random, 1, 3));
    Layer fibres = new Layer(random, 6, 0.15, grain, 0.05);
    Layer figure = new Layer(random, 30, 2, grain, 0.04);
    long years = random.nextLong(); // each ring's own width and darkness
    return new Surface(SurfaceKind.WOOD, pack(early[0], early[1], early[2]), (us, vs, n, out) -> {
      for (int i = 0; i < n; i++) {
        double u = us[i];
        double v = vs[i];
        double along = u * cos + v * sin;
        double across = -u * sin + v * cos;
        double ring = (across + bow * along * along + waves.at(u, v)) * perRing;
        double year = floor(ring);
        double t = ring - year;
        double irregular = signedHash(years, (long) year); // some years grow wider latewood than others
        // earlywood most of the year; latewood darkening over the last 0.14-0.3 of it (1/steep), then a sharp
        // return
        double steep = 4.8 * (1 - 0.35 * irregular);
        double p = t < 0.93 ? smoothstep((t - 0.93) * steep + 1) : 1 - smoothstep((t - 0.93) * (1 / 0.07));
        p *= 0.8 + 0.2 * irregular;
        double m = clip(1 + fibres.at(u, v) + figure.at(u, v), 0.85, 1.12);
        out[i] = pack((early[0] + p * (late[0] - early[0])) * m, (early[1] + p * (late[1] - early[1])) * m,
            (early[2] + p * (late[2] - early[2])) * m);
      }
    });
  }

  /** Muted fabric colours: grey, light grey, charcoal, navy, green, beige, denim, black. */
  private static final int[] CLOTH_COLOURS = {
      0x828282, 0xAFAFAC, 0x505054, 0x2D3755, 0x3C503E, 0xC4B69C, 0x485C7A, 0x262628};

  private static Surface cloth(SplittableRandom random) {
    int colour = CLOTH_COLOURS[random.nextInt(CLOTH_COLOURS.length)];
    double shade = uniform(random, 0.9, 1.1);
    double[] base = {((colour >> 16) & 0xFF) * shade, ((colour >> 8) & 0xFF) * shade, (colour & 0xFF) * shade};
    double angle = random.nextDouble() * Math.PI;
    double pitch = uniform(random, 0.6, 1.2);
    double cos = StrictMath.cos(angle) / pitch;
    double sin = StrictMath.sin(angle) / pitch;
    long warps = random.nextLong(); // each thread's own thickness and shade
    long wefts = random.nextLong();
    Layer folds = Layer.round(random, uniform(random, 20, 40), 0.05);
    Layer fuzz = Layer.round(random, 0.3, 0.03);
    return new Surface(SurfaceKind.CLOTH, pack(base[0], base[1], base[2]), (us, vs, n, out) -> {
      for (int i = 0; i < n; i++) {
        double u = us[i];
        double v = vs[i];
        double s = u * cos + v * sin;
        double t = -u * sin + v * cos;
        double is = floor(s);
        double it = floor(t);
        boolean warpOnTop = (((long) is + (long) it) & 1) == 0; // plain weave: over one, under one
        double f = warpOnTop ? s - is : t - it; // across the thread on top
        double thread = warpOnTop ? signedHash(warps, (long) is) : signedHash(wefts, (long) it);
        double weave = (0.82 + 0.72 * f * (1 - f)) * (1 + 0.04 * thread); // a round thread: lit on its crown
        double m = clip(weave * (1 + folds.at(u, v) + fuzz.nearest(u, v)), 0.7, 1.12);
        out[i] = pack(base[0] * m, base[1] * m, base[2] * m);
      }
    });
  }

  /**
   * Sparse light specks of dust or grit about 0.3 mm across, where two fine fields at unrelated angles are both high
   * (so the specks do not repeat with the texture table); the second is read only where the first is high, so dust
   * costs little more than one lookup. The density is drawn per surface.
   */
  private static final class Dust {
    private static final double SOFT = 0.5;
    private final Layer a;
    private final Layer b;
    private final double threshold;

    private Dust(Layer a, Layer b, double threshold) {
      this.a = a;
      this.b = b;
      this.threshold = threshold;
    }

    static Dust random(SplittableRandom random) {
      return new Dust(Layer.round(random, 0.3, 1), Layer.round(random, 0.37, 1), uniform(random, 1.6, 2.1));
    }

    /** 0 (no dust) to 1 (the centre of a speck). */
    double at(double u, double v) {
      double first = a.nearest(u, v) - threshold;
      if (first <= 0) return 0;
      double second = b.nearest(u, v) - threshold;
      return second <= 0 ? 0 : Math.min(1, first / SOFT) * Math.min(1, second / SOFT);
    }
  }

  /** A value in [−1, 1) that looks random and depends only on {@code salt} and {@code index}. */
  private static double signedHash(long salt, long index) {
    long z = salt + index * 0x9E3779B97F4A7C15L; // SplitMix64's step and finaliser
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z ^= z >>> 31;
    return (z >>> 11) * 0x1.0p-52 - 1;
  }

  /** Rounds down; Math.floor is not compiled to one instruction on every JVM and costs here. */
  private static double floor(double x) {
    double truncated = (long) x;
    return truncated > x ? truncated - 1 : truncated;
  }

  private static double smoothstep(double x) {
    double c = clip(x, 0, 1);
    return c * c * (3 - 2 * c);
  }

  private static double clip(double x, double lo, double hi) {
    return x < lo ? lo : (x > hi ? hi : x);
  }

  private static double uniform(SplittableRandom random, double lo, double hi) {
    return lo + random.nextDouble() * (hi - lo);
  }

  /** Index of the share {@code shares} (summing to 1) that a uniform draw falls in. */
  private static int pick(SplittableRandom random, double... shares) {
    double x = random.nextDouble();
    for (int i = 0; i < shares.length - 1; i++) {
      x -= shares[i];
      if (x < 0) return i;
    }
    return shares.length - 1;
  }

  private static double[] scale(double grey, double[] tint) {
    return new double[] {grey * tint[0], grey * tint[1], grey * tint[2]};
  }

  private static int pack(double r, double g, double b) {
    return channel(r) << 16 | channel(g) << 8 | channel(b);
  }

  private static int channel(double v) {
    return v <= 0 ? 0 : (v >= 255 ? 255 : (int) (v + 0.5));
  }
}
