package dev.rnn4j.tensor;

/**
 * A seeded random generator whose whole state is four longs, so that a checkpoint can store it and a
 * resumed run draws exactly the numbers the uninterrupted run would have drawn (xoshiro256**, seeded
 * through SplitMix64). Not thread-safe: give each thread its own.
 */
public final class Rng {
  private long s0;
  private long s1;
  private long s2;
  private long s3;

  public Rng(long seed) {
    long x = seed;
    s0 = splitMix(x += 0x9E3779B97F4A7C15L);
    s1 = splitMix(x += 0x9E3779B97F4A7C15L);
    s2 = splitMix(x += 0x9E3779B97F4A7C15L);
    s3 = splitMix(x += 0x9E3779B97F4A7C15L);
  }

  private static long splitMix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  public long nextLong() {
    long result = Long.rotateLeft(s1 * 5, 7) * 9;
    long t = s1 << 17;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = Long.rotateLeft(s3, 45);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, bound). */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive");
    }
    return (int) Math.floorMod(nextLong() >>> 1, (long) bound);
  }

  /** Standard normal (Box-Muller; one draw per call so the state stays four longs). */
  public double nextGaussian() {
    double u1 = 1.0 - nextDouble();
    double u2 = nextDouble();
    return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
  }

  /** The whole state, for checkpoints. */
  public long[] state() {
    return new long[] {s0, s1, s2, s3};
  }

  public void restore(long[] state) {
    if (state.length != 4) {
      throw new IllegalArgumentException("rng state needs 4 longs");
    }
    s0 = state[0];
    s1 = state[1];
    s2 = state[2];
    s3 = state[3];
  }
}
