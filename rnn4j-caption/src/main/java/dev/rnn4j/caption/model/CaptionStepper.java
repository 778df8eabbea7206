package dev.rnn4j.caption.model;

import dev.rnn4j.decode.Stepper;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.tensor.Matrix;

/**
 * Runs a {@link CaptionModel} one word at a time for {@code streams} hypotheses of one image: the
 * {@link Stepper} that {@link dev.rnn4j.decode.SequenceDecoder} writes captions through, after
 * {@link #begin} on an image. The maths is the model's; feeding {@code START, w_1, ...} here gives the same
 * logits as the teacher-forced window.
 */
public final class CaptionStepper implements Stepper {
  private final CaptionModel model;
  private final int streams;
  private final float[][] saved;
  private boolean begun;

  CaptionStepper(CaptionModel model, int streams) {
    if (streams < 1) {
      throw new IllegalArgumentException("streams must be >= 1, got " + streams);
    }
    this.model = model;
    this.streams = streams;
    int states = 0;
    for (RecurrentLayer layer : model.layers()) {
      states += layer.state().length;
    }
    this.saved = new float[states][];
  }

  /** Starts every stream on the image with these features (zero state; FIRST_STEP runs its step 0). */
  public void begin(float[] feature) {
    model.begin(feature, streams);
    begun = true;
  }

  /**
   * Feeds {@code ids[k]} to stream k (START first) and returns the next-word logits, {@code [streams, V]}: a
   * view valid until the next step.
   */
  @Override
  public Matrix step(int[] ids) {
    if (!begun) {
      throw new IllegalStateException("call begin(features) first");
    }
    if (ids.length != streams) {
      throw new IllegalArgumentException("need " + streams + " ids, got " + ids.length);
    }
    return model.step(ids);
  }

  /** Makes stream k continue from what stream {@code parents[k]} had (beam search keeps its best). */
  @Override
  public void reorder(int[] parents) {
    if (parents.length != streams) {
      throw new IllegalArgumentException("need " + streams + " parents, got " + parents.length);
    }
    int i = 0;
    for (RecurrentLayer layer : model.layers()) {
      for (Matrix s : layer.state()) {
        saved[i] = s.toArray();
        int h = s.cols();
        for (int k = 0; k < streams; k++) {
          s.buffer().put(s.offset() + k * h, saved[i], parents[k] * h, h);
        }
        i++;
      }
    }
  }

  @Override
  public int streams() {
    return streams;
  }

  @Override
  public int vocabSize() {
    return model.config().vocabSize();
  }
}
