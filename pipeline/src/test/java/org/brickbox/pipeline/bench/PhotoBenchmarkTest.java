package org.brickbox.pipeline.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.brickbox.embed.DjlEngine;
import org.brickbox.fuse.FusionWeights;
import org.brickbox.fuse.PhotoPreparation;
import org.brickbox.fuse.ReferenceView;
import org.brickbox.fuse.ShapeCues;
import org.brickbox.fuse.TestPhotos;
import org.brickbox.io.image.DecodedImage;
import org.brickbox.io.image.ImageCodec;
import org.brickbox.io.image.ImageHeader;
import org.brickbox.io.ldraw.LDrawLibrary;
import org.brickbox.io.records.Json;
import org.brickbox.pipeline.PipelineRuns;
import org.brickbox.pipeline.cli.BrickBoxCli;
import org.brickbox.pipeline.identify.CameraScaleFit;
import org.brickbox.pipeline.identify.IdentifyReport;
import org.brickbox.pipeline.identify.PhotoFolder;
import org.brickbox.pipeline.identify.PhotoIdentifier;
import org.brickbox.stages.fuse.ViewCues;
import org.brickbox.stages.render.RenderRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./brickbox bench photos} end to end: a real run of four parts (small images, plain light-grey background so
 * its renders pass for photos) builds the index; a labelled folder is made from the run's own renders as JPEG, with
 * a corrupt file, a photo without a part, a part the index lacks and a text file; the command's figures must be those
 * of {@code identify} on each capture.
 */
class PhotoBenchmarkTest {
  static final List<String> PARTS = List.of("3001", "3023", "3062b", "6141");
  static final String UNKNOWN = "99999";
  /** A part the test's index does not render: only photos can teach it. */
  static final String PHOTO_ONLY = "3040b";
  @TempDir static Path run;
  @TempDir static Path photos;
  static Path corrupt;
  static Path blank;

  @BeforeAll
  static void runTheGraphAndLabelItsRenders() throws IOException {
    Path library = PipelineRuns.installedLibrary();
    PipelineRuns.run("--ldrawDir=" + library, "--out=" + run, "--parts=" + String.join(",", PARTS), "--views=8",
        "--imageSize=64", "--background=PLAIN", "--backgroundColour=D0D0D0", "--fuseQueryViews=2",
        "--fuseValidationViews=2", "--qa=false");
    for (String part : PARTS) {
      List<Path> renders = renders(part);
      copyAsJpeg(renders.get(0), photos.resolve(part + "/a_left.jpg"));
      copyAsJpeg(renders.get(2), photos.resolve(part + "/a_right.jpg"));
      copyAsJpeg(renders.get(4), photos.resolve(part + "/a_under.jpeg"));
      copyAsJpeg(renders.get(5), photos.resolve(part + "/b_1.jpg"));
      copyAsJpeg(renders.get(7), photos.resolve(part + "/b_2.jpg"));
    }
    corrupt = photos.resolve("3001/b_3.jpg");
    Files.write(corrupt, "not a JPEG at all".getBytes(StandardCharsets.US_ASCII));
    blank = photos.resolve("3023/b_3.png");
    Files.write(blank, ImageCodec.encodeRgbPng(new byte[48 * 48 * 3], 48, 48));
    Files.write(photos.resolve("6141/nothing_1.jpg"), new byte[0]); // a capture with no usable photo
    copyAsJpeg(renders("3001").get(1), photos.resolve(UNKNOWN + "/x_1.jpg"));
    copyAsJpeg(renders("3001").get(3), photos.resolve(UNKNOWN + "/x_2.jpg"));
    Files.writeString(photos.resolve("3001/notes.txt"), "taken on the kitchen table");
  }

  private static List<Path> renders(String part) throws IOException {
    try (Stream<Path> files = Files.walk(run.resolve("images/" + part))) {
      return files.filter(f -> f.toString().endsWith(".png") && !f.toString().endsWith(".mask.png")).sorted().toList();
    }
  }

  private static void copyAsJpeg(Path png, Path jpeg) throws IOException {
    Files.createDirectories(jpeg.getParent());
    DecodedImage image = ImageCodec.decodeRgb(Files.readAllBytes(png));
    Files.write(jpeg, TestPhotos.jpeg(image));
  }

