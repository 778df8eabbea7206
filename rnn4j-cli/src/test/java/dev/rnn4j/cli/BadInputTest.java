package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input on the command line: each is refused with a non-zero exit, one line on standard error that
 * starts with {@code rnn4j: } and names the problem, no stack trace, and nothing written.
 */
class BadInputTest {
  @TempDir
  static Path shared;
  private static Path text;
  private static Path checkpoint;

  @TempDir
  Path dir;

  @BeforeAll
  static void trainOnce() throws IOException {
    checkpoint = Cli.trainSmall(shared);
    text = shared.resolve("small.txt");
  }

  /** Asserts the one-line refusal and that it names every key word; returns the result. */
  private static Cli.Result refused(int status, String[] args, String... keywords) {
    Cli.Result r = Cli.assertRefused(Cli.run(args), status, keywords);
    assertFalse(r.err().contains("at dev."), r::toString);
    return r;
  }

  private Cli.Result trainRefused(Path file, String[] overrides, String... keywords) {
    Path out = dir.resolve("out");
    Cli.Result r = refused(1, Cli.train(file, out, overrides), keywords);
    assertFalse(Files.exists(out), "nothing written: " + out);
    return r;
  }

  private Cli.Result sampleRefused(Path ckpt, String[] flags, String... keywords) {
    String[] args = Cli.concat(new String[] {"sample", ckpt.toString()}, flags);
    Cli.Result r = refused(1, args, keywords);
    assertEquals("", r.out(), "no text printed");
    return r;
  }

  private static String[] none() {
    return new String[0];
  }

  // ---- train: the text ---------------------------------------------------------------------------

  @Test
  void trainOnAMissingFile() {
    Path f = dir.resolve("missing.txt");
    trainRefused(f, none(), "missing.txt", "no such file");
  }

  @Test
  void trainOnADirectory() throws IOException {
    Path d = Files.createDirectory(dir.resolve("adir"));
    trainRefused(d, none(), "adir", "directory");
  }

  @Test
  void trainOnAnEmptyFile() throws IOException {
    Path f = Files.write(dir.resolve("empty.txt"), new byte[0]);
    trainRefused(f, none(), "empty.txt", "empty");
  }

  @Test
  void trainOnATextShorterThanOneWindow() throws IOException {
    Path f = Files.writeString(dir.resolve("short.txt"), "abcdefg");
    trainRefused(f, none(), "short.txt", "too short");
  }

