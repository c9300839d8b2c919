package org.brickbox.stages.fuse;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.brickbox.fuse.PhotoPreparation;
import org.junit.jupiter.api.Test;

/** When a run may reuse a photo reference instead of preparing and embedding its photo again. */
class PhotoReferenceTest {
  private static final PhotoTask TASK = new PhotoTask("3001/a_1.jpg", "3001", "a", "/photos/3001/a_1.jpg", "abc",
      null);

  private static PhotoReference prepared(Integer preparation, String sha256, String modelVersion) {
    return new PhotoReference("3001/a_1.jpg", "3001", "a", "/photos/3001/a_1.jpg", sha256, "grabcut", 0.9, null, null,
        null, null, List.of("photos/3001/a_1.segmented.png"), preparation, "builtin", modelVersion, new float[] {1});
  }

  @Test
  void aReferenceIsReusedOnlyForTheSamePhotoModelAndWayOfPreparingIt() {
    assertTrue(prepared(PhotoPreparation.VERSION, "abc", "8").current(TASK, "8"));
    assertFalse(prepared(PhotoPreparation.VERSION, "abd", "8").current(TASK, "8"), "the photo changed");
    assertFalse(prepared(PhotoPreparation.VERSION, "abc", "8").current(TASK, "9"), "the model changed");
    assertFalse(prepared(PhotoPreparation.VERSION - 1, "abc", "8").current(TASK, "8"), "prepared another way");
    assertFalse(prepared(null, "abc", "8").current(TASK, "8"), "a record written before the way was kept");
  }
}
