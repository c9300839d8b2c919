package org.brickbox.pipeline.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.brickbox.embed.DjlEngine;
import org.brickbox.fuse.Accuracy;
import org.brickbox.fuse.TestPhotos;
import org.brickbox.io.image.DecodedImage;
import org.brickbox.io.ldraw.LDrawLibrary;
import org.brickbox.io.manifest.Manifest;
import org.brickbox.io.records.Json;
import org.brickbox.io.records.JsonLines;
import org.brickbox.pipeline.BrickBoxOptions;
import org.brickbox.pipeline.BrickBoxPipeline;
import org.brickbox.pipeline.PipelineRuns;
import org.brickbox.pipeline.cli.BrickBoxCli;
import org.brickbox.pipeline.identify.PhotoIdentifier;
import org.brickbox.qa.QaRecord;
import org.brickbox.stages.fuse.FuseQueryRecord;
import org.brickbox.stages.fuse.IndexManifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole graph on the DirectRunner for eight real parts: render, embed, build the index, identify held-out
 * views; then photos made from renders in another colour are identified with {@code ./brickbox identify}.
 */
class FusePipelineTest {
  static final String PARTS = "3001,3023,3062b,2780,3040b,6141,3069b,32523";
  @TempDir static Path out;
  static Path library;
  static Manifest manifest;

  @BeforeAll
  static void runTheGraph() {
    library = PipelineRuns.installedLibrary();
    PipelineOptionsFactory.register(BrickBoxOptions.class);
    manifest = BrickBoxPipeline.run(PipelineOptionsFactory.fromArgs("--ldrawDir=" + library, "--out=" + out,
        "--parts=" + PARTS, "--views=16", "--imageSize=96", "--fuseQueryViews=3", "--fuseValidationViews=3")
        .withValidation().as(BrickBoxOptions.class));
  }

  @Test
  void heldOutViewsAreIdentifiedFarAboveChanceAndTheIndexIsWritten() throws Exception {
    assertEquals("completed", manifest.stages().get(2).status(), "fuse");
    Accuracy a = manifest.section("accuracy", Accuracy.class);
    assertEquals(8, a.parts());
    // 16 views a part: 3 queries, 3 validation, 10 references, less the views QA quarantined (photographic renders
    // of a part cut by the border or unlike its other views), which are kept out of all three.
    long quarantined = JsonLines.read(out.resolve("qa/quarantine.jsonl"), QaRecord.class).size();
    assertTrue(quarantined <= 16, quarantined + " of 128 views quarantined");
    assertEquals(8 * 16 - quarantined, a.references() + a.queries() + a.validationEmbeddingOnly().queries());
    assertTrue(a.references() >= 8 * 10 - quarantined && a.queries() >= 8 * 3 - quarantined, a.toString());
    // Chance is 1/8 top-1 and 5/8 top-5.
    assertTrue(a.embeddingOnly().top1() >= 0.6, "embedding-only top-1 " + a.embeddingOnly().top1());
    assertTrue(a.fusedSingleView().top1() >= 0.6, "fused top-1 " + a.fusedSingleView().top1());
    assertTrue(a.fusedMultiView().top1() >= 0.6, "fused 3-view top-1 " + a.fusedMultiView().top1());
    assertTrue(a.fusedMultiView().queries() >= 8 - quarantined, "one group per part with its three query views");
    assertEquals("exact", a.searchMode());

    List<FuseQueryRecord> queries = JsonLines.read(out.resolve("fuse/queries.jsonl"), FuseQueryRecord.class);
    assertEquals(a.queries(), queries.size());
    long right = queries.stream().filter(q -> q.rank() == 1).count();
    assertEquals(a.fusedSingleView().top1(), right / (double) queries.size(), 1e-9, "records and manifest agree");
    assertTrue(queries.stream().allMatch(q -> q.candidates().size() == 5 && q.predictedColour() != null));

    IndexManifest index = Json.read(Files.readAllBytes(out.resolve("index/index.json")), IndexManifest.class);
    assertEquals(manifest.versions().get("embedModelVersion"), index.modelVersion());
    // The versions an incremental rerun compares before it skips the graph: a new Fuse or QA must rebuild.
    assertEquals(org.brickbox.stages.fuse.FuseStage.VERSION, manifest.versions().get("fuse"));
    assertEquals(org.brickbox.stages.qa.QaStage.VERSION, manifest.versions().get("qa"));
    assertEquals(a.references(), index.references());
    assertTrue(manifest.outputHashes().containsKey("index/vectors.npy"), "the manifest hashes the index");
  }

  /** Photos of one part in a colour the index may not hold, three sides, JPEG with EXIF, PNG, WebP-free. */
  static List<byte[]> photosOf(String part, int colour) {
    LDrawLibrary lib = LDrawLibrary.shared(library);
    List<byte[]> photos = new ArrayList<>();
    for (int view : new int[] {1, 4, 6}) {
      DecodedImage photo = TestPhotos.onBackdrop(TestPhotos.render(lib, part, colour, view), 720, 540, 300, 200);
      photos.add(TestPhotos.withExifOrientation(TestPhotos.jpeg(photo), view == 4 ? 6 : 1));
    }
    return photos;
  }

  @Test
  void photosOfAPartAreIdentifiedAgainstTheIndex() {
    int correct = 0;
    int inTopFive = 0;
    try (PhotoIdentifier identifier = new PhotoIdentifier(out.resolve("index"), new DjlEngine(null, 0))) {
      for (String part : PARTS.split(",")) {
        var answer = identifier.identify(photosOf(part, 14), List.of("a.jpg", "b.jpg", "c.jpg"), 5);
        if (part.equals(answer.identification().best())) correct++;
        if (answer.identification().rankOf(part) > 0) inTopFive++;
        assertEquals(5, answer.identification().candidates().size());
      }
    }
    // Chance: 1/8 first, 5/8 in the top five.
    assertTrue(correct >= 4, correct + " of 8 parts identified first from three photos");
    assertTrue(inTopFive >= 7, inTopFive + " of 8 parts in the top five");
  }