  @Test
  void scoresEveryCaptureAsIdentifyDoesAndReportsWhatItCouldNotUse(@TempDir Path reports) throws Exception {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int code = new BrickBoxCli(new PrintStream(text, true, StandardCharsets.UTF_8),
        new PrintStream(errors, true, StandardCharsets.UTF_8)).execute(new String[] {"bench", "photos",
            "--index=" + run.resolve("index"), "--photos=" + photos, "--out=" + reports, "--threads=1",
            "--crops=" + reports.resolve("crops")});
    String printed = text.toString(StandardCharsets.UTF_8);
    assertEquals(BrickBoxCli.OK, code, errors.toString(StandardCharsets.UTF_8) + printed);

    List<String> lines = printed.lines().toList();
    Matcher last = Pattern.compile("photos: fused top-1 (\\d\\.\\d{3}) top-5 (\\d\\.\\d{3}) single top-1 (\\d\\.\\d{3}) "
        + "over 10 captures of 5 parts").matcher(lines.get(lines.size() - 1));
    assertTrue(last.matches(), "last line: " + lines.get(lines.size() - 1));
    assertTrue(Double.parseDouble(last.group(1)) <= Double.parseDouble(last.group(2)), "top-1 <= top-5");
    assertTrue(printed.contains(corrupt + ": "), "the corrupt photo is reported with its path:\n" + printed);
    assertTrue(printed.contains("segmentation: ") && printed.contains("crops segmented,tight,frame/frame,centre pooled "
        + "by mean"), printed);
    // --crops: what was embedded for each usable photo, named after it, with a sidecar.
    for (String crop : List.of("segmented", "tight", "frame")) {
      assertTrue(Files.isRegularFile(reports.resolve("crops/3001/a_left." + crop + ".png")), crop);
      assertTrue(Files.isRegularFile(reports.resolve("crops/3001/a_left." + crop + ".json")), crop);
    }
    assertFalse(Files.exists(reports.resolve("crops/3001/b_3.frame.png")), "the corrupt photo has no crops");
    assertTrue(printed.contains(blank + ": "), "so is the photo without a part:\n" + printed);
    assertTrue(printed.contains(photos.resolve("3001/notes.txt") + ": not a photo"), printed);
    int notInIndex = printed.indexOf("parts not in the index");
    assertTrue(notInIndex > 0 && printed.indexOf("  " + UNKNOWN, notInIndex) > 0, printed);

    PhotoBenchmark.Report report = Json.read(Files.readAllBytes(reports.resolve("photos.json")),
        PhotoBenchmark.Report.class);
    assertEquals(10, report.captures().size());
    assertEquals(List.of(UNKNOWN), report.scores().partsNotInIndex());
    assertEquals(3, report.scores().unusablePhotos());
    assertEquals(1, report.scores().unanswered());
    assertEquals(1, report.skipped().size());
    assertFalse(report.scores().confusions().isEmpty(), "the part the index lacks is always confused");
    assertTrue(report.scores().confusions().stream().anyMatch(c -> c.actual().equals(UNKNOWN)));

    // The figures again, from identify on each capture (its usable photos) and on each photo alone.
    int fusedTop1 = 0;
    int fusedTop5 = 0;
    int singleTop1 = 0;
    int photoCount = 0;
    try (PhotoIdentifier identifier = new PhotoIdentifier(run.resolve("index"), new DjlEngine(null, 1))) {
      for (CaptureResult capture : report.captures()) {
        List<byte[]> usable = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (CaptureResult.PhotoResult photo : capture.photos()) {
          photoCount++;
          assertEquals(photo.error() == null, photo.segmentation() != null, "how a usable photo was used: " + photo);
          byte[] bytes = Files.readAllBytes(Path.of(photo.path()));
          try {
            var alone = identifier.identify(List.of(bytes), List.of(photo.path()), 5).identification();
            assertEquals(alone.rankOf(capture.partId()), photo.rank(), photo.path());
            if (alone.rankOf(capture.partId()) == 1) singleTop1++;
            usable.add(bytes);
            names.add(photo.path());
          } catch (PhotoIdentifier.UnusablePhotoException e) {
            assertEquals(e.reason(), photo.error(), photo.path());
          }
        }
        if (usable.isEmpty()) {
          assertEquals(List.of(), capture.candidates(), "no answer without a usable photo");
          assertEquals(0, capture.rank());
          continue;
        }
        var fused = identifier.identify(usable, names, 5).identification();
        assertEquals(fused.candidates(), capture.candidates(), capture.partId() + "/" + capture.capture());
        if (fused.rankOf(capture.partId()) == 1) fusedTop1++;
        if (fused.rankOf(capture.partId()) > 0) fusedTop5++;
      }
    }
    assertEquals(4 * 5 + 3 + 2, photoCount);
    assertEquals(String.format(Locale.ROOT, "%.3f", fusedTop1 / 10.0), last.group(1));
    assertEquals(String.format(Locale.ROOT, "%.3f", fusedTop5 / 10.0), last.group(2));
    assertEquals(String.format(Locale.ROOT, "%.3f", singleTop1 / (double) photoCount), last.group(3));

    String html = Files.readString(reports.resolve("photos.html"));
    for (PhotoScores.Confusion c : report.scores().confusions()) {
      assertTrue(html.contains("<h3 class=\"confusion\">" + c.actual() + " → " + c.predicted() + " · "), c.toString());
    }
    assertTrue(html.contains("<div class=\"noimage\" title=\"no reference image\">" + UNKNOWN + "</div>"),
        "the part without a reference render is shown by its id");
    assertTrue(html.contains("src=\"data:image/webp;base64,"), "photos and references are inline thumbnails");
    assertFalse(html.contains("src=\"file:") || html.contains("src=\"/"), "nothing outside the page is loaded");
    assertTrue(html.contains(corrupt.toString()) && html.contains(blank.toString()));
  }

