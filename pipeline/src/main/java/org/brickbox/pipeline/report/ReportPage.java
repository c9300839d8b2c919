package org.brickbox.pipeline.report;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.brickbox.io.manifest.Manifest;
import org.brickbox.io.manifest.StageSummary;
import org.brickbox.stages.render.RenderRecord;

/**
 * The run report as one self-contained HTML page: summary, contact sheet, QA, identification accuracy, retrain
 * triggers and the comparison with the previous run. Pure: the inputs and a thumbnail source in, the page out.
 * Every text from a file goes through {@link Html#escape}. A section whose stage did not run says "not run".
 */
public final class ReportPage {
  /** Contact sheet bounds that keep a whole-library report a few MB: views per part, parts shown. */
  static final int VIEWS_PER_PART = 8;
  static final int MAX_PARTS = 150;
  static final int MAX_QUARANTINED_SHOWN = 48;
  private static final int HISTOGRAM_BINS = 20;

  private final ReportInputs in;
  private final Function<String, String> thumbnail;
  private final Manifest m;
  private final StringBuilder html = new StringBuilder(64 * 1024);

  /**
   * @param thumbnail image path relative to the run's output → a {@code data:} URI of a small version of it
   */
  private ReportPage(ReportInputs in, Function<String, String> thumbnail) {
    this.in = in;
    this.thumbnail = thumbnail;
    this.m = in.manifest();
  }

  public static String render(ReportInputs in, Function<String, String> thumbnail) {
    return new ReportPage(in, thumbnail).page();
  }

  private String page() {
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>BrickBox run ").append(e(m.runId())).append("</title>")
        .append("<style>").append(STYLE).append("</style>")
        .append("<script>").append(ERROR_COLLECTOR).append("</script></head><body>\n");
    header();
    summary();
    contactSheet();
    qa();
    accuracy();
    triggers();
    comparison();
    html.append("<pre id=\"page-errors\" hidden></pre>\n</body></html>\n");
    return html.toString();
  }

  private void header() {
    html.append("<header><h1>BrickBox run <code>").append(e(m.runId())).append("</code> <span class=\"status ")
        .append(e(m.status())).append("\">").append(e(m.status())).append("</span></h1><p>")
        .append("created ").append(e(toSeconds(m.createdAt()))).append(" · LDraw ").append(e(m.ldraw().get("version")))
        .append(" · runner ").append(e(m.versions().get("runner"))).append(" · next stage: ")
        .append(e(m.nextStage() == null ? "none (all stages completed)" : m.nextStage())).append("</p>");
    if (m.error() != null) html.append("<p class=\"error\">error: ").append(e(m.error())).append("</p>");
    html.append("<nav><a href=\"#summary\">Summary</a><a href=\"#contact-sheet\">Contact sheet</a>")
        .append("<a href=\"#qa\">QA</a><a href=\"#accuracy\">Accuracy</a><a href=\"#triggers\">Retrain triggers</a>")
        .append("<a href=\"#comparison\">Previous run</a></nav></header>\n");
  }

  private void summary() {
    section("summary", "Run summary");
    html.append("<table><tr><th>stage</th><th>status</th><th>version</th><th>records</th><th>failed</th>")
        .append("<th>warnings</th><th>started</th><th>wall s</th><th>busy s</th><th>slowest ms</th></tr>");
    List<SvgChart.Bar> wall = new ArrayList<>();
    for (Manifest.StageEntry stage : m.stages()) {
      StageSummary s = stage.summary();
      double seconds = s == null ? 0 : wallSeconds(s);
      html.append("<tr><td>").append(e(stage.name())).append("</td><td><span class=\"status ")
          .append(e(stage.status())).append("\">").append(e(stage.status())).append("</span></td><td>")
          .append(e(orDash(stage.version()))).append("</td>").append(cell(s == null ? "-" : s.records()))
          .append(cell(s == null ? "-" : s.failed())).append(cell(s == null ? "-" : s.warnings())).append("<td>")
          .append(e(s == null ? "-" : toSeconds(s.startedAt()))).append("</td>").append(cell(s == null ? "-" : fixed(seconds)))
          .append(cell(s == null ? "-" : fixed(s.busyMs() / 1000.0))).append(cell(s == null ? "-" : s.maxMs()))
          .append("</tr>");
      if (s != null) wall.add(new SvgChart.Bar(stage.name(), seconds, fixed(seconds) + " s"));
    }
    html.append("</table><div class=\"charts\">");
    if (!wall.isEmpty()) {
      html.append(SvgChart.bars("Wall time per stage (s)", wall, wall.stream().mapToDouble(SvgChart.Bar::value).max()
          .orElse(0)));
    }
    in.durations().forEach((operation, values) -> html.append(SvgChart.histogram(operation + " duration",
        "ms per record", SvgChart.Histogram.of(toArray(values), HISTOGRAM_BINS))));
    html.append("</div><h3>Counts</h3>").append(table(m.counts()));
    Map<String, Object> rebuild = sectionOf("rebuild");
    if (rebuild != null) html.append("<h3>Incremental rebuild</h3>").append(table(rebuild));
    html.append("<details><summary>Versions and options (hash ").append(e(m.optionsHash())).append(")</summary>")
        .append(table(m.versions())).append(table(m.options())).append("</details></section>\n");
  }

