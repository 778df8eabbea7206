#!/usr/bin/python3
"""min-char-rnn (Karpathy's minimal character-level vanilla RNN) in Python 3 + numpy, float64.

The algorithm of the original gist, re-written for the rnn4j benchmarks:
  * vanilla RNN, hidden 100, window (seq_length) 25, one stream (batch 1), one-hot inputs;
  * Wxh, Whh, Why ~ randn * 0.01, bh = by = 0;
  * loss = cross-entropy summed over the 25 steps of a window;
  * gradients clipped element-wise to [-5, 5];
  * Adagrad, lr 0.1: mem += g*g; param -= lr * g / sqrt(mem + 1e-8);
  * smooth_loss = smooth_loss*0.999 + loss*0.001, started at -log(1/V)*25;
  * data pointer / hidden state reset: if p+25+1 >= len(data) or n == 0: hprev = 0; p = 0.

One deliberate difference: the vocabulary is the SORTED set of characters (the original used Python's
unordered set), so that symbol ids agree with rnn4j.

Modes:
  --iters N            train N iterations, printing "iter N, loss L" every --print-every iterations
                       (exactly the original's line format: 'iter %d, loss %f').
  --seconds S          measure: after a short warm-up, train for S seconds and print characters/second
                       (= iterations * 25 / seconds) plus a machine-readable RESULT line.
  --sample-every K     also print a 200-character sample every K iterations (off by default; sampling
                       draws from numpy's global generator as the original does, but never changes the
                       training trajectory, which has no randomness after initialisation).
"""

import argparse
import os
import sys
import time

# --threads N must take effect before numpy loads its BLAS. Without --threads and without OMP_NUM_THREADS /
# OPENBLAS_NUM_THREADS in the environment, use ONE BLAS thread: min-char-rnn's 100-wide products never gain
# from threads (two OpenMP threads on a busy 2-core machine are ~7x slower), and a threaded BLAS may sum in
# a different order from run to run, which makes the loss curve irreproducible.
if not any(v in os.environ for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")):
    os.environ["OMP_NUM_THREADS"] = "1"
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
for _i, _a in enumerate(sys.argv):
    if _a == "--threads" or _a.startswith("--threads="):
        _n = _a.split("=", 1)[1] if "=" in _a else (sys.argv[_i + 1] if _i + 1 < len(sys.argv) else "")
        for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ[_v] = _n

import numpy as np  # noqa: E402

HIDDEN = 100
SEQ = 25
LR = 1e-1
CLIP = 5.0
DEFAULT_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "rnn4j-core", "src", "main", "resources", "dev", "rnn4j", "text", "tinyshakespeare.txt")


