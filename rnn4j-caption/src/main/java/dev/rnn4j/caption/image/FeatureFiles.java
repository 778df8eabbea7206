package dev.rnn4j.caption.image;

import dev.rnn4j.caption.data.ImageFeatures;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Feature vectors for every image of a directory. Images are the regular files directly in it (not in
 * sub-directories) whose names end in .png, .jpg, .jpeg, .bmp or .gif (any case), taken in name order and
 * keyed by file name. An image that cannot be read or decoded is skipped with its reason, never fatal for
 * the rest; a failure of the extractor itself (a model that does not run) is.
 */
public final class FeatureFiles {
  /** Image file extensions read, lower-case. */
  public static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

  /**
   * Where the extraction stands, after each image.
   *
   * @param done images handled so far, skipped ones included
   * @param total images in the directory
   * @param image the file name just handled
   * @param skipped why it was skipped, or {@code null} when it has a vector
   */
  public record Progress(int done, int total, String image, String skipped) {}

  /** An image without a vector, and why. */
  public record Skipped(String image, String reason) {
    @Override
    public String toString() {
      return image + " (" + reason + ")";
    }
  }

  /** The vectors of the readable images, and the images skipped. */
  public record Extraction(ImageFeatures features, List<Skipped> skipped) {
    public Extraction {
      skipped = List.copyOf(skipped);
    }
  }

  private FeatureFiles() {}

  /**
   * Runs {@code extractor} over every image of {@code dir}.
   *
   * @param progress told after each image; may be {@code null}
   * @throws IOException when {@code dir} is missing, not a directory, holds no images, or no image in it
   *     could be read (the message lists why)
   */
  public static Extraction extractDirectory(Path dir, FeatureExtractor extractor, Consumer<Progress> progress)
      throws IOException {
    List<Path> files = images(dir);
    ImageIO.setUseCache(false);
    List<String> names = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      String name = file.getFileName().toString();
      String reason = null;
      BufferedImage image = null;
      try {
        image = ImageIO.read(file.toFile());
        if (image == null) {
          reason = "not a readable image";
        }
      } catch (IOException | RuntimeException e) {
        // Decoders throw unchecked exceptions on some corrupt files; either way this image is unusable.
        reason = "cannot decode: " + (e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e.getMessage()));
      }
      if (image != null) {
        names.add(name);
        vectors.add(extractor.extract(image));
      } else {
        skipped.add(new Skipped(name, reason));
      }
      if (progress != null) {
        progress.accept(new Progress(i + 1, files.size(), name, reason));
      }
    }
    if (names.isEmpty()) {
      throw new IOException(dir + ": none of " + files.size() + " images could be read: "
          + String.join(", ", skipped.stream().limit(5).map(Skipped::toString).toList())
          + (skipped.size() > 5 ? ", ..." : ""));
    }
    return new Extraction(ImageFeatures.of(names, vectors.toArray(float[][]::new)), skipped);
  }

  /** The image files of {@code dir}, in name order. */
  static List<Path> images(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> entries = Files.list(dir)) {
      files = entries.filter(Files::isRegularFile).filter(FeatureFiles::isImageName).sorted().toList();
    } catch (NoSuchFileException e) {
      throw new IOException(dir + ": no such directory", e);
    } catch (NotDirectoryException e) {
      throw new IOException(dir + ": not a directory", e);
    }
    if (files.isEmpty()) {
      throw new IOException(dir + ": no images (" + String.join(", ", EXTENSIONS.stream().sorted().toList())
          + ") in this directory");
    }
    return files;
  }

  private static boolean isImageName(Path p) {
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot > 0 && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
