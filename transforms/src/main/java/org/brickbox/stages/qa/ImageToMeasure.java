package org.brickbox.stages.qa;

import java.io.Serializable;
import org.brickbox.qa.QaRecord;
import org.brickbox.stages.render.RenderRecord;

/**
 * One image for QA to measure: its render record and, in a rebuild that kept the image, the verdict an earlier run
 * gave it (null otherwise), whose measurement is reused when it still holds ({@link MeasureImageFn#reusable}).
 */
record ImageToMeasure(RenderRecord record, QaRecord earlier) implements Serializable {}
