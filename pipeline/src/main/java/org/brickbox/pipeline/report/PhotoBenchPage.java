package org.brickbox.pipeline.report;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.brickbox.fuse.PartScore;
import org.brickbox.pipeline.bench.CaptureResult;
import org.brickbox.pipeline.bench.PhotoBenchmark;
import org.brickbox.pipeline.bench.PhotoComparison;
import org.brickbox.pipeline.bench.PhotoScores;

/**
 * {@code photos.html} of {@code bench photos} as one self-contained page: the figures, the per-part table, and each
 * confusion as pictures (the capture's photos, a reference render of the part it was taken for, one of the true
 * part), then the photos and files that could not be used. Pure: the report and two thumbnail sources in, the page
 * out; every text from a file or folder name goes through {@link Html#escape}. Styled like the run report.
 */
public final class PhotoBenchPage {
  /** Bounds that keep the page a few MB however many captures were confused. */
  static final int MAX_CONFUSIONS = 100;
  static final int MAX_CAPTURES_PER_CONFUSION = 4;

  private static final String STYLE = """
      td.photos{max-width:520px}figure.unusable img{border-color:#d22}figure .noimage{width:96px;height:96px;
      display:flex;align-items:center;justify-content:center;background:#eee;border:1px dashed #bbb;
      word-break:break-all;font-weight:600}table.confusion figcaption{color:#333}""";

  private final PhotoBenchmark.Report report;
  private final Function<String, String> photoThumbnail;
  private final Function<String, String> referenceThumbnail;
  private final Map<String, String> descriptions = new HashMap<>();
  private final StringBuilder html = new StringBuilder(64 * 1024);

  private PhotoBenchPage(PhotoBenchmark.Report report, Function<String, String> photoThumbnail,
      Function<String, String> referenceThumbnail) {
    this.report = report;
    this.photoThumbnail = photoThumbnail;
    this.referenceThumbnail = referenceThumbnail;
    for (CaptureResult c : report.captures()) {
      for (PartScore p : c.candidates()) descriptions.putIfAbsent(p.partId(), p.description());
    }
  }

  /**
   * @param photoThumbnail a photo's path → a {@code data:} URI of a small version, or null when it cannot be read
   * @param referenceThumbnail a part id → a {@code data:} URI of one of its reference renders, or null when none is
   *     at hand (the page then shows the part id)
   */
  public static String render(PhotoBenchmark.Report report, Function<String, String> photoThumbnail,
      Function<String, String> referenceThumbnail) {
    return new PhotoBenchPage(report, photoThumbnail, referenceThumbnail).page();
  }

  private String page() {
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>BrickBox photo benchmark</title><style>").append(ReportPage.STYLE).append(STYLE)
        .append("</style><script>").append(ReportPage.ERROR_COLLECTOR).append("</script></head><body>\n")
        .append("<header><h1>BrickBox photo benchmark</h1><p>photos <code>").append(e(report.photos()))
        .append("</code> against the index <code>").append(e(report.index())).append("</code> (")
        .append(report.indexParts()).append(" parts, model ").append(e(report.model())).append(")</p>")
        .append("<nav><a href=\"#figures\">Figures</a>")
        .append(report.comparison() == null ? "" : "<a href=\"#baseline\">Against the baseline</a>")
        .append("<a href=\"#parts\">Per part</a>")
        .append("<a href=\"#confusions\">Confusions</a><a href=\"#unusable\">Not used</a></nav></header>\n");
    figures();
    baseline();
    parts();
    confusions();
    unusable();
    html.append("<pre id=\"page-errors\" hidden></pre>\n</body></html>\n");
    return html.toString();
  }

