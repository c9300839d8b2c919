package org.brickbox.pipeline.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.brickbox.embed.DjlEngine;
import org.brickbox.fuse.Accuracy;
import org.brickbox.fuse.ReferenceView;
import org.brickbox.fuse.TestPhotos;
import org.brickbox.io.image.DecodedImage;
import org.brickbox.io.image.HostileImages;
import org.brickbox.io.ldraw.LDrawLibrary;
import org.brickbox.render.RenderedView;
import org.brickbox.io.manifest.Manifest;
import org.brickbox.io.records.FailureRecord;
import org.brickbox.io.records.JsonLines;
import org.brickbox.pipeline.PhotoPlan;
import org.brickbox.pipeline.PipelineRuns;
import org.brickbox.pipeline.cli.BrickBoxCli;
import org.brickbox.pipeline.identify.PhotoIdentifier;
import org.brickbox.stages.fuse.PhotoReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --photos=DIR}: a user's labelled photos join the index as photo reference views in the same graph,
 * unusable files are dead letters with the reason, and a rerun prepares and embeds only the photos that are new.
 */
class PhotoReferencesPipelineTest {
  static final String PARTS = "3001,3023,3062b";

  @Test
  void labelledPhotosBecomeReferencesAndARerunEmbedsOnlyNewOnes(@TempDir Path out, @TempDir Path photos)
      throws Exception {
    Path libraryDir = PipelineRuns.installedLibrary();
    LDrawLibrary library = LDrawLibrary.shared(libraryDir);
    // Photos of 6141 (a part the run does not render) labelled "3001", five captures: only its photo references can
    // say 3001, and each capture shows the photo weight's fit that the others are right only if photos count; five
    // such captures are a gain the fit's sign test cannot call luck (two were).
    String[] captures = {"mine", "again", "third", "fourth", "fifth"};
    for (int c = 0; c < captures.length; c++) { // eight views: the fifth capture is a blue 6141
      write(photos.resolve("3001/" + captures[c] + "_top.jpg"), library, "6141", c < 4 ? 4 : 1, 2 * (c % 4) + 1);
      write(photos.resolve("3001/" + captures[c] + "_side.jpg"), library, "6141", c < 4 ? 4 : 1, 2 * (c % 4));
    }
    write(photos.resolve("3023/a_1.jpg"), library, "3023", 1, 2);
    // A close-up that cuts the part on every side: a reference without a silhouette.
    RenderedView brick = TestPhotos.render(library, "3001", 4, 2);
    int side = brick.width() / 3;
    byte[] closeUp = new byte[side * side * 3];
    for (int y = 0; y < side; y++) {
      System.arraycopy(brick.rgb(), ((y + side) * brick.width() + side) * 3, closeUp, y * side * 3, side * 3);
    }
    Files.write(photos.resolve("3001/close_1.jpg"), TestPhotos.jpeg(new DecodedImage(side, side, 3, closeUp)));
    Files.writeString(photos.resolve("3023/notes.txt"), "bought in 2024");
    Files.write(photos.resolve("3023/broken_1.jpg"), "not a JPEG".getBytes(StandardCharsets.US_ASCII));
    // Over the limits: a small PNG declaring 30,000 x 30,000 pixels, and a file over --maxPhotoBytes.
    Files.write(photos.resolve("3023/bomb_1.png"), HostileImages.pngDeclaring(30_000, 30_000));
    Files.write(photos.resolve("3023/huge_1.jpg"), new byte[150_000]);
    String[] args = {"--ldrawDir=" + libraryDir, "--out=" + out, "--parts=" + PARTS, "--views=8", "--imageSize=64",
        "--fuseQueryViews=2", "--fuseValidationViews=2", "--qa=false", "--photos=" + photos,
        "--maxPhotoBytes=100000"};

    Manifest first = PipelineRuns.run(args);
    assertEquals(14L, first.counts().get("photos.planned"), "the broken photo and the bomb too (the over-size file "
        + "is never read): " + first.counts());
    assertEquals(12L, first.counts().get("fuse.photo_reference.ok"), first.counts().toString());
    assertEquals(1L, first.counts().get("fuse.build_index.ok"), first.counts().toString());
    assertEquals(0L, first.counts().get("photos.reused"));
    assertEquals(14L, first.counts().get(org.brickbox.triggers.RetrainRules.UNTRAINED_PHOTOS), "new data to train on");
    assertTrue(first.versions().containsKey("photos"), "the photo set is a version: " + first.versions());
    List<ReferenceView> references = JsonLines.read(out.resolve("index/references.jsonl"), ReferenceView.class);
    Map<String, ReferenceView> photoRefs = references.stream().filter(ReferenceView::photo)
        .collect(Collectors.toMap(ReferenceView::key, Function.identity()));
    assertEquals(List.of("photo/3001/again_side.jpg", "photo/3001/again_top.jpg", "photo/3001/close_1.jpg",
        "photo/3001/fifth_side.jpg", "photo/3001/fifth_top.jpg", "photo/3001/fourth_side.jpg",
        "photo/3001/fourth_top.jpg", "photo/3001/mine_side.jpg", "photo/3001/mine_top.jpg", "photo/3001/third_side.jpg",
        "photo/3001/third_top.jpg", "photo/3023/a_1.jpg"), photoRefs.keySet().stream().sorted().toList());
    assertEquals(null, photoRefs.get("photo/3001/close_1.jpg").shape(), "cut by the border: no silhouette");
    assertEquals(references.stream().filter(r -> !r.photo() && r.partId().equals("3023")).findFirst().orElseThrow()
        .description(), photoRefs.get("photo/3023/a_1.jpg").description(), "the part's description, from LDraw");
    assertTrue(references.stream().filter(r -> !r.photo()).count() >= 3 * 4, "the renders' references are there");

    List<FailureRecord> failures = JsonLines.read(out.resolve("failures.jsonl"), FailureRecord.class);
    assertTrue(failures.stream().anyMatch(f -> f.key().equals("photo/3023/broken_1.jpg")
        && f.message().contains("unusable photo")), failures.toString());
    assertTrue(failures.stream().anyMatch(f -> f.key().endsWith("3023/notes.txt") && f.message().contains("not a photo")),
        failures.toString());
    assertTrue(failures.stream().anyMatch(f -> f.key().equals("photo/3023/bomb_1.png") && f.message().contains(
        "30000 × 30000 = 900,000,000 pixels, over the limit of 50,000,000")), failures.toString());
    assertTrue(failures.stream().anyMatch(f -> f.key().endsWith("3023/huge_1.jpg") && f.message().contains(
        "file is 150000 bytes, over the limit of 100000 bytes per photo (--maxPhotoBytes)")), failures.toString());
    List<PhotoReference> records = JsonLines.readAll(out.resolve("records"), "photos", ".jsonl",
        PhotoReference.class);
    assertEquals(12, records.size());
    for (PhotoReference r : records) {
      assertEquals(first.versions().get("embedModelVersion"), r.modelVersion());
      assertEquals(org.brickbox.fuse.PhotoPreparation.VERSION, r.preparation());
      for (String crop : r.crops()) assertTrue(Files.isRegularFile(out.resolve(crop)), crop);
    }

    // The photo weight is fitted on the photos themselves: as a photographed part, 3001's six captures (five of 6141,
    // the close-up) each left out once; 3023 has one capture, which nothing else of 3023 could be checked against.
    // Left out, each 6141 capture is 3001 only by the others' photos. As parts not photographed, every capture
    // (3001's six, 3023's one) with all its part's photos left out. The gain over weight 0 is significant: used.
    Accuracy.PhotoWeightFit photoFit = first.section("accuracy", Accuracy.class).fit().photos();
    assertEquals(6, photoFit.captures(), photoFit.toString());
    assertEquals(7L, photoFit.unphotographedCaptures(), photoFit.toString());
    assertTrue(photoFit.test().accepted() && photoFit.photoWeight() > 0, photoFit.toString());
    assertTrue(photoFit.hitsByWeight().get(photoFit.photoWeight()) >= 5, photoFit.toString());
    // every weight tried is in the manifest with what it got right in each case, the chosen one's counts among them
    assertEquals(9, photoFit.hitsByWeight().size(), photoFit.toString());
    assertEquals(photoFit.hitsByWeight().keySet(), photoFit.unphotographedHitsByWeight().keySet());
    assertEquals(photoFit.hits(), photoFit.hitsByWeight().get(photoFit.photoWeight())
        + photoFit.unphotographedHitsByWeight().get(photoFit.photoWeight()), photoFit.toString());
    assertEquals(photoFit.defaultHits(), photoFit.hitsByWeight().get(0.25)
        + photoFit.unphotographedHitsByWeight().get(0.25), photoFit.toString());

    // identify answers "3001" for the photo of 6141 it was told is 3001, which no render could.
    try (PhotoIdentifier identifier = new PhotoIdentifier(out.resolve("index"), new DjlEngine(null, 1))) {
      assertEquals(photoFit.photoWeight(), identifier.weights().photoWeight(), "the index keeps the fitted weight");
      var answer = identifier.identify(List.of(Files.readAllBytes(photos.resolve("3001/mine_top.jpg"))),
          List.of("mine_top.jpg"), 3);
      assertEquals("3001", answer.identification().best(), photoFit.toString());
    }

    PhotoPlan.Parts photographed = first.section(PhotoPlan.Parts.SECTION, PhotoPlan.Parts.class);
    assertEquals(new PhotoPlan.Parts(2, List.of(), List.of()), photographed, "both photographed parts are rendered");

    // New photos: the twelve before are reused as they were; the new ones are prepared and embedded (and the broken
    // one and the bomb are tried again: they have no reference to reuse). One is in a folder named with a typo: a
    // part of its own, indexed from its photo alone, which the run's summary names.
    write(photos.resolve("3062b/b_1.jpg"), library, "3062b", 14, 5);
    write(photos.resolve("3O23/c_1.jpg"), library, "3023", 14, 5);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    String[] command = java.util.stream.Stream.concat(java.util.stream.Stream.of("run"), java.util.Arrays.stream(args))
        .toArray(String[]::new);
    assertEquals(BrickBoxCli.OK, new BrickBoxCli(new PrintStream(printed, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).execute(command));
    Manifest second = Manifest.read(out.toString());
    assertEquals(new PhotoPlan.Parts(4, List.of("3O23"), List.of("3O23")),
        second.section(PhotoPlan.Parts.SECTION, PhotoPlan.Parts.class));
    String summary = printed.toString(StandardCharsets.UTF_8);
    assertTrue(summary.contains("Photos of 1 part(s) this run does not render, indexed from their photos alone: 3O23")
        && summary.contains("not LDraw part ids (a part the library lacks, or a mistyped folder name?): 3O23"),
        summary);
    ByteArrayOutputStream status = new ByteArrayOutputStream();
    assertEquals(BrickBoxCli.OK, new BrickBoxCli(new PrintStream(status, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).execute(new String[] {"status",
        "--out=" + out}));
    assertTrue(status.toString(StandardCharsets.UTF_8).contains(
        "photos: 4 part(s) photographed, indexed from their photos alone: 3O23; not LDraw part ids: 3O23"),
        status.toString(StandardCharsets.UTF_8));
    assertEquals(4L, second.counts().get("photos.planned"), second.counts().toString());
    assertEquals(2L, second.counts().get("fuse.photo_reference.ok"), second.counts().toString());
    assertEquals(12L, second.counts().get("photos.reused"));
    assertFalse(second.versions().get("photos").equals(first.versions().get("photos")));
    List<PhotoReference> again = JsonLines.readAll(out.resolve("records"), "photos", ".jsonl", PhotoReference.class);
    assertEquals(14, again.size());
    for (PhotoReference before : records) {
      PhotoReference after = again.stream().filter(r -> r.key().equals(before.key())).findFirst().orElseThrow();
      assertTrue(java.util.Arrays.equals(before.vector(), after.vector()), before.key());
    }
    assertEquals(14, JsonLines.read(out.resolve("index/references.jsonl"), ReferenceView.class).stream()
        .filter(ReferenceView::photo).count());

    // Without --photos the index has no photo references, and their records and crops are gone with them.
    String[] withoutPhotos = java.util.Arrays.stream(args).filter(a -> !a.startsWith("--photos=")).toArray(String[]::new);
    Manifest third = PipelineRuns.run(withoutPhotos);
    assertFalse(third.versions().containsKey("photos"), third.versions().toString());
    assertEquals(null, third.section("accuracy", Accuracy.class).fit().photos(), "no photos, no photo weight fit");
    assertEquals(0, JsonLines.read(out.resolve("index/references.jsonl"), ReferenceView.class).stream()
        .filter(ReferenceView::photo).count());
    assertFalse(Files.exists(out.resolve("records/photos.jsonl")), "stale photo references left behind");
    for (PhotoReference r : again) {
      for (String crop : r.crops()) assertFalse(Files.exists(out.resolve(crop)), "stale crop " + crop);
    }
  }

  @Test
  void aCalibratedCamerasPhotosCarryThePartsSizeAndANewCalibrationEmbedsNothingAgain(@TempDir Path out,
      @TempDir Path photos, @TempDir Path elsewhere) throws Exception {
    Path libraryDir = PipelineRuns.installedLibrary();
    LDrawLibrary library = LDrawLibrary.shared(libraryDir);
    write(photos.resolve("3001/a_top.jpg"), library, "3001", 4, 1);
    write(photos.resolve("3001/a_side.jpg"), library, "3001", 4, 3);
    write(photos.resolve("3023/b_1.jpg"), library, "3023", 1, 2);
    Path calibration = elsewhere.resolve("calibration.tsv");
    Files.writeString(calibration, "# the side camera stands closer\n3001/a_side.jpg\t4.0\n");
    String[] args = {"--ldrawDir=" + libraryDir, "--out=" + out, "--parts=3001,3023", "--views=8", "--imageSize=64",
        "--fuseQueryViews=2", "--fuseValidationViews=2", "--qa=false", "--photos=" + photos,
        "--photosCalibration=" + calibration, "--photosPixelsPerMm=2.5"};

    Manifest first = PipelineRuns.run(args);
    assertEquals(3L, first.counts().get("fuse.photo_reference.ok"), first.counts().toString());
    Map<String, Double> scales = Map.of("3001/a_top.jpg", 2.5, "3001/a_side.jpg", 4.0, "3023/b_1.jpg", 2.5);
    Map<String, ReferenceView> sized = photoReferences(out);
    try (PhotoIdentifier identifier = new PhotoIdentifier(out.resolve("index"), new DjlEngine(null, 1))) {
      for (var e : scales.entrySet()) {
        // The size identify measures for the same photo at the same scale: the reference and a query compare alike.
        double measured = identifier.prepare(Files.readAllBytes(photos.resolve(e.getKey())), e.getKey(), e.getValue())
            .sizeMm();
        assertTrue(measured > 5, e.getKey() + " " + measured);
        assertEquals(measured, sized.get("photo/" + e.getKey()).sizeMm(), 1e-3, e.getKey());
      }
    }

    // The camera measured again: every size changes with the scale, and nothing is prepared or embedded again.
    String[] recalibrated = java.util.Arrays.stream(args).filter(a -> !a.startsWith("--photosCalibration="))
        .map(a -> a.startsWith("--photosPixelsPerMm=") ? "--photosPixelsPerMm=5" : a).toArray(String[]::new);
    Manifest second = PipelineRuns.run(recalibrated);
    assertEquals(3L, second.counts().get("photos.reused"), second.counts().toString());
    assertEquals(0L, second.counts().getOrDefault("fuse.photo_reference.ok", 0L), second.counts().toString());
    assertEquals(0L, second.counts().getOrDefault("photos.planned", 0L), second.counts().toString());
    assertFalse(second.versions().get("photos").equals(first.versions().get("photos")), "a new calibration is news");
    Map<String, ReferenceView> resized = photoReferences(out);
    for (var e : scales.entrySet()) {
      String key = "photo/" + e.getKey();
      assertEquals(sized.get(key).sizeMm() * e.getValue() / 5, resized.get(key).sizeMm(), 1e-3, key);
    }

    // A calibration naming a photo the folder lacks, and a scale without photos, are refused before anything runs.
    Files.writeString(calibration, "3001/a_front.jpg\t4.0\n");
    IllegalArgumentException unknown = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> PipelineRuns.run(args));
    assertTrue(unknown.getMessage().contains("line 1: 3001/a_front.jpg is not a photo of the folder"),
        unknown.getMessage());
    String[] noPhotos = java.util.Arrays.stream(recalibrated).filter(a -> !a.startsWith("--photos=")).toArray(String[]::new);
    IllegalArgumentException alone = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> PipelineRuns.run(noPhotos));
    assertTrue(alone.getMessage().contains("they need --photos=DIR"), alone.getMessage());
  }

  private static Map<String, ReferenceView> photoReferences(Path out) throws Exception {
    return JsonLines.read(out.resolve("index/references.jsonl"), ReferenceView.class).stream()
        .filter(ReferenceView::photo).collect(Collectors.toMap(ReferenceView::key, Function.identity()));
  }

  private static void write(Path file, LDrawLibrary library, String part, int colour, int view) throws Exception {
    Files.createDirectories(file.getParent());
    Files.write(file, TestPhotos.jpeg(TestPhotos.onBackdrop(TestPhotos.render(library, part, colour, view), 320, 240,
        80, 40)));
  }
}
