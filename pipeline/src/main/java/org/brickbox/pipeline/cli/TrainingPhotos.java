package org.brickbox.pipeline.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.brickbox.embed.RenderedDataset;
import org.brickbox.fuse.PhotoPreparation;
import org.brickbox.fuse.ShapeCues;
import org.brickbox.io.image.DecodedImage;
import org.brickbox.io.image.ImageHeader;
import org.brickbox.io.records.Hashes;
import org.brickbox.pipeline.identify.PhotoFolder;

/**
 * {@code train --photos=DIR}: a user's labelled photos as training samples beside the renders. Each photo is
 * prepared as identify prepares one, framed like the renders (their median fill), and every crop identify would
 * embed becomes a sample, repeated {@code --photoRepeat} times per epoch (each repeat augmented differently) so a
 * few hundred photos weigh against tens of thousands of renders. A photo that cannot be used is reported and left
 * out; the training goes on.
 *
 * @param hashes SHA-256 of every photo used, for the model's record
 */
record TrainingPhotos(List<RenderedDataset.Sample> samples, List<String> hashes, int photos, int unusable) {

  static TrainingPhotos of(Path folder, RenderedDataset renders, int repeat, PrintStream out) throws IOException {
    if (repeat < 1) throw new IllegalArgumentException("--photoRepeat must be >= 1, was " + repeat);
    PhotoFolder photos = PhotoFolder.scan(folder);
    for (PhotoFolder.Problem p : photos.skipped()) out.println("train: skipped " + p.path() + ": " + p.reason());
    DecodedImage first = renders.samples().get(0).image();
    int size = first.width();
    double fill = medianFill(renders);
    List<RenderedDataset.Sample> samples = new ArrayList<>();
    List<String> hashes = new ArrayList<>();
    int used = 0;
    int unusable = 0;
    for (PhotoFolder.Capture capture : photos.captures()) {
      for (Path photo : capture.photos()) {
        byte[] bytes = Files.readAllBytes(photo);
        PhotoPreparation.Prepared prepared;
        try {
          prepared = PhotoPreparation.prepareEncoded(bytes, ImageHeader.DEFAULT_MAX_PIXELS, size, fill,
              PhotoPreparation.CropSet.DEFAULT);
        } catch (RuntimeException e) {
          out.println("train: unusable photo " + photo + ": " + e.getMessage());
          unusable++;
          continue;
        }
        used++;
        hashes.add(Hashes.sha256Hex(bytes));
        String key = "photo/" + capture.partId() + "/" + photo.getFileName();
        for (PhotoPreparation.Crop crop : prepared.crops()) {
          DecodedImage image = crop.image();
          String cropKey = key + "#" + crop.kind().label();
          RenderedDataset.Sample sample = RenderedDataset.photoSample(cropKey + "#r0", capture.partId(),
              image.pixels(), image.width(), image.height());
          for (int r = 0; r < repeat; r++) samples.add(sample.withKey(cropKey + "#r" + r));
        }
      }
    }
    return new TrainingPhotos(List.copyOf(samples), List.copyOf(hashes), used, unusable);
  }

  /** The median fill of every 50th render (deterministic): how large parts stand in the renders. */
  private static double medianFill(RenderedDataset renders) {
    List<RenderedDataset.Sample> all = renders.samples();
    double[] fills = new double[(all.size() + 49) / 50];
    for (int i = 0; i < fills.length; i++) {
      DecodedImage mask = all.get(i * 50).maskImage();
      fills[i] = ShapeCues.fill(mask.pixels(), mask.width(), mask.height());
    }
    return ShapeCues.medianFill(fills);
  }
}