  private void contactSheet() {
    section("contact-sheet", "Contact sheet");
    Map<String, List<RenderRecord>> byPart = new TreeMap<>();
    for (RenderRecord r : in.renders()) byPart.computeIfAbsent(r.partId(), k -> new ArrayList<>()).add(r);
    if (byPart.isEmpty()) {
      notRun("no rendered images in records/");
      return;
    }
    html.append("<p>").append(in.renders().size()).append(" images of ").append(byPart.size()).append(" parts");
    if (byPart.size() > MAX_PARTS) html.append("; the first ").append(MAX_PARTS).append(" parts are shown");
    html.append("; up to ").append(VIEWS_PER_PART).append(" views each. Quarantined images have a red frame.</p>");
    int shown = 0;
    for (Map.Entry<String, List<RenderRecord>> part : byPart.entrySet()) {
      if (shown++ == MAX_PARTS) break;
      RenderRecord first = part.getValue().get(0);
      html.append("<div class=\"part\"><div class=\"name\"><b>").append(e(part.getKey())).append("</b> ")
          .append(e(first.description())).append(" <i>").append(e(orDash(first.category()))).append("</i> · ")
          .append(part.getValue().size()).append(" images</div><div class=\"thumbs\">");
      for (RenderRecord r : evenlySpaced(part.getValue(), VIEWS_PER_PART)) image(r);
      html.append("</div></div>");
    }
    html.append("</section>\n");
  }

  private void image(RenderRecord r) {
    String reason = in.quarantine().get(r.key());
    String title = r.key() + " · " + r.colourName() + (reason == null ? "" : " · quarantined: " + reason);
    html.append("<figure").append(reason == null ? "" : " class=\"quarantined\"").append("><img src=\"")
        .append(e(thumbnail.apply(r.image()))).append("\" alt=\"").append(e(r.key())).append("\" title=\"")
        .append(e(title)).append("\">");
    if (reason != null) html.append("<figcaption>").append(e(reason)).append("</figcaption>");
    html.append("</figure>");
  }

  private void qa() {
    section("qa", "Quality assurance");
    Map<String, Object> qa = sectionOf("qa");
    if (qa == null && in.quarantine().isEmpty() && in.qaMetrics().isEmpty()) {
      notRun("QA has not run for this output");
      return;
    }
    if (qa != null) {
      html.append("<p>").append(e(qa.get("images"))).append(" images checked, ").append(e(qa.get("passed")))
          .append(" passed, <b>").append(e(qa.get("quarantined"))).append(" quarantined</b>.</p>");
      if (qa.get("reasons") instanceof Map<?, ?> reasons && !reasons.isEmpty()) {
        List<SvgChart.Bar> bars = new ArrayList<>();
        double max = 0;
        for (Map.Entry<?, ?> r : reasons.entrySet()) {
          double n = number(r.getValue());
          max = Math.max(max, n);
          bars.add(new SvgChart.Bar(String.valueOf(r.getKey()), n, SvgChart.number(n)));
        }
        html.append(SvgChart.bars("Quarantine reasons (images)", bars, max));
      }
    }
    html.append("<div class=\"charts\">");
    in.qaMetrics().forEach((name, values) ->
        html.append(SvgChart.histogram(name, name + " per image", SvgChart.Histogram.of(toArray(values), HISTOGRAM_BINS))));
    html.append("</div>");
    if (in.qaMetrics().isEmpty() && qa != null && qa.get("metrics") instanceof Map<?, ?> summary) {
      html.append("<h3>Metric summaries</h3>").append(table(summary));
    }
    if (qa != null && qa.get("thresholds") instanceof Map<?, ?> thresholds) {
      html.append("<details><summary>Thresholds</summary>").append(table(thresholds)).append("</details>");
    }
    if (!in.quarantine().isEmpty()) {
      Map<String, RenderRecord> byKey = new LinkedHashMap<>();
      for (RenderRecord r : in.renders()) byKey.put(r.key(), r);
      html.append("<h3>Quarantined images (").append(in.quarantine().size()).append(")</h3><div class=\"thumbs\">");
      int shown = 0;
      for (Map.Entry<String, String> q : in.quarantine().entrySet()) {
        if (shown++ == MAX_QUARANTINED_SHOWN) break;
        RenderRecord r = byKey.get(q.getKey());
        if (r != null) image(r);
        else html.append("<figure class=\"quarantined\"><figcaption>").append(e(q.getKey())).append(": ")
            .append(e(q.getValue())).append("</figcaption></figure>");
      }
      html.append("</div>");
    }
    html.append("</section>\n");
  }