  /**
   * The k-shot protocol: a capture is a reference or a query, never both, and a photo reference is used. The folder
   * "3040b" (a part the index does not render) holds two identical captures: against the renders alone they cannot
   * be right; with either as a labelled reference at K=1, the other is answered 3040b, a part only photos know.
   */
  @Test
  void shotsMakeSomeCapturesReferencesAndQueryTheOthers(@TempDir Path folder, @TempDir Path reports,
      @TempDir Path references) throws Exception {
    LDrawLibrary library = LDrawLibrary.shared(PipelineRuns.installedLibrary());
    Files.createDirectories(folder.resolve(PHOTO_ONLY));
    for (String capture : List.of("a", "twin")) {
      for (int view : new int[] {1, 5}) {
        Files.write(folder.resolve(PHOTO_ONLY + "/" + capture + "_" + view + ".jpg"), TestPhotos.jpeg(
            TestPhotos.onBackdrop(TestPhotos.render(library, PHOTO_ONLY, 4, view), 320, 240, 80, 40)));
      }
    }
    for (String part : List.of("3001", "3023", "3062b")) {
      Files.createDirectories(folder.resolve(part));
      for (String photo : List.of("a_left.jpg", "a_right.jpg", "b_1.jpg", "b_2.jpg")) {
        Files.copy(photos.resolve(part + "/" + photo), folder.resolve(part + "/" + photo));
      }
    }
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int code = new BrickBoxCli(new PrintStream(text, true, StandardCharsets.UTF_8),
        new PrintStream(errors, true, StandardCharsets.UTF_8)).execute(new String[] {"bench", "photos",
            "--index=" + run.resolve("index"), "--photos=" + folder, "--out=" + reports, "--threads=1",
            "--shots=0,1,2", "--shotReferences=" + references});
    String printed = text.toString(StandardCharsets.UTF_8);
    assertEquals(BrickBoxCli.OK, code, errors.toString(StandardCharsets.UTF_8) + printed);
    assertTrue(printed.contains("nothing to query"), "K=2 leaves no part with a capture to query:\n" + printed);

    ShotsBenchmark.Row[] rows = Json.read(Files.readAllBytes(reports.resolve("shots.json")), ShotsBenchmark.Row[].class);
    assertEquals(3, rows.length);
    assertEquals(8, rows[0].withPhotos().captures(), "K=0 queries every capture");
    assertEquals(0, rows[0].references());
    assertEquals(rows[0].withoutPhotos(), rows[0].withPhotos(), "no photo references, no difference");

    ShotsBenchmark.Row one = rows[1];
    assertEquals(4, one.referenceCaptures().size(), "one capture of each part");
    assertEquals(8, one.references(), "two photos per capture");
    assertEquals(4, one.withPhotos().captures(), "the other capture of each part is the query");
    assertEquals(List.of(0L, 4L), List.of(one.photoWeightFit().captures(), one.photoWeightFit()
        .unphotographedCaptures()), "one reference capture per part: the fit sees only parts not photographed");
    assertEquals(one.photoWeightFit().photoWeight(), one.photoWeight());
    assertEquals(0.0, one.photoWeight(), "as parts not photographed, photo evidence only draws captures away");
    for (PhotoScores.PartRow part : one.withPhotos().perPart()) {
      assertEquals(1, part.captures(), part.partId());
      assertEquals(1, one.referenceCaptures().stream().filter(r -> r.startsWith(part.partId() + "/")).count(),
          part.partId());
    }
    PhotoScores.PartRow twin = one.withPhotos().perPart().stream().filter(p -> p.partId().equals(PHOTO_ONLY))
        .findFirst().orElseThrow();
    assertEquals(1.0, twin.fusedTop1(), "the query is its reference's twin: " + printed);
    assertEquals(1.0, twin.singleTop1(), "each photo of it too, its lift kept at weight 0: " + printed);
    PhotoScores.PartRow rendersOnly = one.withoutPhotos().perPart().stream()
        .filter(p -> p.partId().equals(PHOTO_ONLY)).findFirst().orElseThrow();
    assertEquals(0.0, rendersOnly.fusedTop1(), "the renders do not know it: " + printed);
    assertEquals(null, rows[2].withPhotos());
    assertEquals(16, rows[2].references(), "K=2: every capture is a reference");

    // --shotReferences: each K's reference captures as a photo folder to train on, the queries left out.
    assertFalse(Files.exists(references.resolve("k0")), "K=0 has no references");
    for (ShotsBenchmark.Row row : List.of(one, rows[2])) {
      Path written = references.resolve("k" + row.shots());
      List<String> expected = new ArrayList<>();
      for (String capture : row.referenceCaptures()) {
        String[] partAndCapture = capture.split("/");
        try (var photos = Files.list(folder.resolve(partAndCapture[0]))) {
          photos.filter(p -> p.getFileName().toString().startsWith(partAndCapture[1] + "_"))
              .forEach(p -> expected.add(partAndCapture[0] + "/" + p.getFileName()));
        }
      }
      List<String> found;
      try (var files = Files.walk(written)) {
        found = files.filter(Files::isRegularFile).map(p -> written.relativize(p).toString().replace('\\', '/'))
            .sorted().toList();
      }
      assertEquals(expected.stream().sorted().toList(), found, "K=" + row.shots() + "'s references, nothing else");
      assertEquals(8 * row.shots(), found.size(), "K captures of each of the four parts, two photos each");
      for (String file : found) {
        assertArrayEquals(Files.readAllBytes(folder.resolve(file)), Files.readAllBytes(written.resolve(file)), file);
      }
    }
    text.reset();
    errors.reset();
    assertEquals(BrickBoxCli.USAGE, new BrickBoxCli(new PrintStream(text, true, StandardCharsets.UTF_8),
        new PrintStream(errors, true, StandardCharsets.UTF_8)).execute(new String[] {"bench", "photos",
            "--index=" + run.resolve("index"), "--photos=" + folder, "--out=" + reports, "--threads=1", "--shots=1",
            "--shotReferences=" + references}));
    String refused = errors.toString(StandardCharsets.UTF_8);
    assertTrue(refused.contains("already exists"), refused);

    // --photoWeight=0: photos move no part that has renders; the part only photos know still stands where its photo
    // score puts it on the line from the other parts' photo scores to their render scores, lifted by its lead at the
    // default weight (its twin: first).
    ShotsBenchmark.Row unweighted = oneShot(folder, reports, text, "--photoWeight=0");
    assertEquals(0.0, unweighted.photoWeight());
    for (PhotoScores.PartRow part : unweighted.withPhotos().perPart()) {
      PhotoScores.PartRow withoutPhotos = unweighted.withoutPhotos().perPart().stream()
          .filter(p -> p.partId().equals(part.partId())).findFirst().orElseThrow();
      if (part.partId().equals(PHOTO_ONLY)) {
        assertEquals(1.0, part.fusedTop1(), text.toString(StandardCharsets.UTF_8));
      } else {
        assertEquals(withoutPhotos, part, "photo weight 0: the renders decide");
      }
    }

    // --photoOnly=2: every second part of the folder (3001, 3040b) is known only from its photos: 3001 loses its
    // renders, its queries and 3040b's are reported apart.
    ShotsBenchmark.Row split = oneShot(folder, reports, text, "--photoOnly=2");
    assertEquals(List.of("3001", PHOTO_ONLY), split.photoOnly().parts());
    assertEquals(2, split.photoOnly().photoOnly().captures(), "one query capture of each");
    assertEquals(2, split.photoOnly().rendered().captures());
    assertEquals(0.0, split.withoutPhotos().perPart().stream().filter(p -> p.partId().equals("3001")).findFirst()
        .orElseThrow().fusedTop1(), "3001's renders are not in the index");
    assertTrue(text.toString(StandardCharsets.UTF_8).contains("K=1: 2 parts known only from photos"),
        text.toString(StandardCharsets.UTF_8));
    assertEquals(null, one.photoOnly(), "without --photoOnly every part keeps its renders");

    // --photographedEvery=2: half the parts, drawn with the seed (1: 3001 and 3062b), give a reference capture; every
    // capture of 3023 and 3040b is a query, reported apart with and without the photo references; only theirs are
    // written to train on.
    assertEquals(Set.of("3001", "3062b"), ShotsBenchmark.drawn(Set.of("3001", "3023", PHOTO_ONLY, "3062b"), 2, 1));
    ShotsBenchmark.Row some = oneShot(folder, reports, text, "--photographedEvery=2",
        "--shotReferences=" + references.resolve("some"));
    try (var parts = Files.list(references.resolve("some/k1"))) {
      assertEquals(List.of("3001", "3062b"), parts.map(p -> p.getFileName().toString()).sorted().toList());
    }
    assertEquals(List.of("3001", "3062b"), some.photographed().parts());
    assertEquals(2, some.referenceCaptures().size());
    assertEquals(6, some.withPhotos().captures(), "one query capture of each photographed part, both of the others");
    assertEquals(2, some.photographed().photographed().captures());
    assertEquals(4, some.photographed().others().captures());
    assertEquals(4, some.photographed().othersWithout().captures());
    assertEquals(0.0, some.photographed().others().perPart().stream()
        .filter(p -> p.partId().equals(PHOTO_ONLY)).findFirst().orElseThrow().fusedTop1(), "no renders, no photos");
    assertTrue(text.toString(StandardCharsets.UTF_8).contains("K=1: 2 parts photographed: their queries"),
        text.toString(StandardCharsets.UTF_8));
    assertEquals(null, one.photographed(), "without --photographedEvery every part gives references");

    // --splits=3: the protocol with seeds 1, 2 and 3 in turn, each split what --seed alone gives it; the summary is
    // their mean and range. K=0 has no references for a seed to choose: scored once.
    text.reset();
    errors.reset();
    assertEquals(BrickBoxCli.OK, new BrickBoxCli(new PrintStream(text, true, StandardCharsets.UTF_8),
        new PrintStream(errors, true, StandardCharsets.UTF_8)).execute(new String[] {"bench", "photos",
            "--index=" + run.resolve("index"), "--photos=" + folder, "--out=" + reports, "--threads=1", "--shots=0,1",
            "--splits=3"}), errors.toString(StandardCharsets.UTF_8));
    ShotsBenchmark.Row[] splits = Json.read(Files.readAllBytes(reports.resolve("shots.json")),
        ShotsBenchmark.Row[].class);
    ShotsBenchmark.Summary[] summary = Json.read(Files.readAllBytes(reports.resolve("shots-summary.json")),
        ShotsBenchmark.Summary[].class);
    assertEquals(List.of("1:0", "1:1", "2:1", "3:1"),
        java.util.Arrays.stream(splits).map(r -> r.seed() + ":" + r.shots()).toList());
    assertEquals(2, summary.length);
    assertEquals(1, summary[0].splits(), "K=0 once");
    assertEquals(3, summary[1].splits());
    assertEquals(12, summary[1].queries(), "four queries a split");
    double mean = 0;
    for (int i = 1; i < 4; i++) mean += splits[i].withPhotos().fusedTop1() / 3;
    assertEquals(mean, summary[1].fusedTop1(), 1e-12);
    assertTrue(text.toString(StandardCharsets.UTF_8).contains("K=1 over 3 splits: fused top-1"),
        text.toString(StandardCharsets.UTF_8));
    ShotsBenchmark.Row seedTwo = oneShot(folder, reports, text, "--seed=2");
    assertEquals(seedTwo.referenceCaptures(), splits[2].referenceCaptures());
    assertEquals(seedTwo.withPhotos(), splits[2].withPhotos());
    assertEquals(splits[1].referenceCaptures(), one.referenceCaptures(), "the first split is the default seed's");
    errors.reset();
    assertEquals(BrickBoxCli.USAGE, new BrickBoxCli(new PrintStream(text, true, StandardCharsets.UTF_8),
        new PrintStream(errors, true, StandardCharsets.UTF_8)).execute(new String[] {"bench", "photos",
            "--index=" + run.resolve("index"), "--photos=" + folder, "--out=" + reports, "--threads=1", "--shots=1",
            "--splits=2", "--shotReferences=" + references.resolve("elsewhere")}));
    assertTrue(errors.toString(StandardCharsets.UTF_8).contains("not with --splits > 1"),
        errors.toString(StandardCharsets.UTF_8));
  }