  @Test
  void identifyCommandPrintsTheTopFiveAndFailsClearlyOnUnusablePhotos(@TempDir Path photos) throws Exception {
    List<byte[]> three = photosOf("3001", 1);
    for (int i = 0; i < 3; i++) Files.write(photos.resolve("p" + i + ".jpg"), three.get(i));
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    BrickBoxCli cli = new BrickBoxCli(new PrintStream(text, true, StandardCharsets.UTF_8),
        new PrintStream(errors, true, StandardCharsets.UTF_8));
    Path crops = photos.resolve("crops");
    int code = cli.execute(new String[] {"identify", "--index", out.resolve("index").toString(),
        photos.resolve("p0.jpg").toString(), photos.resolve("p1.jpg").toString(), photos.resolve("p2.jpg").toString(),
        "--json", "--crops=" + crops});
    assertEquals(BrickBoxCli.OK, code, errors.toString(StandardCharsets.UTF_8));
    var json = Json.mapper().readTree(text.toString(StandardCharsets.UTF_8));
    assertEquals(5, json.get("candidates").size());
    assertTrue(json.get("candidates").get(0).has("description"));
    // How each photo was used: segmentation method, confidence, box and the crops embedded.
    assertEquals(3, json.get("segmentation").size());
    for (var photo : json.get("segmentation")) {
      assertEquals("grabcut", photo.get("method").asText(), photo.toString());
      assertTrue(photo.get("confidence").asDouble() >= 0.55, photo.toString());
      assertTrue(photo.get("box").get("width").asInt() > 0, photo.toString());
      assertEquals(3, photo.get("crops").size(), photo.toString());
    }
    // --crops: each embedded crop as PNG with a JSON sidecar, the mask beside them.
    for (String crop : List.of("segmented", "tight", "frame")) {
      Path png = crops.resolve("1-p0." + crop + ".png");
      assertTrue(Files.isRegularFile(png), png.toString());
      DecodedImage image = org.brickbox.io.image.ImageCodec.decodeRgb(Files.readAllBytes(png));
      IndexManifest index = Json.read(Files.readAllBytes(out.resolve("index/index.json")), IndexManifest.class);
      assertEquals(index.imageSize(), image.width());
      var sidecar = Json.mapper().readTree(crops.resolve("1-p0." + crop + ".json").toFile());
      assertEquals(crop, sidecar.get("crop").asText());
      assertEquals(photos.resolve("p0.jpg").toString(), sidecar.get("photo").asText());
      assertEquals("grabcut", sidecar.get("segmentation").get("method").asText());
      assertTrue(sidecar.get("segmentation").has("confidence") && sidecar.has("window"), sidecar.toString());
    }
    assertTrue(Files.isRegularFile(crops.resolve("3-p2.mask.png")));

    // The same crops again: preparation is deterministic. The run's folder names its index as well as the index's.
    Path again = photos.resolve("again");
    assertEquals(BrickBoxCli.OK, cli.execute(new String[] {"identify", "--index=" + out,
        photos.resolve("p0.jpg").toString(), "--crops=" + again}));
    for (String crop : List.of("segmented", "tight", "frame")) {
      assertEquals(-1L, Files.mismatch(crops.resolve("1-p0." + crop + ".png"), again.resolve("1-p0." + crop + ".png")),
          crop);
    }

    Files.write(photos.resolve("blank.png"), TestPhotos.jpeg(new DecodedImage(64, 48, 3, new byte[64 * 48 * 3])));
    Files.write(photos.resolve("broken.jpg"), new byte[] {1, 2, 3});
    for (String bad : List.of("blank.png", "broken.jpg", "missing.jpg")) {
      errors.reset();
      int exit = cli.execute(new String[] {"identify", "--index=" + out.resolve("index"), photos.resolve(bad).toString()});
      assertEquals(BrickBoxCli.UNUSABLE_INPUT, exit, bad);
      String message = errors.toString(StandardCharsets.UTF_8);
      assertTrue(message.contains(bad) && message.lines().count() == 1, message);
    }
  }

  /**
   * {@code identify} in a fresh JVM, as a user runs it: nothing on stderr, native libraries' warnings included (the
   * NNPACK warning PyTorch prints at the first convolution on CPUs it does not support, OpenCV's, DJL's). The
   * child's stderr is the process's file descriptor 2, which in-process capture of System.err would miss.
   */
  @Test
  void identifyPrintsNothingOnStderr(@TempDir Path photos) throws Exception {
    Files.write(photos.resolve("one.jpg"), photosOf("3023", 1).get(0));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-Dai.djl.offline=true", "-cp",
        System.getProperty("java.class.path"), BrickBoxCli.class.getName(), "identify",
        "--index=" + out.resolve("index"), photos.resolve("one.jpg").toString(), "--threads=1");
    builder.redirectOutput(photos.resolve("stdout.txt").toFile());
    builder.redirectError(photos.resolve("stderr.txt").toFile());
    Process process = builder.start();
    assertEquals(0, process.waitFor(), Files.readString(photos.resolve("stderr.txt")));
    String stdout = Files.readString(photos.resolve("stdout.txt"));
    assertTrue(stdout.contains("rank") && stdout.contains("one.jpg: part found (grabcut"), stdout);
    assertEquals("", Files.readString(photos.resolve("stderr.txt")), "stderr of identify");
  }
}
