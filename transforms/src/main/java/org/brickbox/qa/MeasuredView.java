package org.brickbox.qa;

import java.io.Serializable;

/** One measured image: its render key, what it shows, where it is (relative to the output) and its metrics. */
public record MeasuredView(String key, String partId, int colourCode, int viewIndex, String image,
    ImageMetrics metrics) implements Serializable {}
