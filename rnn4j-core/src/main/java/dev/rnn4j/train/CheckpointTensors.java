package dev.rnn4j.train;

import dev.rnn4j.io.CheckpointException;
import dev.rnn4j.io.SafeTensorsFile;
import dev.rnn4j.io.Tensor;
import dev.rnn4j.model.CellType;
import dev.rnn4j.nn.Param;
import dev.rnn4j.nn.Parameters;
import dev.rnn4j.optim.Optimizer;
import dev.rnn4j.tensor.Matrix;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The tensors every rnn4j checkpoint (format 1.x) shares, under one naming convention. The character
 * model's {@link Checkpoint} and the captioning checkpoint add their own tensors and metadata around these.
 *
 * <ul>
 *   <li>Biases ({@code 1 x N} in memory) are written one-dimensional, {@code [N]}, as PyTorch stores them.
 *   <li>RNN and LSTM layers compute exactly what PyTorch's {@code nn.RNN(tanh)} / {@code nn.LSTM} compute
 *       (gate order i, f, g, o), with one bias where PyTorch has two: their tensors keep PyTorch's names
 *       ({@code rnn.weight_ih_l0 [G*H, I]}, {@code rnn.weight_hh_l0 [G*H, H]}, {@code rnn.bias_ih_l0 [G*H]})
 *       and {@code rnn.bias_hh_l0} is written as zeros, so {@code load_state_dict} takes them as they are.
 *       On reading, {@code bias_hh} is added to {@code bias_ih}: weights trained in PyTorch load too.
 *       A nested LSTM module named {@code <name>_rnn.} (a tagger's {@code char_rnn.}, which reads each
 *       word's characters) keeps PyTorch's names and its zero {@code bias_hh} whatever the main cell.
 *   <li>GRU (the lecture's, which applies r before W_hh, unlike PyTorch's) and the MUT cells are written
 *       under {@code rnn4j_gru.}, {@code rnn4j_mut1.}, ... instead of {@code rnn.}, so no PyTorch module
 *       takes them for its own. A module nested under another name follows the same rules
 *       ({@code encoder.rnn.weight_ih_l0}, or {@code encoder.rnn4j_gru.weight_ih_l0}).
 *   <li>Everything else keeps its parameter name ({@code embedding.weight}, {@code decoder.weight},
 *       {@code decoder.bias}, ...); the optimizer's state goes under {@code optimizer.<key>}.
 * </ul>
 */
public final class CheckpointTensors {
  private static final String RNN = "rnn.";

  private CheckpointTensors() {}

  /** The name a parameter of a model built of {@code cell} layers has in a checkpoint file. */
  public static String fileName(CellType cell, String param) {
    int end = rnnModuleEnd(param);
    if (end >= 0 && !pytorchCompatible(cell)) {
      return param.substring(0, end - RNN.length()) + "rnn4j_" + cell.label() + "." + param.substring(end);
    }
    return param;
  }

  /**
   * Where the name of a main-cell layer's module ends ({@code rnn.} at the start, or a nested {@code .rnn.}
   * as in a translator's {@code encoder.rnn.}), or -1.
   */
  private static int rnnModuleEnd(String param) {
    if (param.startsWith(RNN)) {
      return RNN.length();
    }
    int i = param.indexOf("." + RNN);
    return i < 0 ? -1 : i + 1 + RNN.length();
  }

  /** The shape a parameter has in a checkpoint file: {@code [N]} for a bias, {@code [rows, cols]} otherwise. */
  public static int[] fileShape(Param p) {
    return isBias(p) ? new int[] {p.cols()} : new int[] {p.rows(), p.cols()};
  }

  /** Cells whose maths equal PyTorch's module of the same name. */
  private static boolean pytorchCompatible(CellType cell) {
    return cell == CellType.RNN || cell == CellType.LSTM;
  }

  private static boolean isBias(Param p) {
    String last = p.name().substring(p.name().lastIndexOf('.') + 1);
    return p.rows() == 1 && last.startsWith("bias");
  }

  /**
   * PyTorch's second bias next to a PyTorch-named layer's {@code bias_ih_lN[_reverse]}, or null for any other
   * parameter: the main layers' ({@code rnn.}) when their cell is RNN or LSTM, and a nested module's
   * ({@code <name>_rnn.}, always an LSTM, e.g. a tagger's {@code char_rnn.}) whatever the main cell.
   */
  private static String hiddenBias(CellType cell, Param p) {
    String name = p.name();
    int dot = name.lastIndexOf('.');
    if (dot < 0 || !name.startsWith("bias_ih_l", dot + 1)) {
      return null;
    }
    String module = name.substring(0, dot);
    String last = module.substring(module.lastIndexOf('.') + 1);
    boolean pytorch = last.equals("rnn") ? pytorchCompatible(cell) : last.endsWith("_rnn");
    return pytorch ? module + ".bias_hh_l" + name.substring(dot + 1 + "bias_ih_l".length()) : null;
  }

  /** Appends every parameter's values (and, for RNN and LSTM, PyTorch's zero {@code bias_hh}). */
  public static void addWeights(List<Tensor> out, Parameters params, CellType cell) {
    for (Param p : params.list()) {
      int[] shape = fileShape(p);
      out.add(Tensor.f32(fileName(cell, p.name()), shape, p.value()));
      String hh = hiddenBias(cell, p);
      if (hh != null) {
        out.add(Tensor.f32(hh, shape, new float[p.size()]));
      }
    }
  }

  /** Appends the optimizer's state (moments, accumulators), one tensor per entry. */
  public static void addOptimizer(List<Tensor> out, Optimizer opt) {
    for (Map.Entry<String, Matrix> e : opt.state().entrySet()) {
      out.add(Tensor.f32("optimizer." + e.getKey(), e.getValue()));
    }
  }

  /**
   * Checks that the file holds every parameter {@code declared} (not yet allocated) with its shape, before
   * the model's memory is reserved: a config that claims a larger model than the tensors is refused here.
   */
  public static void checkWeights(SafeTensorsFile f, Parameters declared, CellType cell) throws CheckpointException {
    for (Param p : declared.list()) {
      checkShape(f, fileName(cell, p.name()), fileShape(p));
      String hh = hiddenBias(cell, p);
      if (hh != null) {
        checkShape(f, hh, fileShape(p));
      }
    }
  }

  private static void checkShape(SafeTensorsFile f, String name, int[] shape) throws CheckpointException {
    Tensor t = f.tensor(name);
    if (t.dtype() != Tensor.DType.F32 || !Arrays.equals(t.shape(), shape)) {
      throw new CheckpointException(f.file(), "tensor '" + name + "' is " + t.dtype() + " "
          + Arrays.toString(t.shape()) + " but the model in the metadata needs F32 " + Arrays.toString(shape));
    }
  }

  /** Reads every parameter of {@code params} from the file, checking each one's shape. */
  public static void readWeights(SafeTensorsFile f, Parameters params, CellType cell) throws CheckpointException {
    for (Param p : params.list()) {
      int[] shape = fileShape(p);
      f.copyTo(fileName(cell, p.name()), shape, p.value());
      String hh = hiddenBias(cell, p);
      if (hh != null) {
        float[] second = f.floats(hh, shape);
        Matrix v = p.value();
        for (int i = 0; i < second.length; i++) {
          v.set(i, v.get(i) + second[i]);
        }
      }
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
