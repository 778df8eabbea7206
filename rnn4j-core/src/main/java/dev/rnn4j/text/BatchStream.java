package dev.rnn4j.text;

/**
 * Cuts a token range into B contiguous streams and serves windows of T steps from them, for truncated
 * backpropagation through time: the trainer carries each stream's hidden state from one window to the
 * next and resets it when {@link #next} says a new epoch starts.
 *
 * <p>With n tokens, each stream has {@code L = n / B} (the last {@code n % B} tokens are never used);
 * stream b covers tokens {@code [b*L, (b+1)*L)}. Window w of every epoch starts at {@code p = w*T} in each
 * stream, and is time-major like the layers:
 * <pre>
 *   inputs [t*B + b] = tok[b*L + p + t]
 *   targets[t*B + b] = tok[b*L + p + t + 1]      for t in [0, T), b in [0, B)
 * </pre>
 * An epoch has {@code W = floor((L - 2) / T)} windows: a window at p is served only while
 * {@code p + T + 1 < L}, exactly min-char-rnn's rule ("if p+seq_length+1 >= len(data): reset"), so for
 * B = 1 the windows, their order and the epoch resets are min-char-rnn's. This needs {@code L >= T + 2}.
 *
 * <p>The position is the number of windows served so far; {@link #seek} restores a saved one, so a resumed
 * run sees exactly the windows an uninterrupted run would.
 */
public final class BatchStream {
  private final TokenRange tokens;
  private final int streams;
  private final int steps;
  private final int streamLength;
  private final int windowsPerEpoch;
  private long position;

  /** Streams over {@code tokens} of {@code streams} (B) streams and windows of {@code steps} (T). */
  public BatchStream(TokenRange tokens, int streams, int steps) {
    if (streams < 1 || steps < 1) {
      throw new IllegalArgumentException("need at least one stream and one step, got " + streams + " streams and "
          + steps + " steps");
    }
    int n = tokens.length();
    int perStream = n / streams;
    if (perStream < steps + 2) {
      throw new IllegalArgumentException("text too short: " + n + " tokens in " + streams + " streams give "
          + perStream + " per stream, need at least " + (steps + 2) + " for windows of " + steps);
    }
    this.tokens = tokens;
    this.streams = streams;
    this.steps = steps;
    this.streamLength = perStream;
    this.windowsPerEpoch = (perStream - 2) / steps;
  }

  /**
   * Fills {@code inputs} and {@code targets}, each of exactly B*T ids, with the next window and moves on.
   * Returns true when this window is the first of an epoch (the very first included), so the trainer
   * resets the hidden state before using it.
   */
  public boolean next(int[] inputs, int[] targets) {
    int size = streams * steps;
    if (inputs.length != size || targets.length != size) {
      throw new IllegalArgumentException("inputs and targets must hold B*T = " + size + " ids, got "
          + inputs.length + " and " + targets.length);
    }
    int window = windowInEpoch();
    int p = window * steps;
    for (int b = 0; b < streams; b++) {
      int base = b * streamLength + p;
      int previous = tokens.token(base);
      for (int t = 0; t < steps; t++) {
        int following = tokens.token(base + t + 1);
        inputs[t * streams + b] = previous;
        targets[t * streams + b] = following;
        previous = following;
      }
    }
    position++;
    return window == 0;
  }

  /** Windows served so far; save it to resume. */
  public long position() {
    return position;
  }

  /** Makes {@link #next} serve the window it would serve after {@code position} windows. */
  public void seek(long position) {
    if (position < 0) {
      throw new IllegalArgumentException("position must be >= 0, got " + position);
    }
    this.position = position;
  }

  /** Epochs completed: the epoch (from 0) of the window that {@link #next} serves next. */
  public long epoch() {
    return position / windowsPerEpoch;
  }

  /** Index in its epoch of the window that {@link #next} serves next. */
  public int windowInEpoch() {
    return (int) (position % windowsPerEpoch);
  }

  /** W, windows in one epoch. */
  public int windowsPerEpoch() {
    return windowsPerEpoch;
  }

  /** B. */
  public int streams() {
    return streams;
  }

  /** T. */
  public int steps() {
    return steps;
  }

  /** L, tokens per stream. */
  public int streamLength() {
    return streamLength;
  }
}