  private void figures() {
    PhotoScores s = report.scores();
    String k = "top-" + s.top();
    html.append("<section id=\"figures\"><h2>Figures</h2><p><code>").append(e(s.summaryLine()))
        .append("</code></p><table class=\"kv\">");
    row("fused top-1 (all photos of a capture together, as identify fuses them)", fixed(s.fusedTop1()));
    row("fused " + k, fixed(s.fusedTopK()));
    row("single-photo top-1 (each photo alone)", fixed(s.singleTop1()));
    row("single-photo " + k, fixed(s.singleTopK()));
    row("captures (one physical part each)", s.captures());
    row("parts", s.parts());
    row("parts not in the index (their captures are misses)", s.partsNotInIndex().size());
    row("photos", s.photos());
    row("unusable photos (unreadable or no part found; single-photo misses)", s.unusablePhotos());
    row("captures with no usable photo (misses)", s.unanswered());
    row("other files skipped", report.skipped().size());
    html.append("</table></section>\n");
  }

  /** With {@code --baseline}: the split of fixed and broken answers, and every capture whose rank moved. */
  private void baseline() {
    PhotoComparison c = report.comparison();
    if (c == null) return;
    int top = report.scores().top();
    html.append("<section id=\"baseline\"><h2>Against the baseline</h2><ul>");
    for (String line : c.lines(top)) html.append("<li>").append(e(line.strip())).append("</li>");
    html.append("</ul>");
    if (!c.changed().isEmpty()) {
      html.append("<table><tr><th>part</th><th>capture</th><th>rank before</th><th>rank now</th><th></th></tr>");
      for (PhotoComparison.Change ch : c.changed()) {
        boolean better = ch.rankNow() != 0 && (ch.rankBefore() == 0 || ch.rankNow() < ch.rankBefore());
        html.append(better ? "<tr>" : "<tr class=\"fired\">").append(ReportPage.cell(ch.partId()))
            .append(ReportPage.cell(ch.capture())).append(ReportPage.cell(rank(ch.rankBefore(), top)))
            .append(ReportPage.cell(rank(ch.rankNow(), top))).append(ReportPage.cell(better ? "better" : "worse"))
            .append("</tr>");
      }
      html.append("</table>");
    }
    html.append("</section>\n");
  }

  private static String rank(int rank, int top) {
    return rank == 0 ? "not in the top " + top : String.valueOf(rank);
  }

  private void parts() {
    PhotoScores s = report.scores();
    html.append("<section id=\"parts\"><h2>Per part</h2><table><tr><th>part</th><th>in index</th><th>captures</th>")
        .append("<th>photos</th><th>fused top-1</th><th>fused top-").append(s.top())
        .append("</th><th>single top-1</th></tr>");
    for (PhotoScores.PartRow p : s.perPart()) {
      html.append(p.inIndex() ? "<tr>" : "<tr class=\"fired\">").append("<td><b>").append(e(p.partId()))
          .append("</b> ").append(e(descriptions.getOrDefault(p.partId(), ""))).append("</td>")
          .append("<td>").append(p.inIndex() ? "yes" : "no").append("</td>").append(ReportPage.cell(p.captures()))
          .append(ReportPage.cell(p.photos())).append(ReportPage.cell(fixed(p.fusedTop1()))).append(ReportPage.cell(fixed(p.fusedTopK())))
          .append(ReportPage.cell(fixed(p.singleTop1()))).append("</tr>");
    }
    html.append("</table></section>\n");
  }