  private void accuracy() {
    section("accuracy", "Identification accuracy");
    Map<String, Object> a = sectionOf("accuracy");
    if (a == null) {
      notRun("fuse has not evaluated this run");
      return;
    }
    html.append("<p>").append(e(a.get("queries"))).append(" queries over ").append(e(a.get("parts")))
        .append(" parts; ").append(e(a.getOrDefault("ambiguous", 0))).append(" ambiguous.</p>");
    List<SvgChart.Bar> bars = new ArrayList<>();
    for (String[] mode : new String[][] {{"embeddingOnly", "embedding only"}, {"fusedSingleView", "fused, one view"},
        {"fusedMultiView", "fused, multi-view"}}) {
      if (!(a.get(mode[0]) instanceof Map<?, ?> scores)) continue;
      for (String k : List.of("top1", "top5")) {
        double v = number(scores.get(k));
        bars.add(new SvgChart.Bar(mode[1] + " " + k.replace("top", "top-"), v, percent(v)));
      }
    }
    html.append(SvgChart.bars("Top-1 / top-5 accuracy", bars, 1.0));
    if (a.get("confusedPairs") instanceof List<?> pairs && !pairs.isEmpty()) {
      Map<String, RenderRecord> firstView = new TreeMap<>();
      for (RenderRecord r : in.renders()) firstView.putIfAbsent(r.partId(), r);
      html.append("<h3>Most confused parts</h3><table class=\"pairs\"><tr><th>actual</th><th></th><th>predicted as</th>")
          .append("<th></th><th>times</th></tr>");
      for (Object p : pairs) {
        if (!(p instanceof Map<?, ?> pair)) continue;
        html.append("<tr>").append(partCell(firstView, String.valueOf(pair.get("actual")))).append("<td>→</td>")
            .append(partCell(firstView, String.valueOf(pair.get("predicted")))).append("<td></td>")
            .append(cell(pair.get("count"))).append("</tr>");
      }
      html.append("</table>");
    }
    html.append("</section>\n");
  }

  private String partCell(Map<String, RenderRecord> firstView, String partId) {
    RenderRecord r = firstView.get(partId);
    if (r == null) return "<td><b>" + e(partId) + "</b> (not rendered in this run)</td>";
    return "<td><figure><img src=\"" + e(thumbnail.apply(r.image())) + "\" alt=\"" + e(partId) + "\" title=\""
        + e(r.description()) + "\"><figcaption><b>" + e(partId) + "</b> " + e(r.description())
        + "</figcaption></figure></td>";
  }