  /** {@code bench photos --shots=1} with {@code options} on {@code folder}: its one row; what it printed in {@code text}. */
  private static ShotsBenchmark.Row oneShot(Path folder, Path reports, ByteArrayOutputStream text, String... options)
      throws IOException {
    text.reset();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    List<String> args = new ArrayList<>(List.of("bench", "photos", "--index=" + run.resolve("index"),
        "--photos=" + folder, "--out=" + reports, "--threads=1", "--shots=1"));
    args.addAll(List.of(options));
    assertEquals(BrickBoxCli.OK, new BrickBoxCli(new PrintStream(text, true, StandardCharsets.UTF_8),
        new PrintStream(errors, true, StandardCharsets.UTF_8)).execute(args.toArray(String[]::new)),
        errors.toString(StandardCharsets.UTF_8));
    return Json.read(Files.readAllBytes(reports.resolve("shots.json")), ShotsBenchmark.Row[].class)[0];
  }

  /**
   * --weights with several settings: one table over one embedding of the photos, the index's own weights first, each
   * row the figures a bench run with that one setting prints.
   */
  @Test
  void thePhotographedPartsAreDrawnPerSeedNotTakenInIdOrder() {
    Set<String> ids = new java.util.TreeSet<>();
    for (int i = 0; i < 200; i++) ids.add(String.format(Locale.ROOT, "%04d", 3000 + i));
    Set<String> one = ShotsBenchmark.drawn(ids, 5, 1);
    assertEquals(40, one.size());
    assertTrue(ids.containsAll(one));
    assertEquals(one, ShotsBenchmark.drawn(ids, 5, 1), "the same seed draws the same parts");
    assertNotEquals(one, ShotsBenchmark.drawn(ids, 5, 2), "each split its own");
    assertNotEquals(ShotsBenchmark.everyNth(ids, 5), one);
    // Neighbouring ids are families (3001-3005 are bricks): a part's neighbours are photographed as often as any.
    long photographedNeighbours = ids.stream().filter(id -> one.contains(id)
        && one.contains(String.format(Locale.ROOT, "%04d", Integer.parseInt(id) + 1))).count();
    assertTrue(photographedNeighbours > 0, "every Nth id would never photograph two neighbours");
    assertEquals(ids, ShotsBenchmark.drawn(ids, 1, 7), "one in one: all of them");
    assertEquals(1, ShotsBenchmark.drawn(Set.of("3001", "3002"), 5, 1).size(), "at least one");
  }

