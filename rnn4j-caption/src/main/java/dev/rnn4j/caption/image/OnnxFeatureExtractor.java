package dev.rnn4j.caption.image;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * Feature vectors from an image CNN exported to ONNX (e.g. a ResNet or VGG of the ONNX model zoo), run by
 * ONNX Runtime on the CPU. The model's single input is a float tensor {@code [N, 3, H, W]}; each image goes
 * through {@link ImagePreprocessing} and runs alone ({@code N = 1}). When the model fixes H = W, that is the
 * crop size; otherwise the preprocessing's own crop is used. The vector is the chosen output (by name,
 * default the model's first) flattened: for a classifier cut before its last layer, its penultimate
 * activations.
 */
public final class OnnxFeatureExtractor implements FeatureExtractor {
  private final Path file;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final String input;
  private final String output;
  private final ImagePreprocessing preprocessing;
  private final int width;

  private OnnxFeatureExtractor(Path file, OrtEnvironment env, OrtSession session, String input, String output,
      ImagePreprocessing preprocessing) throws IOException {
    this.file = file;
    this.env = env;
    this.session = session;
    this.input = input;
    this.output = output;
    this.preprocessing = preprocessing;
    this.width = runOnce(new float[3 * preprocessing.crop() * preprocessing.crop()]).length;
  }

  /**
   * Loads {@code model} for the CPU.
   *
   * @param preprocessing resize, crop and normalisation; the crop is replaced by the model's fixed input
   *     size when it has one
   * @param outputName the output to read, or {@code null} for the first
   * @throws IOException when the file is missing or not an ONNX model, or its input or output does not fit
   *     (one line naming the file)
   */
  public static OnnxFeatureExtractor open(Path model, ImagePreprocessing preprocessing, String outputName)
      throws IOException {
    if (!Files.isRegularFile(model)) {
      throw new IOException(model + (Files.isDirectory(model) ? ": is a directory, not an ONNX model" : ": no such file"));
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "rnn4j");
    OrtSession session;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
      session = env.createSession(model.toString(), options);
    } catch (OrtException e) {
      throw new IOException(model + ": not a valid ONNX model (" + reason(e) + ")", e);
    }
    try {
      Map<String, NodeInfo> inputs = session.getInputInfo();
      if (inputs.size() != 1) {
        throw new IOException(model + ": the model has " + inputs.size() + " inputs " + inputs.keySet()
            + ", expected one image input [N, 3, H, W]");
      }
      NodeInfo in = inputs.values().iterator().next();
      ImagePreprocessing pre = fitInput(model, in, preprocessing);
      String out = chooseOutput(model, session, outputName);
      return new OnnxFeatureExtractor(model, env, session, in.getName(), out, pre);
    } catch (OrtException e) {
      closeQuietly(session);
      throw new IOException(model + ": cannot use the model (" + reason(e) + ")", e);
    } catch (IOException | RuntimeException e) {
      closeQuietly(session);
      throw e;
    }
  }

  private static ImagePreprocessing fitInput(Path model, NodeInfo in, ImagePreprocessing pre) throws IOException {
    if (!(in.getInfo() instanceof TensorInfo t) || t.type != OnnxJavaType.FLOAT || t.getShape().length != 4) {
      throw new IOException(model + ": input '" + in.getName() + "' is " + in.getInfo()
          + ", expected a float tensor [N, 3, H, W]");
    }
    long[] shape = t.getShape();
    if (shape[1] > 0 && shape[1] != 3) {
      throw new IOException(model + ": input '" + in.getName() + "' has " + shape[1] + " channels, expected 3 (RGB)");
    }
    if (shape[2] > 0 && shape[3] > 0) {
      if (shape[2] != shape[3]) {
        throw new IOException(model + ": input '" + in.getName() + "' is " + shape[2] + "x" + shape[3]
            + ", only square inputs are supported");
      }
      return shape[2] == pre.crop() ? pre : pre.withCrop((int) shape[2]);
    }
    return pre;
  }

  private static String chooseOutput(Path model, OrtSession session, String name) throws OrtException, IOException {
    Set<String> outputs = session.getOutputNames();
    if (name == null) {
      return outputs.iterator().next();
    }
    if (!outputs.contains(name)) {
      throw new IOException(model + ": no output '" + name + "' (outputs: " + String.join(", ", outputs) + ")");
    }
    return name;
  }

  @Override
  public int width() {
    return width;
  }

  /** The preprocessing in use, with the crop the model fixes. */
  public ImagePreprocessing preprocessing() {
    return preprocessing;
  }

  /** The output read as features. */
  public String outputName() {
    return output;
  }

  @Override
  public float[] extract(BufferedImage image) {
    return extractTensor(preprocessing.apply(image));
  }

  /**
   * The features of one image already preprocessed into {@code [3, C, C]} planes (C = {@code
   * preprocessing().crop()}).
   *
   * @throws IllegalStateException when ONNX Runtime fails, with its message
   */
  public float[] extractTensor(float[] chw) {
    int c = preprocessing.crop();
    if (chw.length != 3 * c * c) {
      throw new IllegalArgumentException("input has " + chw.length + " values, the model takes 3x" + c + "x" + c);
    }
    try {
      float[] v = runOnce(chw);
      if (v.length != width) {
        throw new IllegalStateException(file + ": output '" + output + "' has " + v.length + " values, earlier "
            + width);
      }
      return v;
    } catch (IOException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private float[] runOnce(float[] chw) throws IOException {
    int c = preprocessing.crop();
    try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(chw), new long[] {1, 3, c, c});
         OrtSession.Result result = session.run(Map.of(input, tensor), Set.of(output))) {
      OnnxValue value = result.get(0);
      if (!(value instanceof OnnxTensor t) || t.getInfo().type != OnnxJavaType.FLOAT) {
        throw new IOException(file + ": output '" + output + "' is " + value.getInfo() + ", expected a float tensor");
      }
      FloatBuffer buf = t.getFloatBuffer();
      float[] v = new float[buf.remaining()];
      buf.get(v);
      return v;
    } catch (OrtException e) {
      throw new IOException(file + ": the model failed on a " + c + "x" + c + " image (" + reason(e) + ")", e);
    }
  }

  @Override
  public void close() {
    closeQuietly(session);
  }

  private static void closeQuietly(OrtSession session) {
    try {
      session.close();
    } catch (OrtException ignored) {
      // Nothing useful to do: the native session is gone or going either way.
    }
  }

  /** ONNX Runtime's message on one line, without its "Error code - ... - message:" prefix. */
  static String reason(OrtException e) {
    String m = e.getMessage() == null ? e.getCode().toString() : e.getMessage();
    int at = m.indexOf("message: ");
    String r = (at >= 0 ? m.substring(at + "message: ".length()) : m).strip();
    int nl = r.indexOf('\n');
    r = nl < 0 ? r : r.substring(0, nl);
    // "Load model from /path/x.onnx failed:Protobuf parsing failed." names the file the caller names already.
    if (r.startsWith("Load model from ") && r.contains(" failed:")) {
      r = r.substring(r.indexOf(" failed:") + " failed:".length()).strip();
    }
    return r;
  }

  @Override
  public String toString() {
    return "OnnxFeatureExtractor[" + file + ", output " + output + ", width " + width + ", " + preprocessing + "]";
  }
}