  private void triggers() {
    section("triggers", "Retrain triggers");
    Map<String, Object> t = sectionOf("triggers");
    if (t == null) {
      notRun("retrain triggers were not evaluated");
      return;
    }
    boolean retrain = Boolean.TRUE.equals(t.get("retrain"));
    html.append("<p class=\"trigger ").append(retrain ? "fired" : "quiet").append("\">")
        .append(retrain ? "Retrain recommended" : "No retrain needed").append(" · severity ")
        .append(e(t.get("severity"))).append("</p>");
    if (t.get("reasons") instanceof List<?> reasons && !reasons.isEmpty()) {
      html.append("<ul>");
      for (Object r : reasons) html.append("<li>").append(e(r)).append("</li>");
      html.append("</ul>");
    }
    if (t.get("rules") instanceof List<?> rules && !rules.isEmpty()) {
      html.append("<table><tr><th>rule</th><th>value</th><th>threshold</th><th>fired</th><th>severity</th>")
          .append("<th>detail</th></tr>");
      for (Object o : rules) {
        if (!(o instanceof Map<?, ?> rule)) continue;
        html.append("<tr").append(Boolean.TRUE.equals(rule.get("fired")) ? " class=\"fired\"" : "").append(">");
        for (String k : List.of("rule", "value", "threshold", "fired", "severity", "detail")) {
          html.append(cell(rule.get(k) == null ? "-" : rule.get(k)));
        }
        html.append("</tr>");
      }
      html.append("</table>");
    }
    html.append("</section>\n");
  }

  private void comparison() {
    section("comparison", "Compared with the previous run");
    Manifest p = in.previous();
    if (p == null) {
      notRun("no earlier run in history/");
      return;
    }
    html.append("<p>previous run <code>").append(e(p.runId())).append("</code> (").append(e(p.status()))
        .append(", created ").append(e(toSeconds(p.createdAt()))).append(")")
        .append(p.optionsHash().equals(m.optionsHash()) ? ", same options" : ", <b>different options</b>")
        .append(".</p><table><tr><th>count</th><th>previous</th><th>this run</th><th>change</th></tr>");
    TreeSet<String> names = new TreeSet<>(m.counts().keySet());
    names.addAll(p.counts().keySet());
    for (String name : names) {
      Long before = p.counts().get(name);
      Long now = m.counts().get(name);
      long change = (now == null ? 0 : now) - (before == null ? 0 : before);
      html.append("<tr").append(change != 0 ? " class=\"changed\"" : "").append("><td>").append(e(name)).append("</td>")
          .append(cell(before == null ? "-" : before)).append(cell(now == null ? "-" : now))
          .append(cell(change > 0 ? "+" + change : String.valueOf(change))).append("</tr>");
    }
    html.append("</table>");
    Map<String, Object> accuracyNow = sectionOf("accuracy");
    Map<String, Object> accuracyBefore = p.sections() == null ? null : p.sections().get("accuracy");
    if (accuracyNow != null && accuracyBefore != null) {
      html.append("<h3>Accuracy</h3><table><tr><th>mode</th><th>previous top-1</th><th>this run top-1</th></tr>");
      for (String mode : List.of("embeddingOnly", "fusedSingleView", "fusedMultiView")) {
        if (accuracyNow.get(mode) instanceof Map<?, ?> now && accuracyBefore.get(mode) instanceof Map<?, ?> before) {
          html.append("<tr><td>").append(e(mode)).append("</td>").append(cell(percent(number(before.get("top1")))))
              .append(cell(percent(number(now.get("top1"))))).append("</tr>");
        }
      }
      html.append("</table>");
    }
    html.append("</section>\n");
  }

  // ---- helpers

  private void section(String id, String title) {
    html.append("<section id=\"").append(id).append("\"><h2>").append(e(title)).append("</h2>");
  }

  private void notRun(String why) {
    html.append("<p class=\"not-run\">not run: ").append(e(why)).append("</p></section>\n");
  }

  private Map<String, Object> sectionOf(String name) {
    return m.sections() == null ? null : m.sections().get(name);
  }

  private static String table(Map<?, ?> values) {
    StringBuilder t = new StringBuilder("<table class=\"kv\">");
    values.forEach((k, v) -> t.append("<tr><td>").append(e(k)).append("</td><td>").append(e(v)).append("</td></tr>"));
    return t.append("</table>").toString();
  }

  static String cell(Object value) {
    return "<td class=\"num\">" + e(value) + "</td>";
  }

  /** {@code n} records spread evenly over {@code records} (all of them when there are no more than n). */
  static <T> List<T> evenlySpaced(List<T> records, int n) {
    if (records.size() <= n) return records;
    List<T> picked = new ArrayList<>(n);
    for (int i = 0; i < n; i++) picked.add(records.get((int) ((long) i * records.size() / n)));
    return picked;
  }