class MinCharRnn:
    def __init__(self, vocab_size, hidden=HIDDEN, fast_onehot=False):
        self.V = vocab_size
        self.H = hidden
        self.fast = fast_onehot
        # Same draw order as the original: Wxh, Whh, Why.
        self.Wxh = np.random.randn(hidden, vocab_size) * 0.01
        self.Whh = np.random.randn(hidden, hidden) * 0.01
        self.Why = np.random.randn(vocab_size, hidden) * 0.01
        self.bh = np.zeros((hidden, 1))
        self.by = np.zeros((vocab_size, 1))
        self.mem = [np.zeros_like(p) for p in self.params()]

    def params(self):
        return [self.Wxh, self.Whh, self.Why, self.bh, self.by]

    def loss_and_grads(self, inputs, targets, hprev):
        """Forward and backward over one window; returns loss (summed), clipped grads, last hidden state."""
        Wxh, Whh, Why, bh, by = self.params()
        T = len(inputs)
        xs, hs, ps = {}, {}, {}
        hs[-1] = np.copy(hprev)
        loss = 0.0
        for t in range(T):
            if self.fast:
                # Identical in float64: a one-hot product picks column inputs[t] exactly.
                a = Wxh[:, inputs[t]:inputs[t] + 1]
            else:
                x = np.zeros((self.V, 1))
                x[inputs[t]] = 1
                xs[t] = x
                a = np.dot(Wxh, x)
            hs[t] = np.tanh(a + np.dot(Whh, hs[t - 1]) + bh)
            y = np.dot(Why, hs[t]) + by
            e = np.exp(y)  # unnormalised, like the original (no max shift)
            ps[t] = e / np.sum(e)
            loss += -np.log(ps[t][targets[t], 0])

        dWxh, dWhh, dWhy = np.zeros_like(Wxh), np.zeros_like(Whh), np.zeros_like(Why)
        dbh, dby = np.zeros_like(bh), np.zeros_like(by)
        dhnext = np.zeros_like(hs[0])
        for t in reversed(range(T)):
            dy = np.copy(ps[t])
            dy[targets[t]] -= 1
            dWhy += np.dot(dy, hs[t].T)
            dby += dy
            dh = np.dot(Why.T, dy) + dhnext
            dhraw = (1 - hs[t] * hs[t]) * dh
            dbh += dhraw
            if self.fast:
                dWxh[:, inputs[t]:inputs[t] + 1] += dhraw
            else:
                dWxh += np.dot(dhraw, xs[t].T)
            dWhh += np.dot(dhraw, hs[t - 1].T)
            dhnext = np.dot(Whh.T, dhraw)
        grads = [dWxh, dWhh, dWhy, dbh, dby]
        for g in grads:
            np.clip(g, -CLIP, CLIP, out=g)
        return loss, grads, hs[T - 1]

    def adagrad(self, grads, lr=LR):
        for p, g, m in zip(self.params(), grads, self.mem):
            m += g * g
            p += -lr * g / np.sqrt(m + 1e-8)

    def sample(self, h, seed_ix, n):
        x = np.zeros((self.V, 1))
        x[seed_ix] = 1
        out = []
        for _ in range(n):
            h = np.tanh(np.dot(self.Wxh, x) + np.dot(self.Whh, h) + self.bh)
            y = np.dot(self.Why, h) + self.by
            p = np.exp(y) / np.sum(np.exp(y))
            ix = np.random.choice(range(self.V), p=p.ravel())
            x = np.zeros((self.V, 1))
            x[ix] = 1
            out.append(ix)
        return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--file", default=DEFAULT_FILE, help="training text (default: %(default)s)")
    ap.add_argument("--iters", type=int, default=None, help="iterations to train (default: forever, like the "
                    "original, unless --seconds is given)")
    ap.add_argument("--print-every", type=int, default=100, help="print 'iter N, loss L' every N iterations")
    ap.add_argument("--seconds", type=float, default=None, help="measure mode: characters/second over S seconds")
    ap.add_argument("--warmup", type=float, default=2.0, help="warm-up seconds before measuring (default 2)")
    ap.add_argument("--threads", type=int, default=None, help="BLAS threads: sets OMP_NUM_THREADS, "
                    "OPENBLAS_NUM_THREADS and MKL_NUM_THREADS before numpy loads (default: the environment's, else 1)")
    ap.add_argument("--seed", type=int, default=None, help="numpy seed (default: unseeded, like the original)")
    ap.add_argument("--sample-every", type=int, default=0, help="print a 200-char sample every K iterations")
    ap.add_argument("--fast-onehot", action="store_true", help="index weight columns instead of multiplying "
                    "by one-hot vectors (same numbers, faster; the default is the original's matmul)")
    args = ap.parse_args(argv)

    with open(args.file, "r", encoding="utf-8") as f:
        data = f.read()
    chars = sorted(set(data))
    data_size, vocab_size = len(data), len(chars)
    char_to_ix = {ch: i for i, ch in enumerate(chars)}
    ix_to_char = {i: ch for i, ch in enumerate(chars)}
    ids = [char_to_ix[ch] for ch in data]
    if args.seconds is None:
        print("data has %d characters, %d unique." % (data_size, vocab_size))

    if args.seed is not None:
        np.random.seed(args.seed)
    model = MinCharRnn(vocab_size, fast_onehot=args.fast_onehot)

    n, p = 0, 0
    smooth_loss = -np.log(1.0 / vocab_size) * SEQ
    hprev = None
    measuring = args.seconds is not None
    t_start = time.perf_counter()
    m_start_time, m_start_iter = None, 0
    while True:
        if args.iters is not None and n >= args.iters:
            break
        if measuring:
            now = time.perf_counter()
            if m_start_time is None:
                if now - t_start >= args.warmup:
                    m_start_time, m_start_iter = now, n
            elif now - m_start_time >= args.seconds:
                break
        if p + SEQ + 1 >= len(data) or n == 0:
            hprev = np.zeros((model.H, 1))
            p = 0
        inputs = ids[p:p + SEQ]
        targets = ids[p + 1:p + SEQ + 1]

        if args.sample_every and n % args.sample_every == 0:
            txt = "".join(ix_to_char[i] for i in model.sample(hprev, inputs[0], 200))
            print("----\n %s \n----" % (txt,))

        loss, grads, hprev = model.loss_and_grads(inputs, targets, hprev)
        smooth_loss = smooth_loss * 0.999 + loss * 0.001
        if not measuring and args.print_every and n % args.print_every == 0:
            print("iter %d, loss %f" % (n, smooth_loss))
            sys.stdout.flush()
        model.adagrad(grads)
        p += SEQ
        n += 1

    if measuring:
        if m_start_time is None:  # ran out of --iters during warm-up: measure everything
            m_start_time, m_start_iter = t_start, 0
        elapsed = time.perf_counter() - m_start_time
        iters = n - m_start_iter
        cps = iters * SEQ / elapsed
        print("min-char-rnn numpy: %d iterations in %.2f s, %.0f chars/s (smooth loss %.4f)"
              % (iters, elapsed, cps, smooth_loss))
        print("RESULT config=min-char-rnn-numpy%s chars_per_sec=%.1f threads=%s iters=%d seconds=%.2f"
              % ("-fast" if args.fast_onehot else "", cps, os.environ.get("OMP_NUM_THREADS", "default"),
                 iters, elapsed))


if __name__ == "__main__":
    main()