  @Test
  void severalWeightsAreComparedOnOneEmbeddingAsSingleRunsScoreThem(@TempDir Path reports) throws Exception {
    String embeddingOnly = "0:1:0";
    String shapeHeavy = "2:0.25:0.05:0.02";
    String printed = benchPhotos("--index=" + run.resolve("index"), "--photos=" + photos, "--out=" + reports,
        "--threads=1", "--weights=" + embeddingOnly + "," + shapeHeavy);
    PhotoBenchmark.WeightsRow[] rows = Json.read(Files.readAllBytes(reports.resolve("weights.json")),
        PhotoBenchmark.WeightsRow[].class);
    assertEquals(3, rows.length, printed);
    assertTrue(rows[0].indexOwn() && !rows[1].indexOwn() && !rows[2].indexOwn(), printed);
    assertTrue(printed.contains("(the index's)"), printed);
    String[] settings = {null, embeddingOnly, shapeHeavy};
    for (int i = 0; i < rows.length; i++) {
      assertEquals(10, rows[i].captures());
      String[] args = settings[i] == null
          ? new String[] {"--index=" + run.resolve("index"), "--photos=" + photos, "--out=" + reports, "--threads=1"}
          : new String[] {"--index=" + run.resolve("index"), "--photos=" + photos, "--out=" + reports, "--threads=1",
              "--weights=" + settings[i]};
      List<String> lines = benchPhotos(args).lines().toList();
      assertEquals(String.format(Locale.ROOT, "photos: fused top-1 %.3f top-5 %.3f single top-1 %.3f over 10 captures "
          + "of 5 parts", rows[i].fusedTop1(), rows[i].fusedTopK(), rows[i].singleTop1()), lines.get(lines.size() - 1),
          "row " + i + " (" + settings[i] + ")");
    }
    assertEquals(0.0, rows[1].weights().shapeWeight());
    assertEquals(0.02, rows[2].weights().viewConfidence());
  }

  /**
   * --baseline: a second run (the tight crop alone) against the first one's report says which captures and photos it
   * fixed and broke; the counts are checked here from the two reports themselves.
   */
  @Test
  void aBaselineReportSaysWhatTheChangeFixedAndBroke(@TempDir Path first, @TempDir Path second) throws Exception {
    benchPhotos("--index=" + run.resolve("index"), "--photos=" + photos, "--out=" + first, "--threads=1");
    String printed = benchPhotos("--index=" + run.resolve("index"), "--photos=" + photos, "--out=" + second,
        "--threads=1", "--cropSet=tight", "--baseline=" + first.resolve("photos.json"));
    PhotoBenchmark.Report before = Json.read(Files.readAllBytes(first.resolve("photos.json")),
        PhotoBenchmark.Report.class);
    PhotoBenchmark.Report now = Json.read(Files.readAllBytes(second.resolve("photos.json")),
        PhotoBenchmark.Report.class);
    int fixed = 0;
    int broken = 0;
    int photoFixed = 0;
    int photoBroken = 0;
    int changed = 0;
    for (int i = 0; i < now.captures().size(); i++) {
      CaptureResult b = before.captures().get(i);
      CaptureResult n = now.captures().get(i);
      assertEquals(b.partId() + "/" + b.capture(), n.partId() + "/" + n.capture(), "the same folder, the same order");
      if (b.rank() != 1 && n.rank() == 1) fixed++;
      if (b.rank() == 1 && n.rank() != 1) broken++;
      if (b.rank() != n.rank()) changed++;
      for (int j = 0; j < n.photos().size(); j++) {
        if (b.photos().get(j).rank() != 1 && n.photos().get(j).rank() == 1) photoFixed++;
        if (b.photos().get(j).rank() == 1 && n.photos().get(j).rank() != 1) photoBroken++;
      }
    }
    PhotoComparison c = now.comparison();
    assertEquals(10, c.captures(), printed);
    assertEquals(0, c.capturesInOne());
    assertEquals(before.scores().fusedTop1(), c.fusedTop1Before(), 1e-12);
    assertEquals(now.scores().fusedTop1(), c.fusedTop1Now(), 1e-12);
    assertEquals(List.of(fixed, broken), List.of(c.fusedTop1().fixed(), c.fusedTop1().broken()), printed);
    assertEquals(List.of(photoFixed, photoBroken), List.of(c.singleTop1().fixed(), c.singleTop1().broken()), printed);
    assertEquals(4 * 5 + 3 + 2, c.photos());
    assertEquals(changed, c.changed().size());
    List<String> lines = printed.lines().toList();
    List<String> expected = c.lines(5);
    assertEquals(expected, lines.subList(lines.size() - 1 - expected.size(), lines.size() - 1),
        "the comparison is printed just before the summary line, which stays last:\n" + printed);
    assertTrue(lines.get(lines.size() - 1).startsWith("photos: fused top-1 "), printed);
    String html = Files.readString(second.resolve("photos.html"));
    assertTrue(html.contains("<h2>Against the baseline</h2>"), "the page shows the comparison");
    assertFalse(Files.readString(first.resolve("photos.html")).contains("Against the baseline"));
  }

