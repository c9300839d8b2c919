package org.brickbox.pipeline.catalogue;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.brickbox.io.ldraw.PartHeader;

/**
 * How common a part is likely to be, from what the library says about it (lower scores first): plain parts before
 * ones with special features, small before large, and parts LEGO printed, stickered or assembled in many ways before
 * parts LDraw has only one file for.
 *
 * <p>{@code score = extra words + 0.7 log2(footprint in studs) - log2(1 + decorated variants)}, where extra words
 * are the title's words after the size that are not plain shape words (Double, Inverted, Curved, Corner, Round, ...)
 * and decorated variants are the library files named like the part plus a print, sticker or assembly suffix
 * ({@code 3068bp01}, {@code 3070bds0}, {@code 2462d01}, {@code 3626cp01}, {@code 3712c01}).
 */
final class Commonness {
  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*x\\s*(\\d+(?:\\.\\d+)?)");
  private static final Pattern HEIGHT = Pattern.compile("^\\s*x\\s*[\\d.&/ ]+");
  private static final Pattern NUMBER = Pattern.compile("(\\d+(?:\\.\\d+)?)");
  private static final Pattern WORD = Pattern.compile("[A-Za-z]+");
  private static final Pattern DECORATED = Pattern.compile("(\\d+[a-z]?)(?:p[0-9a-z]+|d[0-9a-z]+|c\\d\\d[0-9a-z]*)");
  private static final Set<String> SHAPE_WORDS = Set.of("with", "and", "on", "Double", "Inverted", "Curved",
      "Corner", "Round", "Left", "Right", "Up", "Down", "Base", "Top", "Liftarm", "Groove", "Triple", "Convex",
      "Concave", "Quadruple");

  private final Map<String, Integer> decorations;

  private Commonness(Map<String, Integer> decorations) {
    this.decorations = decorations;
  }

  /** Counts decorated variants over every part id of the library. */
  static Commonness of(Collection<String> libraryIds) {
    Map<String, Integer> counts = new HashMap<>();
    for (String id : libraryIds) {
      Matcher m = DECORATED.matcher(id);
      if (m.matches()) counts.merge(m.group(1), 1, Integer::sum);
    }
    return new Commonness(counts);
  }

  /** Decorated variants of the part and of its letter-less base ({@code 3068b}: 3068bp.. and 3068p..). */
  int decorations(String id) {
    int n = decorations.getOrDefault(id, 0);
    String base = Variants.base(id);
    return base.equals(id) ? n : n + decorations.getOrDefault(base, 0);
  }

  double score(PartHeader header) {
    String title = Titles.plain(header.description());
    double footprint;
    String rest;
    Matcher size = SIZE.matcher(title);
    Matcher number = NUMBER.matcher(title);
    if (size.find()) {
      footprint = Double.parseDouble(size.group(1)) * Double.parseDouble(size.group(2));
      rest = HEIGHT.matcher(title.substring(size.end())).replaceFirst("");
    } else if (number.find()) {
      footprint = Double.parseDouble(number.group(1));
      rest = title.substring(number.end());
    } else {
      footprint = 4;
      rest = title;
    }
    int extraWords = 0;
    Matcher word = WORD.matcher(rest);
    while (word.find()) {
      if (!SHAPE_WORDS.contains(word.group())) extraWords++;
    }
    return extraWords + 0.7 * log2(Math.max(footprint, 1)) - log2(1 + decorations(header.id()));
  }

  private static double log2(double x) {
    return StrictMath.log(x) / StrictMath.log(2);
  }
}
