package dev.rnn4j.io;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Named, typed, bounded fields of a checkpoint's metadata: the one way checkpoint schemas write and read
 * their values, so that every value on disk is a plain string under a documented key (never a
 * serialisation of whatever records exist today) and every value read is checked before it is used.
 *
 * <p>Writing: {@link #put} formats numbers so they read back exactly ({@code Float.toString},
 * {@code Double.toString}; {@code NaN} for a missing value). Reading: a required field that is missing,
 * unparsable or out of its bounds is a one-line {@link CheckpointException} naming the file and the key;
 * an optional field that is missing takes its documented default, which is how a minor version adds fields.
 */
public final class MetadataFields {
  private final Path file;
  private final Map<String, String> values;

  private MetadataFields(Path file, Map<String, String> values) {
    this.file = file;
    this.values = values;
  }

  /** An empty set of fields to write. */
  public static MetadataFields writer() {
    return new MetadataFields(null, new LinkedHashMap<>());
  }

  /** The fields of a file that has been read. */
  public static MetadataFields of(SafeTensorsFile f) {
    return new MetadataFields(f.file(), f.metadata());
  }

  /** The fields of a header read alone ({@link SafeTensors#readRnn4jMetadata}). */
  public static MetadataFields of(Path file, Map<String, String> metadata) {
    return new MetadataFields(file, metadata);
  }

  // ---- writing -------------------------------------------------------------------------------------

  public MetadataFields put(String key, String value) {
    values.put(key, value);
    return this;
  }

  public MetadataFields put(String key, long value) {
    return put(key, Long.toString(value));
  }

  public MetadataFields put(String key, float value) {
    return put(key, Float.toString(value));
  }

  public MetadataFields put(String key, double value) {
    return put(key, Double.toString(value));
  }

  public MetadataFields put(String key, boolean value) {
    return put(key, Boolean.toString(value));
  }

  /** The pairs written so far, in order, for {@link SafeTensors#write}. */
  public Map<String, String> map() {
    return values;
  }

  // ---- reading -------------------------------------------------------------------------------------

  public boolean has(String key) {
    return values.containsKey(key);
  }

  /** A required string of at most {@code maxLength} characters. */
  public String string(String key, int maxLength) throws CheckpointException {
    String v = values.get(key);
    if (v == null) {
      throw bad(key, "is missing");
    }
    if (v.length() > maxLength) {
      throw bad(key, "is longer than " + maxLength + " characters");
    }
    return v;
  }

  /** An optional string; {@code fallback} when missing. */
  public String string(String key, int maxLength, String fallback) throws CheckpointException {
    return has(key) ? string(key, maxLength) : fallback;
  }

  /** A required string that must be one of {@code allowed} (lower case), returned as written. */
  public String choice(String key, String... allowed) throws CheckpointException {
    String v = string(key, 64);
    for (String a : allowed) {
      if (a.equals(v)) {
        return v;
      }
    }
    throw bad(key, "is '" + v + "', expected one of " + String.join(", ", allowed));
  }

  /** An optional choice; {@code fallback} when missing. */
  public String choiceOr(String fallback, String key, String... allowed) throws CheckpointException {
    return has(key) ? choice(key, allowed) : fallback;
  }

  /** A required integer in {@code [min, max]}. */
  public int integer(String key, int min, int max) throws CheckpointException {
    return (int) longValue(key, min, max);
  }

  /** An optional integer in {@code [min, max]}; {@code fallback} when missing. */
  public int integer(String key, int min, int max, int fallback) throws CheckpointException {
    return has(key) ? integer(key, min, max) : fallback;
  }

  /** A required long in {@code [min, max]}. */
  public long longValue(String key, long min, long max) throws CheckpointException {
    String v = string(key, 24);
    long x;
    try {
      x = Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw bad(key, "is '" + v + "', not an integer");
    }
    if (x < min || x > max) {
      throw bad(key, "is " + x + ", outside [" + min + ", " + max + "]");
    }
    return x;
  }

  /** A required finite double in {@code [min, max]}, or NaN when {@code nanAllowed}. */
  public double real(String key, double min, double max, boolean nanAllowed) throws CheckpointException {
    String v = string(key, 40);
    double x;
    try {
      x = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw bad(key, "is '" + v + "', not a number");
    }
    if (Double.isNaN(x) && nanAllowed) {
      return x;
    }
    if (!(x >= min && x <= max)) {
      throw bad(key, "is " + v + ", outside [" + min + ", " + max + "]");
    }
    return x;
  }

  /** An optional double; {@code fallback} when missing. */
  public double real(String key, double min, double max, boolean nanAllowed, double fallback)
      throws CheckpointException {
    return has(key) ? real(key, min, max, nanAllowed) : fallback;
  }

  /** A required finite float in {@code [min, max]}, compared after rounding to float. */
  public float real32(String key, double min, double max) throws CheckpointException {
    double x = real(key, -Double.MAX_VALUE, Double.MAX_VALUE, false);
    float f = (float) x;
    if (Float.isInfinite(f) || !(f >= (float) min && f <= (float) max)) {
      throw bad(key, "is " + values.get(key) + ", outside [" + (float) min + ", " + (float) max + "]");
    }
    return f;
  }

  /** A required {@code true} or {@code false}. */
  public boolean bool(String key) throws CheckpointException {
    String v = string(key, 5).toLowerCase(Locale.ROOT);
    if (!v.equals("true") && !v.equals("false")) {
      throw bad(key, "is '" + v + "', expected true or false");
    }
    return v.equals("true");
  }

  /** An optional {@code true} or {@code false}; {@code fallback} when missing. */
  public boolean bool(String key, boolean fallback) throws CheckpointException {
    return has(key) ? bool(key) : fallback;
  }

  /** An optional finite float in {@code [min, max]}; {@code fallback} when missing. */
  public float real32(String key, double min, double max, float fallback) throws CheckpointException {
    return has(key) ? real32(key, min, max) : fallback;
  }

  /** An error about the field {@code key}: "metadata 'key' ...". */
  public CheckpointException bad(String key, String problem) {
    return new CheckpointException(file, "metadata '" + key + "' " + problem);
  }
}