  private void confusions() {
    List<PhotoScores.Confusion> confusions = report.scores().confusions();
    html.append("<section id=\"confusions\"><h2>Confusions</h2>");
    if (confusions.isEmpty()) {
      html.append("<p class=\"not-run\">none: every answered capture was identified first</p></section>\n");
      return;
    }
    html.append("<p>").append(confusions.size()).append(confusions.size() == 1 ? " confusion" : " confusions")
        .append(" (true part → fused answer), most frequent first");
    if (confusions.size() > MAX_CONFUSIONS) html.append("; the first ").append(MAX_CONFUSIONS).append(" are shown");
    html.append(". Each row: the capture's photos, a reference render of the answer, one of the true part.</p>");
    Map<String, CaptureResult> byName = new HashMap<>();
    for (CaptureResult c : report.captures()) byName.put(c.partId() + "/" + c.capture(), c);
    for (PhotoScores.Confusion c : confusions.subList(0, Math.min(MAX_CONFUSIONS, confusions.size()))) {
      html.append("<h3 class=\"confusion\">").append(e(c.actual())).append(" → ").append(e(c.predicted()))
          .append(" · ").append(c.count()).append(c.count() == 1 ? " capture" : " captures").append("</h3>")
          .append("<table class=\"confusion\"><tr><th>capture</th><th>photos</th><th>answer</th><th>true part</th></tr>");
      for (String name : c.captures().subList(0, Math.min(MAX_CAPTURES_PER_CONFUSION, c.captures().size()))) {
        CaptureResult capture = byName.get(c.actual() + "/" + name);
        html.append("<tr><td>").append(e(name)).append("</td><td class=\"photos\"><div class=\"thumbs\">");
        for (CaptureResult.PhotoResult p : capture.photos()) photo(p);
        html.append("</div></td>").append(reference(c.predicted())).append(reference(c.actual())).append("</tr>");
      }
      html.append("</table>");
      if (c.captures().size() > MAX_CAPTURES_PER_CONFUSION) {
        html.append("<p>and ").append(c.captures().size() - MAX_CAPTURES_PER_CONFUSION).append(" more: ")
            .append(e(String.join(", ", c.captures().subList(MAX_CAPTURES_PER_CONFUSION, c.captures().size()))))
            .append("</p>");
      }
    }
    html.append("</section>\n");
  }

  private void photo(CaptureResult.PhotoResult p) {
    String name = Path.of(p.path()).getFileName().toString();
    String alone = p.error() != null ? "unusable: " + p.error() : "alone: " + p.predicted();
    String uri = photoThumbnail.apply(p.path());
    html.append("<figure").append(p.error() != null ? " class=\"unusable\"" : "").append(">");
    if (uri != null) {
      html.append("<img src=\"").append(e(uri)).append("\" alt=\"").append(e(name)).append("\" title=\"")
          .append(e(p.path() + " · " + alone)).append("\">");
    } else {
      html.append("<div class=\"noimage\" title=\"").append(e(p.path())).append("\">").append(e(name)).append("</div>");
    }
    html.append("<figcaption>").append(e(name)).append("<br>").append(e(alone)).append("</figcaption></figure>");
  }

  private String reference(String partId) {
    String uri = referenceThumbnail.apply(partId);
    String description = descriptions.getOrDefault(partId, "");
    StringBuilder cell = new StringBuilder("<td><figure>");
    if (uri != null) {
      cell.append("<img src=\"").append(e(uri)).append("\" alt=\"").append(e(partId)).append("\" title=\"")
          .append(e(description)).append("\">");
    } else {
      cell.append("<div class=\"noimage\" title=\"no reference image\">").append(e(partId)).append("</div>");
    }
    return cell.append("<figcaption><b>").append(e(partId)).append("</b> ").append(e(description))
        .append("</figcaption></figure></td>").toString();
  }

  private void unusable() {
    html.append("<section id=\"unusable\"><h2>Not used</h2>");
    List<String> notInIndex = report.scores().partsNotInIndex();
    html.append("<h3>Parts not in the index (").append(notInIndex.size()).append(")</h3>");
    if (!notInIndex.isEmpty()) html.append("<p>").append(e(String.join(", ", notInIndex))).append("</p>");
    html.append("<h3>Unusable photos (").append(report.scores().unusablePhotos()).append(")</h3><table>");
    for (CaptureResult c : report.captures()) {
      for (CaptureResult.PhotoResult p : c.photos()) {
        if (p.error() != null) html.append("<tr><td>").append(e(p.path())).append("</td><td>").append(e(p.error())).append("</td></tr>");
      }
    }
    html.append("</table><h3>Other files skipped (").append(report.skipped().size()).append(")</h3><table>");
    report.skipped().forEach(f -> html.append("<tr><td>").append(e(f.path())).append("</td><td>").append(e(f.reason()))
        .append("</td></tr>"));
    html.append("</table></section>\n");
  }

  private void row(String name, Object value) {
    html.append("<tr><td>").append(e(name)).append("</td>").append(ReportPage.cell(value)).append("</tr>");
  }

  private static String fixed(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static String e(Object value) {
    return Html.escape(value);
  }
}
