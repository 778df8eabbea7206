package dev.rnn4j.caption.image;

import java.awt.image.BufferedImage;

/**
 * Turns an image into a fixed-width vector that conditions a caption model (a CNN's penultimate layer, or
 * {@link GridFeatureExtractor}'s hand-made statistics). Close it to free native resources.
 */
public interface FeatureExtractor extends AutoCloseable {
  /** Values per vector. */
  int width();

  /** The feature vector of {@code image}, of {@link #width()} values; any size and colour model. */
  float[] extract(BufferedImage image);

  /** Frees what the extractor holds; it cannot be used afterwards. Declared without checked exceptions. */
  @Override
  void close();
}
