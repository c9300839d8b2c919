package org.brickbox.pipeline.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SvgChartTest {
  private static final Pattern RECT_HEIGHT = Pattern.compile("<rect [^>]*height=\"([0-9.]+)\"");
  private static final Pattern RECT_WIDTH = Pattern.compile("<rect [^>]*width=\"([0-9.]+)\" height=\"16\"");

  @Test
  void histogramCountsValuesIntoEqualBinsWithTheMaximumInTheLast() {
    SvgChart.Histogram h = SvgChart.Histogram.of(new double[] {0, 1, 2, 2, 3, 9, 10, Double.NaN}, 5);
    assertEquals(0, h.min());
    assertEquals(10, h.max());
    assertArrayEquals(new long[] {2, 3, 0, 0, 2}, h.counts(), "[0,2) [2,4) [4,6) [6,8) [8,10]");
    assertEquals(7, h.total(), "NaN is not counted");
  }

  @Test
  void histogramOfEqualOrNoValues() {
    assertArrayEquals(new long[] {3, 0}, SvgChart.Histogram.of(new double[] {4, 4, 4}, 2).counts());
    assertEquals(0, SvgChart.Histogram.of(new double[0], 3).total());
  }

  @Test
  void histogramBarsAreProportionalToCounts() {
    String svg = SvgChart.histogram("sharpness", "variance", new SvgChart.Histogram(0, 4, new long[] {4, 2, 0, 1}));
    List<Double> heights = heights(RECT_HEIGHT, svg);
    assertEquals(4, heights.size(), svg);
    assertEquals(heights.get(0) / 2, heights.get(1), 0.11);
    assertEquals(0, heights.get(2), 1e-9);
    assertEquals(heights.get(0) / 4, heights.get(3), 0.11);
    assertTrue(svg.contains(">variance (n=7)</text>") && svg.contains("<title>0 to 1: 4</title>"), svg);
  }

  @Test
  void barsScaleToTheMaximumAndEscapeLabels() {
    String svg = SvgChart.bars("accuracy", List.of(new SvgChart.Bar("<b>top-1</b>", 0.5, "50 %"),
        new SvgChart.Bar("top-5", 1.0, "100 %")), 1.0);
    List<Double> widths = heights(RECT_WIDTH, svg);
    assertEquals(widths.get(1) / 2, widths.get(0), 0.11);
    assertFalse(svg.contains("<b>"), "labels are escaped: " + svg);
    assertTrue(svg.contains("&lt;b&gt;top-1&lt;/b&gt;"));
  }

  @Test
  void numbersReadWell() {
    assertEquals("12", SvgChart.number(12.0));
    assertEquals("0.1235", SvgChart.number(0.123456));
    assertEquals("1235", SvgChart.number(1234.5));
  }

  private static List<Double> heights(Pattern pattern, String svg) {
    Matcher m = pattern.matcher(svg);
    List<Double> values = new java.util.ArrayList<>();
    while (m.find()) values.add(Double.parseDouble(m.group(1)));
    return values;
  }
}
