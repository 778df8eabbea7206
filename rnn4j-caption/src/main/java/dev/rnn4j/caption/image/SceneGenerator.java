package dev.rnn4j.caption.image;

import dev.rnn4j.tensor.Rng;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Synthetic scenes with true captions, for checking a captioner end to end: two shapes (circle, square,
 * triangle) of two different colours (red, green, blue, yellow) on white, one clearly above, below, left
 * of or right of the other, e.g. "a red circle above a blue square". Sizes (12 to 20 pixels) and positions
 * vary; the shapes never overlap, and the stated relation is the dominant one (the offset along its axis
 * is at least twice the offset across it). Drawn with Java2D without anti-aliasing, so every pixel is white
 * or one of the four colours. The two colours differ so a colour names one shape.
 *
 * <p>Seeded: the same seed gives the same scenes. Not thread-safe.
 */
public final class SceneGenerator {
  /** The shapes drawn. */
  public enum Shape { CIRCLE, SQUARE, TRIANGLE }

  /** The colours used, as drawn. */
  public enum Colour {
    RED(new Color(220, 30, 30)),
    GREEN(new Color(30, 170, 30)),
    BLUE(new Color(30, 60, 220)),
    YELLOW(new Color(240, 210, 20));

    private final Color rgb;

    Colour(Color rgb) {
      this.rgb = rgb;
    }

    public Color rgb() {
      return rgb;
    }
  }

  /** Where the subject is relative to the object, with its wording and its converse. */
  public enum Relation {
    ABOVE("above"), BELOW("below"), LEFT_OF("left of"), RIGHT_OF("right of");

    private final String words;

    Relation(String words) {
      this.words = words;
    }

    public String words() {
      return words;
    }

    /** The relation seen from the other shape: above and below, left of and right of. */
    public Relation converse() {
      return values()[ordinal() ^ 1];
    }
  }

  /** One shape of a scene and its bounding box in pixels. */
  public record Thing(Shape shape, Colour colour, Rectangle box) {
    /** E.g. {@code a red circle}. */
    public String phrase() {
      return "a " + colour.name().toLowerCase(Locale.ROOT) + " " + shape.name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A drawn scene.
   *
   * @param image the picture, {@code size x size} RGB
   * @param subject the shape the caption starts with
   * @param relation where the subject is relative to {@code object}
   * @param object the other shape
   */
  public record Scene(BufferedImage image, Thing subject, Relation relation, Thing object) {
    /** The caption, e.g. {@code a red circle above a blue square}. */
    public String caption() {
      return subject.phrase() + " " + relation.words() + " " + object.phrase();
    }

    /** Every true phrasing, the caption first: {@code a blue square below a red circle} is the other. */
    public List<String> alternatives() {
      return List.of(caption(), object.phrase() + " " + relation.converse().words() + " " + subject.phrase());
    }
  }

  private static final int MIN_SIZE = 12;
  private static final int MAX_SIZE = 20;
  private static final int MARGIN = 2;
  private static final int GAP = 3;

  private final Rng rng;
  private final int size;

  /** 64 x 64 scenes from {@code seed}. */
  public SceneGenerator(long seed) {
    this(seed, 64);
  }

  /** {@code size x size} scenes from {@code seed}; size at least 48 so two shapes fit apart. */
  public SceneGenerator(long seed, int size) {
    if (size < 48) {
      throw new IllegalArgumentException("scene size must be at least 48 pixels, got " + size);
    }
    this.rng = new Rng(seed);
    this.size = size;
  }

  /** The next scene. */
  public Scene next() {
    Shape s1 = pick(Shape.values());
    Shape s2 = pick(Shape.values());
    Colour c1 = pick(Colour.values());
    Colour c2;
    do {
      c2 = pick(Colour.values());
    } while (c2 == c1);
    Relation relation = pick(Relation.values());
    Rectangle a;
    Rectangle b;
    do {
      a = box();
      b = box();
    } while (!holds(relation, a, b));
    Thing subject = new Thing(s1, c1, a);
    Thing object = new Thing(s2, c2, b);
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, size, size);
      draw(g, subject);
      draw(g, object);
    } finally {
      g.dispose();
    }
    return new Scene(image, subject, relation, object);
  }

  /**
   * Writes {@code count} scenes of {@code seed} to the new or empty directory {@code dir}: {@code
   * scene-00000.png} and so on, and a Karpathy-style {@code dataset.json} (read by {@link
   * dev.rnn4j.caption.data.CaptionSet#readKarpathyJson}) with both phrasings of each scene as its
   * references. The last tenth of the scenes are "test", the tenth before them "val", the rest "train".
   *
   * @return the {@code dataset.json} written (last, atomically, so its presence means the set is whole)
   * @throws IOException when {@code dir} holds files already or cannot be written, naming it
   */
  public static Path write(Path dir, int count, long seed) throws IOException {
    return SceneFiles.write(dir, count, seed);
  }

  private Rectangle box() {
    int s = MIN_SIZE + rng.nextInt(MAX_SIZE - MIN_SIZE + 1);
    int x = MARGIN + rng.nextInt(size - 2 * MARGIN - s + 1);
    int y = MARGIN + rng.nextInt(size - 2 * MARGIN - s + 1);
    return new Rectangle(x, y, s, s);
  }

  /** Whether {@code a} is {@code r} of {@code b}: apart by GAP along the axis, and mostly along it. */
  static boolean holds(Relation r, Rectangle a, Rectangle b) {
    double dx = b.getCenterX() - a.getCenterX();
    double dy = b.getCenterY() - a.getCenterY();
    return switch (r) {
      case ABOVE -> a.y + a.height + GAP <= b.y && Math.abs(dx) * 2 <= dy;
      case BELOW -> b.y + b.height + GAP <= a.y && Math.abs(dx) * 2 <= -dy;
      case LEFT_OF -> a.x + a.width + GAP <= b.x && Math.abs(dy) * 2 <= dx;
      case RIGHT_OF -> b.x + b.width + GAP <= a.x && Math.abs(dy) * 2 <= -dx;
    };
  }

  private static void draw(Graphics2D g, Thing t) {
    g.setColor(t.colour().rgb());
    Rectangle r = t.box();
    switch (t.shape()) {
      case CIRCLE -> g.fillOval(r.x, r.y, r.width, r.height);
      case SQUARE -> g.fillRect(r.x, r.y, r.width, r.height);
      case TRIANGLE -> g.fillPolygon(new Polygon(new int[] {r.x, r.x + r.width / 2, r.x + r.width},
          new int[] {r.y + r.height, r.y, r.y + r.height}, 3));
    }
  }

  private <T> T pick(T[] values) {
    return values[rng.nextInt(values.length)];
  }
}
