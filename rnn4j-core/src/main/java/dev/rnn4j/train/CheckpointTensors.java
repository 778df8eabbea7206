package dev.rnn4j.train;

import dev.rnn4j.io.CheckpointException;
import dev.rnn4j.io.SafeTensorsFile;
import dev.rnn4j.io.Tensor;
import dev.rnn4j.nn.Param;
import dev.rnn4j.nn.Parameters;
import dev.rnn4j.optim.Optimizer;
import dev.rnn4j.tensor.Matrix;
import java.util.List;
import java.util.Map;

/**
 * The tensors every rnn4j checkpoint format shares, under one naming convention: each parameter under its
 * own (PyTorch-style) name, and the optimizer's state under {@code optimizer.<key>}. The character model's
 * {@link Checkpoint} and the captioning checkpoint add their own tensors and metadata around these.
 */
public final class CheckpointTensors {
  private CheckpointTensors() {}

  /** Appends every parameter's values. */
  public static void addWeights(List<Tensor> out, Parameters params) {
    for (Param p : params.list()) {
      out.add(Tensor.f32(p.name(), p.value()));
    }
  }

  /** Appends the optimizer's state (moments, accumulators), one tensor per entry. */
  public static void addOptimizer(List<Tensor> out, Optimizer opt) {
    for (Map.Entry<String, Matrix> e : opt.state().entrySet()) {
      out.add(Tensor.f32("optimizer." + e.getKey(), e.getValue()));
    }
  }

  /** Reads every parameter of {@code params} from the file, checking each one's shape. */
  public static void readWeights(SafeTensorsFile f, Parameters params) throws CheckpointException {
    for (Param p : params.list()) {
      f.copyTo(p.name(), new int[] {p.rows(), p.cols()}, p.value());
    }
  }

  /** Refuses to resume with another optimizer than the one whose state the checkpoint holds. */
  public static void checkOptimizer(Optimizer opt, String savedName) {
    if (!opt.name().equals(savedName)) {
      throw new IllegalArgumentException("the checkpoint was trained with " + savedName
          + "; resume it with the same optimizer, not " + opt.name());
    }
  }

  /** Puts the saved optimizer state and step count back into {@code opt}. */
  public static void readOptimizer(SafeTensorsFile f, Optimizer opt, long steps) throws CheckpointException {
    for (Map.Entry<String, Matrix> e : opt.state().entrySet()) {
      Matrix m = e.getValue();
      f.copyTo("optimizer." + e.getKey(), new int[] {m.rows(), m.cols()}, m);
    }
    opt.setStepCount(steps);
  }
}
