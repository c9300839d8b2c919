package org.brickbox.triggers;

import java.io.Serializable;
import java.util.List;
import org.brickbox.embed.ModelManifest;

/**
 * What the retrain rules know about the last training: when the model in use was trained, on how many images,
 * and which parts. Null for models BrickBox did not train (TorchScript), whose rules then report no data.
 */
public record TrainingInfo(String version, String createdAt, int images, List<String> parts, List<String> photos)
    implements Serializable {
  /** A model trained on renders only. */
  public TrainingInfo(String version, String createdAt, int images, List<String> parts) {
    this(version, createdAt, images, parts, List.of());
  }

  public static TrainingInfo of(ModelManifest m) {
    return m == null ? null : new TrainingInfo(m.version(), m.createdAt(), m.trainImages() + m.validationImages(),
        m.classes() == null ? List.of() : List.copyOf(m.classes()),
        m.trainedPhotos() == null ? List.of() : List.copyOf(m.trainedPhotos()));
  }
}
