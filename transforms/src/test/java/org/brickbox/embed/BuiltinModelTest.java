package org.brickbox.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.brickbox.io.image.DecodedImage;
import org.brickbox.io.records.Hashes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed built-in model: loads, matches its manifest, and gives unit, deterministic, batch-independent vectors. */
class BuiltinModelTest {
  private static EmbeddingModel model;
  private static final List<DecodedImage> IMAGES = new ArrayList<>();

  @BeforeAll
  static void load() {
    model = EmbeddingModels.acquire(ModelSpec.parse("builtin"), TestImages.ENGINE);
    for (int i = 0; i < 10; i++) IMAGES.add(TestImages.gradient(80 + i, 72, i));
  }

  @AfterAll
  static void release() {
    EmbeddingModels.release(model);
  }

  @Test
  void manifestDescribesTheCommittedParameters() throws Exception {
    assertEquals(512, model.dimension());
    for (String name : BuiltinModel.NAMES) {
      ModelManifest m = BuiltinModel.manifest(name);
      assertEquals(512, m.embeddingSize());
      assertEquals(EmbeddingNet.ARCHITECTURE, m.architecture());
      try (InputStream params = BuiltinModel.open(name, ModelManifest.PARAMS)) {
        assertEquals(m.version(), m.name() + "-" + Hashes.sha256Hex(params.readAllBytes()).substring(0, 12),
            "the version names the exact weights of " + name);
      }
      assertTrue(m.command().startsWith("./brickbox train"), m.command());
    }
    assertTrue(!BuiltinModel.manifest(BuiltinModel.PHOTO).version()
        .equals(BuiltinModel.manifest(BuiltinModel.CAD).version()), "two models");
  }

  /** The CAD model loads by its name and embeds at its own input size, unlike the photographic one. */
  @Test
  void theCadModelLoadsAndEmbedsOtherwiseThanThePhotographicOne() {
    try (EmbeddingModel cad = EmbeddingModel.load(ModelSpec.parse("builtin:cad"), TestImages.ENGINE);
        Embedder c = cad.newEmbedder(); Embedder p = model.newEmbedder()) {
      assertEquals(BuiltinModel.manifest(BuiltinModel.CAD).version(), cad.version());
      assertEquals(96, cad.info().preprocessing().size());
      assertEquals(128, model.info().preprocessing().size());
      List<float[]> vc = c.embed(IMAGES);
      List<float[]> vp = p.embed(IMAGES);
      for (int i = 0; i < IMAGES.size(); i++) {
        assertEquals(1.0, Vectors.norm(vc.get(i)), 1e-5);
        assertTrue(Vectors.dot(vc.get(i), vp.get(i)) < 0.99, "another model, other vectors");
      }
    }
  }

  @Test
  void vectorsHaveTheModelsShapeAndUnitLength() {
    try (Embedder e = model.newEmbedder()) {
      for (float[] v : e.embed(IMAGES)) {
        assertEquals(512, v.length);
        assertEquals(1.0, Vectors.norm(v), 1e-5);
      }
    }
  }

  @Test
  void sameImagesGiveIdenticalVectorsAndBatchBoundariesDoNotMatter() {
    try (Embedder e = model.newEmbedder()) {
      List<float[]> all = e.embed(IMAGES);
      List<float[]> again = e.embed(IMAGES);
      for (int i = 0; i < IMAGES.size(); i++) assertArrayEquals(all.get(i), again.get(i), "bit-identical rerun");
      // Batches of 1, an exact multiple (5 + 5) and a remainder (4 + 4 + 2): the same vectors, up to float
      // reassociation inside PyTorch's batched kernels, which differ by batch size.
      boolean someBitDiffers = false;
      for (int size : new int[] {1, 5, 4}) {
        List<float[]> pieces = inBatchesOf(size, e::embed);
        for (int i = 0; i < IMAGES.size(); i++) {
          assertArrayEquals(all.get(i), pieces.get(i), 1e-5f, "batch " + size);
          someBitDiffers |= !java.util.Arrays.equals(all.get(i), pieces.get(i));
        }
      }
      assertTrue(someBitDiffers, "another batch size, other bits: what passes of one size are for");
      // Passes of one size give the same bits however the images were batched before (the pipeline's batches).
      List<float[]> fixed = e.embedInPassesOf(IMAGES.size(), IMAGES);
      for (int size : new int[] {1, 3, 7}) {
        List<float[]> pieces = inBatchesOf(size, batch -> e.embedInPassesOf(IMAGES.size(), batch));
        for (int i = 0; i < IMAGES.size(); i++) assertArrayEquals(fixed.get(i), pieces.get(i), "batch " + size);
      }
    }
  }

  /** The test images' vectors, {@code size} images at a time through {@code pass}. */
  private static List<float[]> inBatchesOf(int size,
      java.util.function.Function<List<DecodedImage>, List<float[]>> pass) {
    List<float[]> vectors = new ArrayList<>();
    for (int b = 0; b < IMAGES.size(); b += size) {
      vectors.addAll(pass.apply(IMAGES.subList(b, Math.min(IMAGES.size(), b + size))));
    }
    return vectors;
  }

  @Test
  void aSavedModelDirectoryLoadsToTheSameVectors(@TempDir Path dir) throws Exception {
    for (String name : List.of(ModelManifest.PARAMS, ModelManifest.FILE)) {
      try (InputStream in = BuiltinModel.open(BuiltinModel.PHOTO, name)) {
        Files.write(dir.resolve(name), in.readAllBytes());
      }
    }
    try (EmbeddingModel copy = EmbeddingModel.load(ModelSpec.parse("brickbox:" + dir), TestImages.ENGINE);
        Embedder a = model.newEmbedder(); Embedder b = copy.newEmbedder()) {
      assertEquals(model.version(), copy.version());
      List<float[]> va = a.embed(IMAGES);
      List<float[]> vb = b.embed(IMAGES);
      for (int i = 0; i < IMAGES.size(); i++) assertArrayEquals(va.get(i), vb.get(i));
    }
  }

  @Test
  void differentImagesGiveDifferentVectors() {
    try (Embedder e = model.newEmbedder()) {
      List<float[]> v = e.embed(IMAGES.subList(0, 2));
      assertTrue(Vectors.dot(v.get(0), v.get(1)) < 0.99999);
    }
  }
}