  @Test
  void aBaselineThatIsNotAReportIsAUsageErrorBeforeAnythingRuns(@TempDir Path reports) throws IOException {
    Path notAReport = reports.resolve("notes.json");
    Files.writeString(notAReport, "{\"hello\": 1}");
    for (Path baseline : List.of(reports.resolve("missing.json"), notAReport)) {
      ByteArrayOutputStream errors = new ByteArrayOutputStream();
      BrickBoxCli cli = new BrickBoxCli(new PrintStream(new ByteArrayOutputStream()),
          new PrintStream(errors, true, StandardCharsets.UTF_8));
      assertEquals(BrickBoxCli.USAGE, cli.execute(new String[] {"bench", "photos", "--index=" + run.resolve("index"),
          "--photos=" + photos, "--out=" + reports.resolve("out"), "--baseline=" + baseline}));
      assertTrue(errors.toString(StandardCharsets.UTF_8).contains("--baseline: "), errors.toString());
      assertTrue(errors.toString(StandardCharsets.UTF_8).contains(baseline.toString()), errors.toString());
      assertFalse(Files.exists(reports.resolve("out")), "nothing was measured or written");
    }
  }

  /**
   * A calibrated camera (--pixelsPerMm): the part in a photo gets its size in millimetres, which must be what the
   * render's camera says the part spans there (the photo is that render), and the size counts in fusion: the true
   * part's shape share falls when the scale given is three times too large. The index's references carry their
   * sizes; bench photos takes a photo's scale from a calibration file as identify takes it from the option; an index
   * written without sizes, or with sizes measured by the box, refuses a scale with the command that mends it.
   */
  @Test
  void aCameraScaleGivesThePartItsSizeAndTheSizeCountsInFusion(@TempDir Path reports, @TempDir Path oldIndex)
      throws Exception {
    Path render = renders("3001").get(0); // 3001/a_left.jpg is this render as a JPEG
    Path photo = photos.resolve("3001/a_left.jpg");
    RenderRecord record = recordsByImage().get(render);
    assertNotNull(record, "the render's record");
    DecodedImage mask = ImageCodec.decodeGray(Files.readAllBytes(run.resolve(record.mask())));
    double mmPerPixel = ViewCues.mmPerPixel(record);
    // the part's length along it, as the index measures its references' sizes (ViewCues)
    double rendered = ShapeCues.measure(mask.pixels(), mask.width(), mask.height()).length()
        / Math.max(mask.width(), mask.height()) * 64 * mmPerPixel;
    assertTrue(rendered > 20 && rendered < 60, "a 2 x 4 brick (32 x 16 mm, 11.2 mm tall) spans " + rendered + " mm");

    IdentifyReport unscaled = identifyJson(photo.toString());
    IdentifyReport right = identifyJson(photo.toString(), "--pixelsPerMm=" + 1 / mmPerPixel);
    IdentifyReport wrong = identifyJson(photo.toString(), "--pixelsPerMm=" + 3 / mmPerPixel);
    assertNull(unscaled.sizesMm(), "no scale, no size");
    assertEquals(rendered, right.sizesMm().get(0), 0.1 * rendered, "the size the photo path measures");
    assertEquals(right.sizesMm().get(0) / 3, wrong.sizesMm().get(0), 0.01);
    // This small index's fit gives shape no weight; with the proxy's (shape 0.5, scale 0.5) the size must count.
    try (PhotoIdentifier withShape = new PhotoIdentifier(run.resolve("index"), new DjlEngine(null, 1),
        ImageHeader.DEFAULT_MAX_PIXELS, PhotoPreparation.CropSet.DEFAULT, PhotoIdentifier.DEFAULT_POOLING,
        fitted -> FusionWeights.parse("0.5:0.5:0.07", "test").withPhotoWeight(fitted.photoWeight()))) {
      byte[] bytes = Files.readAllBytes(photo);
      double shapeRight = shareOf("3001", withShape, withShape.prepare(bytes, "right", 1 / mmPerPixel));
      double shapeWrong = shareOf("3001", withShape, withShape.prepare(bytes, "wrong", 3 / mmPerPixel));
      double shapeUnscaled = shareOf("3001", withShape, withShape.prepare(bytes, "unscaled"));
      assertTrue(shapeRight > 2 * shapeWrong && shapeUnscaled > 2 * shapeWrong, "shape share " + shapeRight
          + " at the right scale, " + shapeWrong + " three times off, " + shapeUnscaled + " without a scale");
    }
    for (String line : Files.readAllLines(run.resolve("index/references.jsonl"))) {
      assertTrue(Json.read(line, ReferenceView.class).size() > 0, "every rendered reference has a size: " + line);
    }

    Path calibration = reports.resolve("scales.tsv");
    Files.writeString(calibration, "3001/a_left.jpg\t" + 3 / mmPerPixel + "\n");
    benchPhotos("--index=" + run.resolve("index"), "--photos=" + photos, "--out=" + reports, "--threads=1",
        "--calibration=" + calibration);
    PhotoBenchmark.Report report = Json.read(Files.readAllBytes(reports.resolve("photos.json")),
        PhotoBenchmark.Report.class);
    CaptureResult.PhotoResult scaled = report.captures().stream().flatMap(c -> c.photos().stream())
        .filter(p -> p.path().equals(photo.toString())).findFirst().orElseThrow();
    try (PhotoIdentifier identifier = new PhotoIdentifier(run.resolve("index"), new DjlEngine(null, 1))) {
      var prepared = identifier.prepare(Files.readAllBytes(photo), photo.toString(), 3 / mmPerPixel);
      var alone = identifier.fuse(identifier.embed(List.of(prepared)), 5).identification();
      assertEquals(alone.rankOf("3001"), scaled.rank(), "the calibrated photo is ranked as identify ranks it");
    }

    for (Path file : List.of(Path.of("index.json"), Path.of("references.jsonl"), Path.of("vectors.npy"))) {
      Files.copy(run.resolve("index").resolve(file), oldIndex.resolve(file));
    }
    Files.writeString(oldIndex.resolve("references.jsonl"),
        Files.readString(oldIndex.resolve("references.jsonl")).replaceAll(",\"sizeMm\":[0-9.E-]+", ""));
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int code = new BrickBoxCli(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(errors, true, StandardCharsets.UTF_8)).execute(new String[] {"identify", "--index=" + oldIndex,
        "--json", "--pixelsPerMm=10", photo.toString()});
    String message = errors.toString(StandardCharsets.UTF_8);
    assertEquals(BrickBoxCli.USAGE, code, message);
    assertTrue(message.contains("holds no sizes") && message.contains("./brickbox run"), message);

    // An index whose sizes are bounding boxes (written before 2026-12-07): a photo's length does not compare with them.
    Files.copy(run.resolve("index").resolve("references.jsonl"), oldIndex.resolve("references.jsonl"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    String manifest = Files.readString(oldIndex.resolve("index.json"));
    String boxes = manifest.replaceAll(",\\s*\"sizeMeasure\"\\s*:\\s*\"length\"", "");
    assertTrue(boxes.length() < manifest.length(), "the index records how its sizes were measured: " + manifest);
    Files.writeString(oldIndex.resolve("index.json"), boxes);
    errors.reset();
    code = new BrickBoxCli(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(errors, true, StandardCharsets.UTF_8)).execute(new String[] {"identify", "--index=" + oldIndex,
        "--json", "--pixelsPerMm=10", photo.toString()});
    message = errors.toString(StandardCharsets.UTF_8);
    assertEquals(BrickBoxCli.USAGE, code, message);
    assertTrue(message.contains("bounding boxes") && message.contains("./brickbox run"), message);
  }

  /**
   * calibrate: each usable photo of a part the index has gives an estimate of its camera's scale, and the estimates
   * must be near the truth (the photos are renders, whose cameras are known); photos it cannot use are named with
   * why, and the scales per side are the medians of their photos'.
   */
  @Test
  void calibrateEstimatesEachPhotosCameraScaleFromItsKnownPart(@TempDir Path reports) throws Exception {
    Path report = reports.resolve("calibration.json");
    Path calibration = reports.resolve("scales.tsv");
    String printed = calibrate("--photos=" + photos, "--out=" + report, "--calibration=" + calibration);
    CameraScaleFit.Report r = Json.read(Files.readAllBytes(report), CameraScaleFit.Report.class);
    assertTrue(r.labelled());
    for (CameraScaleFit.PhotoEstimate e : r.estimates()) {
      assertEquals(Path.of(e.photo()).getParent().getFileName().toString(), e.partId(), "the label's part: " + e);
      assertEquals(e.partId(), e.label());
    }
    assertEstimatesNearTheTruth(r, photo -> photo.getParent().getFileName().toString(),
        photo -> photo.getFileName().toString(), printed);
    assertTrue(r.unused().stream().anyMatch(u -> u.startsWith(corrupt.toString())), printed);
    assertTrue(r.unused().stream().anyMatch(u -> u.contains("part " + UNKNOWN + " has no rendered view")), printed);
    CameraScaleFit.Scale all = r.scales().get(r.scales().size() - 1);
    assertEquals("all", all.side());
    assertEquals(r.estimates().size(), all.photos());
    assertTrue(all.lowerQuartile() <= all.pixelsPerMm() && all.pixelsPerMm() <= all.upperQuartile());

    // --calibration: every photo of the folder its side's scale, in the format bench photos --calibration reads.
    PhotoFolder folder = PhotoFolder.scan(photos);
    Map<Path, Double> scales = folder.readScales(calibration);
    assertEquals(folder.captures().stream().mapToInt(c -> c.photos().size()).sum(), scales.size());
    for (var scale : scales.entrySet()) {
      String side = PhotoFolder.nameOf(scale.getKey().getFileName().toString()).side();
      assertEquals(CameraScaleFit.scaleOf(r.scales(), side), scale.getValue(), 1e-4, scale.getKey().toString());
    }
    assertTrue(benchPhotos("--index=" + run.resolve("index"), "--photos=" + photos, "--calibration=" + calibration,
        "--out=" + reports.resolve("bench"), "--threads=1").contains("fused"), "bench photos reads calibrate's file");
  }

  /**
   * calibrate on a machine's unlabelled photos (the same photos, no part folders): each capture's answer, identified
   * without a scale, stands for its part, and the estimates must still be near the truth; a labelled folder with
   * --unlabelled sets its labels aside and says how often the answers agree with them.
   */
  @Test
  void calibrateWithoutLabelsTakesEachCapturesAnswerAsItsPart(@TempDir Path unlabelled, @TempDir Path reports)
      throws Exception {
    for (String part : PARTS) {
      try (Stream<Path> files = Files.list(photos.resolve(part))) {
        for (Path photo : files.filter(f -> f.toString().matches(".*/[ab]_\\w+\\.jpe?g")).toList()) {
          Files.copy(photo, unlabelled.resolve(part + "-" + photo.getFileName()));
        }
      }
    }
    Path report = reports.resolve("unlabelled.json");
    String printed = calibrate("--photos=" + unlabelled, "--out=" + report);
    assertTrue(printed.contains("no labels: each capture identified without a scale"), printed);
    CameraScaleFit.Report r = Json.read(Files.readAllBytes(report), CameraScaleFit.Report.class);
    assertFalse(r.labelled());
    assertTrue(r.estimates().stream().allMatch(e -> e.label() == null), printed);
    long right = r.estimates().stream().filter(e -> Path.of(e.photo()).getFileName().toString()
        .startsWith(e.partId() + "-")).count();
    assertTrue(right * 2 > r.estimates().size(), "captures' answers, right on most of the run's own renders: " + printed);
    Function<Path, String> name = photo -> photo.getFileName().toString().replaceFirst("^[^-]+-", "");
    assertEstimatesNearTheTruth(r, photo -> photo.getFileName().toString().replaceFirst("-.*", ""), name, printed);

    Path labelsAside = reports.resolve("labels-aside.json");
    printed = calibrate("--photos=" + photos, "--unlabelled", "--out=" + labelsAside);
    CameraScaleFit.Report aside = Json.read(Files.readAllBytes(labelsAside), CameraScaleFit.Report.class);
    assertFalse(aside.labelled());
    long agree = aside.estimates().stream().filter(e -> e.partId().equals(e.label())).count();
    assertTrue(printed.contains("labels set aside (--unlabelled)")
        && printed.contains("the answers agree with the folder's labels on " + agree + " of "
        + aside.estimates().size() + " estimates"), printed);
  }

  private static String calibrate(String... options) {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    String[] args = Stream.concat(Stream.of("calibrate", "--index=" + run.resolve("index"), "--threads=1"),
        Stream.of(options)).toArray(String[]::new);
    int code = new BrickBoxCli(new PrintStream(text, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).execute(args);
    String printed = text.toString(StandardCharsets.UTF_8);
    assertEquals(BrickBoxCli.OK, code, printed);
    return printed;
  }

  /**
   * The estimates against each photo's true scale (the photos are renders, whose cameras are known): at least 6, and
   * their median error under 10 %.
   *
   * @param partOf the part a photo shows
   * @param fileOf the photo's file name in the labelled folder, which says which render it was made from
   */
  private static void assertEstimatesNearTheTruth(CameraScaleFit.Report r, Function<Path, String> partOf,
      Function<Path, String> fileOf, String printed) throws IOException {
    Map<Path, RenderRecord> records = recordsByImage();
    List<Double> errors = new ArrayList<>();
    for (CameraScaleFit.PhotoEstimate e : r.estimates()) {
      Path photo = Path.of(e.photo());
      int source = List.of("a_left", "a_right", "a_under", "b_1", "b_2").indexOf(
          fileOf.apply(photo).replaceFirst("\\.[a-z]+$", ""));
      Path render = renders(partOf.apply(photo)).get(new int[] {0, 2, 4, 5, 7}[source]);
      double truth = 1 / ViewCues.mmPerPixel(records.get(render));
      errors.add(Math.abs(Math.log(e.pixelsPerMm() / truth)));
    }
    errors.sort(null);
    // The test's renders are framed like close-up photos: most cut the part at the border and give no estimate.
    assertTrue(errors.size() >= 6, "photos of indexed parts whole in the frame: " + printed);
    assertTrue(errors.get(errors.size() / 2) < 0.1, "median error of the estimates " + errors + "\n" + printed);
  }

  private static Map<Path, RenderRecord> recordsByImage() throws IOException {
    Map<Path, RenderRecord> records = new HashMap<>();
    try (Stream<Path> shards = Files.list(run.resolve("records"))) {
      for (Path shard : shards.filter(f -> f.getFileName().toString().startsWith("renders-")).toList()) {
        for (String line : Files.readAllLines(shard)) {
          RenderRecord r = Json.read(line, RenderRecord.class);
          records.put(run.resolve(r.image()), r);
        }
      }
    }
    return records;
  }

  private static double shareOf(String part, PhotoIdentifier identifier, PhotoIdentifier.PreparedPhoto photo) {
    return identifier.fuse(identifier.embed(List.of(photo)), 5).identification().candidates().stream()
        .filter(c -> c.partId().equals(part)).findFirst().orElseThrow().shape();
  }

  private static IdentifyReport identifyJson(String... args) throws IOException {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    String[] all = Stream.concat(Stream.of("identify", "--index=" + run.resolve("index"), "--json", "--threads=1"),
        Stream.of(args)).toArray(String[]::new);
    int code = new BrickBoxCli(new PrintStream(text, true, StandardCharsets.UTF_8),
        new PrintStream(errors, true, StandardCharsets.UTF_8)).execute(all);
    assertEquals(BrickBoxCli.OK, code, errors.toString(StandardCharsets.UTF_8));
    return Json.read(text.toByteArray(), IdentifyReport.class);
  }

  private static String benchPhotos(String... options) {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    String[] args = Stream.concat(Stream.of("bench", "photos"), Stream.of(options)).toArray(String[]::new);
    int code = new BrickBoxCli(new PrintStream(text, true, StandardCharsets.UTF_8),
        new PrintStream(errors, true, StandardCharsets.UTF_8)).execute(args);
    String printed = text.toString(StandardCharsets.UTF_8);
    assertEquals(BrickBoxCli.OK, code, errors.toString(StandardCharsets.UTF_8) + printed);
    return printed;
  }

  @Test
  void anEmptyFolderAndAnUnknownOptionAreUsageErrors(@TempDir Path empty) {
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    BrickBoxCli cli = new BrickBoxCli(new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(errors, true, StandardCharsets.UTF_8));
    assertEquals(BrickBoxCli.USAGE, cli.execute(new String[] {"bench", "photos", "--index=" + run.resolve("index"),
        "--photos=" + empty}));
    assertTrue(errors.toString(StandardCharsets.UTF_8).contains("no photos in " + empty), errors.toString());
    errors.reset();
    assertEquals(BrickBoxCli.USAGE, cli.execute(new String[] {"bench", "photos", "--index=" + run.resolve("index"),
        "--photos=" + photos, "--tpo=3"}));
    assertTrue(errors.toString(StandardCharsets.UTF_8).contains("unknown option --tpo"), errors.toString());
    errors.reset();
    assertEquals(BrickBoxCli.USAGE, cli.execute(new String[] {"bench", "photos", "--index=" + run.resolve("index"),
        "--photos=" + photos, "--weights=0.5:0.25"}));
    assertTrue(errors.toString(StandardCharsets.UTF_8).contains(
        "--weights must be SHAPE_WEIGHT:SHAPE_SCALE:POOL_TEMPERATURE[:VIEW_CONFIDENCE], was '0.5:0.25'"),
        errors.toString());
    errors.reset();
    assertEquals(BrickBoxCli.USAGE, cli.execute(new String[] {"bench", "photos", "--index=" + run.resolve("index"),
        "--photos=" + photos, "--shotReferences=" + empty}));
    assertTrue(errors.toString(StandardCharsets.UTF_8).contains("give --shots too"), errors.toString());
  }
}