  private static double wallSeconds(StageSummary s) {
    if (s.startedAt() == null || s.finishedAt() == null) return 0;
    try {
      return Duration.between(Instant.parse(s.startedAt()), Instant.parse(s.finishedAt())).toMillis() / 1000.0;
    } catch (DateTimeParseException ex) {
      return 0;
    }
  }

  /** {@code 2026-11-27T08:44:15.482644573Z} → {@code 2026-11-27 08:44:15Z}: a table cell, not a log line. */
  static String toSeconds(String instant) {
    if (instant == null) return "-";
    try {
      String text = Instant.parse(instant).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
      return text.replace('T', ' ');
    } catch (DateTimeParseException ex) {
      return instant;
    }
  }

  private static double number(Object value) {
    return value instanceof Number n ? n.doubleValue() : 0;
  }

  private static double[] toArray(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static String percent(double v) {
    return String.format(Locale.ROOT, "%.1f %%", 100 * v);
  }

  private static String fixed(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String orDash(String s) {
    return s == null ? "-" : s;
  }

  private static String e(Object value) {
    return Html.escape(value);
  }

  /**
   * Records script errors and images that fail to load into #page-errors, so a headless browser test (and a
   * reader) sees them; the page itself needs no script.
   */
  static final String ERROR_COLLECTOR = """
      (function(){var errs=[];function show(){var p=document.getElementById('page-errors');if(!p)return;
      p.textContent=errs.join('\\n');p.hidden=errs.length===0;}
      window.addEventListener('error',function(ev){var t=ev.target;
      errs.push(t&&t.tagName?('cannot load '+t.tagName.toLowerCase()+' '+(t.alt||t.src||'').slice(0,80))
      :('script error: '+ev.message));show();},true);
      window.addEventListener('load',function(){var imgs=document.images,ok=0;for(var i=0;i<imgs.length;i++){
      if(imgs[i].complete&&imgs[i].naturalWidth>0)ok++;}document.body.dataset.images=imgs.length;
      document.body.dataset.imagesLoaded=ok;document.body.dataset.checked='yes';show();});})();""";

  static final String STYLE = """
      body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0 auto;max-width:1280px;
      padding:0 20px 40px;color:#1d1d1f;background:#fafafa}
      header{border-bottom:1px solid #ddd;padding:12px 0}h1{font-size:22px;margin:8px 0}h2{font-size:18px;
      margin:28px 0 8px;border-bottom:1px solid #e4e4e4;padding-bottom:4px}h3{font-size:15px;margin:16px 0 6px}
      nav a{margin-right:14px;color:#2f6db3;text-decoration:none}code{font-size:13px}
      .status{padding:1px 8px;border-radius:10px;font-size:13px;background:#e6e6e6}
      .status.completed{background:#d8f0dc;color:#145a24}.status.failed{background:#f8d7d7;color:#8a1414}
      .status.partial,.status.pending{background:#fdf1cc;color:#6b4e00}.error{color:#8a1414}
      table{border-collapse:collapse;margin:6px 0 10px;background:#fff}td,th{border:1px solid #e1e1e1;
      padding:3px 8px;text-align:left;vertical-align:top}th{white-space:nowrap}td.num{text-align:right;font-variant-numeric:tabular-nums}
      table.kv td:first-child{color:#555}tr.changed td{background:#fff8e0}tr.fired td{background:#fde8e8}
      .charts{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}.chart{background:#fff;border:1px solid #e1e1e1}
      .chart text{font-size:11px;fill:#333}.not-run{color:#777;font-style:italic}
      .part{margin:6px 0;padding:6px;background:#fff;border:1px solid #eee}.part .name{margin-bottom:4px}
      .thumbs{display:flex;flex-wrap:wrap;gap:4px}figure{margin:0;display:inline-block;text-align:center;
      max-width:150px}figure img{width:96px;height:96px;object-fit:contain;border:2px solid transparent;
      background:#fff;image-rendering:auto}figure.quarantined img{border-color:#d22}figcaption{font-size:11px;
      color:#8a1414}table.pairs figcaption{color:#333}.trigger{font-weight:600}.trigger.fired{color:#8a1414}
      .trigger.quiet{color:#145a24}#page-errors{color:#8a1414;background:#fde8e8;padding:8px}""";
}