  @Test
  void trainOnBytesThatAreNotUtf8NamesTheOffset() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(Cli.text(1300, 3).substring(0, 1234).getBytes(StandardCharsets.US_ASCII));
    b.write(0xC3); // a lead byte followed by a byte that cannot continue it
    b.write('(');
    b.writeBytes(Cli.text(2000, 4).getBytes(StandardCharsets.US_ASCII));
    Path f = Files.write(dir.resolve("latin.txt"), b.toByteArray());
    trainRefused(f, none(), "latin.txt", "UTF-8", "byte 1234");
  }

  @Test
  void binaryFileIsRefusedButTrainsWithBytes() throws IOException {
    byte[] unit = "abc\0def\n".getBytes(StandardCharsets.US_ASCII);
    byte[] data = new byte[unit.length * 500];
    for (int i = 0; i < data.length; i++) {
      data[i] = unit[i % unit.length];
    }
    Path f = Files.write(dir.resolve("data.bin"), data);
    trainRefused(f, none(), "data.bin", "binary", "--bytes");

    Path out = dir.resolve("bytes");
    Cli.Result r = Cli.run(Cli.concat(Cli.train(f, out), "--bytes"));
    assertEquals(0, r.status(), r::toString);
    assertEquals("", r.err());
    assertTrue(Files.isRegularFile(out.resolve("last.safetensors")));
  }

  // ---- train: options ----------------------------------------------------------------------------

  static Stream<Arguments> badTrainOptions() {
    return Stream.of(
        Arguments.of("--hidden", "0", new String[] {"--hidden", ">= 1", "0"}),
        Arguments.of("--layers", "-1", new String[] {"--layers", "-1"}),
        Arguments.of("--val-frac", "1", new String[] {"--val-frac", "[0, 1)"}),
        Arguments.of("--val-frac", "1.5", new String[] {"--val-frac", "1.5"}),
        Arguments.of("--batch", "0", new String[] {"--batch", ">= 1"}),
        Arguments.of("--seq", "-3", new String[] {"--seq", "-3"}),
        Arguments.of("--iters", "-5", new String[] {"--iters", "-5"}),
        Arguments.of("--lr", "0", new String[] {"--lr", "> 0"}),
        Arguments.of("--dropout", "1", new String[] {"--dropout", "[0, 1)"}),
        Arguments.of("--time", "abc", new String[] {"--time", "'abc'"}),
        Arguments.of("--model", "foo", new String[] {"'foo'", "lstm"}),
        Arguments.of("--optimizer", "bar", new String[] {"optimizer", "'bar'", "adam"}));
  }

  @ParameterizedTest(name = "train {0} {1}")
  @MethodSource("badTrainOptions")
  void badTrainOption(String flag, String value, String[] keywords) {
    trainRefused(text, new String[] {flag, value}, keywords);
  }

  @Test
  void unknownOptionIsAUsageError() {
    Path out = dir.resolve("out");
    refused(2, Cli.concat(Cli.train(text, out), "--frobnicate"), "--frobnicate", "--help");
    assertFalse(Files.exists(out));
  }

  @Test
  void outputUnderARegularFileFailsBeforeTraining() throws IOException {
    Path file = Files.writeString(dir.resolve("afile"), "not a directory\n");
    Path out = file.resolve("out");
    long start = System.nanoTime();
    Cli.Result r = refused(1, Cli.train(text, out, "--iters", "1000000", "--eval-every", "1000000"),
        "afile", "output directory");
    double seconds = (System.nanoTime() - start) / 1e9;
    assertFalse(r.out().contains("validation loss"), r::toString);
    assertFalse(r.out().contains("chars/s"), r::toString);
    assertTrue(seconds < 10, "refused before training, took " + seconds + " s");
    assertEquals("not a directory\n", Files.readString(file));
  }

  @Test
  void resumeFromACorruptedCheckpoint() throws IOException {
    Path bad = corrupted(dir.resolve("corrupt.safetensors"));
    byte[] before = Files.readAllBytes(bad);
    Path out = dir.resolve("out");
    refused(1, Cli.concat(new String[] {"train", text.toString(), "--resume", bad.toString(), "--iters", "40",
        "--out", out.toString()}), "corrupt.safetensors", "checksum");
    assertFalse(Files.exists(out));
    assertArrayEquals(before, Files.readAllBytes(bad), "the checkpoint is left as it was");
  }

  // ---- sample --------------------------------------------------------------------------------------

  static Stream<Arguments> badSampleOptions() {
    return Stream.of(
        Arguments.of("--temperature", "0", new String[] {"--temperature", "> 0"}),
        Arguments.of("--temperature", "-1", new String[] {"--temperature", "-1"}),
        Arguments.of("--top-k", "-1", new String[] {"--top-k", "-1"}),
        Arguments.of("--length", "-1", new String[] {"--length", "-1"}),
        Arguments.of("--weights", "int4", new String[] {"--weights", "int4", "int8", "int16", "float32"}),
        Arguments.of("--threads", "0", new String[] {"--threads", "0"}));
  }

  @ParameterizedTest(name = "sample {0} {1}")
  @MethodSource("badSampleOptions")
  void badSampleOption(String flag, String value, String[] keywords) {
    sampleRefused(checkpoint, new String[] {flag, value}, keywords);
  }

  @Test
  void primeWithCharactersTheModelNeverSawListsThem() {
    sampleRefused(checkpoint, new String[] {"--prime", "the Zé!"}, "--prime", "'Z'", "'!'", "'é'");
  }

  @Test
  void truncatedCheckpoint() throws IOException {
    byte[] all = Files.readAllBytes(checkpoint);
    Path f = Files.write(dir.resolve("cut.safetensors"), Arrays.copyOf(all, all.length / 2));
    sampleRefused(f, none(), "cut.safetensors", "truncated");
  }

  @Test
  void corruptedCheckpoint() throws IOException {
    Path f = corrupted(dir.resolve("flipped.safetensors"));
    sampleRefused(f, none(), "flipped.safetensors", "checksum");
  }

  @Test
  void aTextFileIsNotACheckpoint() {
    sampleRefused(text, none(), "small.txt", "not a safetensors file");
  }

  @Test
  void aForeignSafetensorsFileIsNotAnRnn4jCheckpoint() throws IOException {
    Path f = foreign(dir.resolve("model.safetensors"));
    sampleRefused(f, none(), "model.safetensors", "not an rnn4j checkpoint");
  }

  @Test
  void missingCheckpoint() {
    sampleRefused(dir.resolve("nowhere.safetensors"), none(), "nowhere.safetensors", "no such file");
  }

  // ---- eval ----------------------------------------------------------------------------------------

  @Test
  void evalOnATextWithCharactersTheModelLacksListsThem() throws IOException {
    Path f = Files.writeString(dir.resolve("other.txt"), "the fox QXZ\n");
    Cli.Result r = refused(1, new String[] {"eval", checkpoint.toString(), f.toString()}, "other.txt", "'Q'", "'X'",
        "'Z'");
    assertEquals("", r.out());
  }

  /** eval has no --bytes: the hint must name what the user can do, which is train a byte model. */
  @Test
  void evalOnNonUtf8TextDoesNotSuggestAFlagEvalLacks() throws IOException {
    Path f = Files.write(dir.resolve("latin1.txt"), new byte[] {'a', 'b', (byte) 0xE9, 'c', '\n'});
    Cli.Result r = refused(1, new String[] {"eval", checkpoint.toString(), f.toString()}, "latin1.txt",
        "byte 2", "trained with --bytes");
    assertFalse(r.err().contains("use --bytes"), r.err());
  }

  @Test
  void evalOnAMissingFile() {
    Path f = dir.resolve("gone.txt");
    Cli.Result r = refused(1, new String[] {"eval", checkpoint.toString(), f.toString()}, "gone.txt", "no such file");
    assertEquals("", r.out());
  }

  // ---- files -----------------------------------------------------------------------------------------

  /** A copy of the shared checkpoint with one byte of its data section flipped. */
  private static Path corrupted(Path to) throws IOException {
    byte[] b = Files.readAllBytes(checkpoint);
    long headerLength = ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    int at = (int) (8 + headerLength + (b.length - 8 - headerLength) / 3);
    b[at] ^= 0x5A;
    return Files.write(to, b);
  }

  /** A valid safetensors file, as another tool writes it: no rnn4j metadata, no checksum. */
  static Path foreign(Path to) throws IOException {
    String json = "{\"__metadata__\":{\"format\":\"pt\"},"
        + "\"weight\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}";
    StringBuilder header = new StringBuilder(json);
    while (header.length() % 8 != 0) {
      header.append(' ');
    }
    byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf = ByteBuffer.allocate(8 + h.length + 16).order(ByteOrder.LITTLE_ENDIAN);
    buf.putLong(h.length).put(h);
    for (float v : new float[] {1f, 2f, 3f, 4f}) {
      buf.putFloat(v);
    }
    Files.write(to, buf.array());
    // It is valid safetensors: the generic reader opens it.
    assertEquals(4, dev.rnn4j.io.SafeTensors.read(to).tensors().get(0).size());
    return to;
  }

  @Test
  void foreignFileHelperWritesValidSafetensors() throws IOException {
    assertNotEquals(0, Files.size(foreign(dir.resolve("x.safetensors"))));
  }
}
