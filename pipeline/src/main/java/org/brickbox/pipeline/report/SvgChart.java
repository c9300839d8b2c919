package org.brickbox.pipeline.report;

import java.util.List;
import java.util.Locale;

/**
 * Charts as inline SVG drawn from data: histograms and horizontal bar charts. No script and no library, so a
 * report renders anywhere (even with JavaScript off), is identical for identical data, and is tested as text.
 */
public final class SvgChart {
  static final int WIDTH = 390;
  static final int HEIGHT = 200;
  private static final int LEFT = 44;
  private static final int RIGHT = 12;
  private static final int TOP = 24;
  private static final int BOTTOM = 34;
  private static final String BAR_COLOUR = "#2f6db3";

  private SvgChart() {}

  /** One bar: a label, its value and the text shown next to it. */
  public record Bar(String label, double value, String text) {}

  /** Counts of values in {@code counts.length} equal-width bins from {@code min} to {@code max}. */
  public record Histogram(double min, double max, long[] counts) {
    public static Histogram of(double[] values, int bins) {
      if (bins < 1) throw new IllegalArgumentException("a histogram needs at least one bin, was " + bins);
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (double v : values) {
        if (Double.isNaN(v)) continue;
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      long[] counts = new long[bins];
      if (min > max) return new Histogram(0, 0, counts);
      double width = (max - min) / bins;
      for (double v : values) {
        if (Double.isNaN(v)) continue;
        int bin = width == 0 ? 0 : (int) Math.min(bins - 1, Math.floor((v - min) / width));
        counts[bin]++;
      }
      return new Histogram(min, max, counts);
    }

    public long total() {
      long total = 0;
      for (long c : counts) total += c;
      return total;
    }
  }

  /** A histogram with its bins as bars, count on the y axis, the value range on the x axis. */
  public static String histogram(String title, String xLabel, Histogram h) {
    StringBuilder svg = open(title, HEIGHT);
    long top = 1;
    for (long c : h.counts()) top = Math.max(top, c);
    int plotWidth = WIDTH - LEFT - RIGHT;
    int plotHeight = HEIGHT - TOP - BOTTOM;
    double binWidth = (double) plotWidth / h.counts().length;
    double valueWidth = (h.max() - h.min()) / h.counts().length;
    for (int i = 0; i < h.counts().length; i++) {
      double barHeight = (double) h.counts()[i] / top * plotHeight;
      double from = h.min() + i * valueWidth;
      svg.append(String.format(Locale.ROOT,
          "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s to %s: %d</title></rect>",
          LEFT + i * binWidth + 0.5, TOP + plotHeight - barHeight, Math.max(0.5, binWidth - 1), barHeight,
          BAR_COLOUR, number(from), number(from + valueWidth), h.counts()[i]));
    }
    axes(svg, plotHeight);
    text(svg, LEFT - 4, TOP + 4, "end", String.valueOf(top));
    text(svg, LEFT - 4, TOP + plotHeight, "end", "0");
    text(svg, LEFT, HEIGHT - BOTTOM + 14, "start", number(h.min()));
    text(svg, WIDTH - RIGHT, HEIGHT - BOTTOM + 14, "end", number(h.max()));
    text(svg, LEFT + plotWidth / 2.0, HEIGHT - 4, "middle", xLabel + " (n=" + h.total() + ")");
    return svg.append("</svg>").toString();
  }

  /** Horizontal bars, one per row, scaled to {@code max} (e.g. 1 for rates). */
  public static String bars(String title, List<Bar> bars, double max) {
    int row = 22;
    int labelWidth = 150;
    int height = TOP + bars.size() * row + 8;
    StringBuilder svg = open(title, height);
    int plotWidth = WIDTH - labelWidth - 70;
    for (int i = 0; i < bars.size(); i++) {
      Bar bar = bars.get(i);
      double y = TOP + i * row;
      double width = max <= 0 ? 0 : Math.max(0, Math.min(1, bar.value() / max)) * plotWidth;
      text(svg, labelWidth - 6, y + 14, "end", bar.label());
      svg.append(String.format(Locale.ROOT,
          "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"16\" fill=\"%s\"><title>%s: %s</title></rect>",
          labelWidth, y + 2, width, BAR_COLOUR, Html.escape(bar.label()), Html.escape(bar.text())));
      text(svg, labelWidth + width + 4, y + 14, "start", bar.text());
    }
    return svg.append("</svg>").toString();
  }

  private static StringBuilder open(String title, int height) {
    StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
            + "role=\"img\" aria-label=\"%s\">", WIDTH, height, WIDTH, height, Html.escape(title)));
    text(svg, 4, 15, "start", title);
    return svg;
  }

  private static void axes(StringBuilder svg, int plotHeight) {
    svg.append(String.format(Locale.ROOT,
        "<path d=\"M%d %d V%d H%d\" stroke=\"#555\" fill=\"none\"/>", LEFT, TOP, TOP + plotHeight, WIDTH - RIGHT));
  }

  private static void text(StringBuilder svg, double x, double y, String anchor, String text) {
    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>", x, y, anchor,
        Html.escape(text)));
  }

  /** Up to four significant digits, no exponent for everyday magnitudes. */
  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e9) return String.valueOf((long) v);
    return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
  }
}
