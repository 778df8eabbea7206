#!/usr/bin/python3
"""PyTorch (CPU) char-rnn peer for the rnn4j benchmarks.

Model: one-hot (or --embed E) -> nn.LSTM / nn.GRU / nn.RNN(tanh), L layers, H hidden, batch_first=False
       -> nn.Linear(H, V) -> cross-entropy (mean over the B*T predictions).
Training: Adam lr 2e-3, element-wise gradient clip 5 (clip_grad_value_), truncated BPTT: the text is cut
          into B contiguous streams (stream b = tokens [b*L, (b+1)*L), L = n // B); each iteration takes the
          next window of T steps from every stream; the hidden state is carried (detached) from window to
          window and reset when the streams wrap (each epoch). As in min-char-rnn and rnn4j's BatchStream,
          a window at offset p is used only while p + T + 1 < L.
--min-char-rnn: the min-char-rnn configuration: RNN(tanh) 1x100, one-hot, batch 1, window 25, weights
          randn*0.01, zero biases, loss SUMMED over the window, Adagrad lr 0.1, clip 5. (torch's Adagrad
          divides by sqrt(mem) + 1e-10 rather than sqrt(mem + 1e-8): same cost, negligible difference.)

Modes:
  --seconds S   measure training speed: warm up (--warmup seconds, at least one iteration), then train for
                S seconds; chars/s = iterations * B * T / seconds.
  --iters N     train N iterations and print the loss every --print-every iterations.
  --sample N    measure sampling instead of training: one stream, one character at a time (forward one
                step, softmax, multinomial draw, feed the draw back), from a freshly initialised model of the
                chosen shape; generates up to N characters or until --seconds have passed, after a warm-up.
  --train-seconds S  quality mode: train on the first (1 - --val-frac) of the text for S seconds of wall
                time (from the first iteration, nothing excluded), then score the held-out last part as rnn4j
                eval does (up to B contiguous streams from a zero state, windows of T, every token after a
                stream's first predicted once) and print its cross-entropy in nats/char. --schedule cosine
                (with --warmup-iters, --lr-floor) anneals the rate over those seconds; --unigram-bias starts the
                output bias at the training text's log frequencies. The initialisation is PyTorch's own.
At the end one machine-readable line is printed:
  RESULT config=<name> chars_per_sec=<x> threads=<n> ...
"""

import argparse
import math
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

DEFAULT_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "rnn4j-core", "src", "main", "resources", "dev", "rnn4j", "text", "tinyshakespeare.txt")


class CharRnn(nn.Module):
    def __init__(self, cell, vocab, hidden, layers, embed=0, dropout=0.0):
        super().__init__()
        self.vocab = vocab
        self.embed = nn.Embedding(vocab, embed) if embed > 0 else None
        in_size = embed if embed > 0 else vocab
        if cell == "lstm":
            self.rnn = nn.LSTM(in_size, hidden, layers, batch_first=False, dropout=dropout)
        elif cell == "gru":
            self.rnn = nn.GRU(in_size, hidden, layers, batch_first=False, dropout=dropout)
        elif cell == "rnn":
            self.rnn = nn.RNN(in_size, hidden, layers, nonlinearity="tanh", batch_first=False)
        else:
            raise ValueError("unknown cell " + cell)
        self.cell = cell
        self.drop = nn.Dropout(dropout)
        self.out = nn.Linear(hidden, vocab)

    def forward(self, x, h=None):
        """x: (T, B) int64 symbol ids -> logits (T, B, V), new hidden state."""
        if self.embed is not None:
            e = self.embed(x)
        else:
            e = F.one_hot(x, self.vocab).to(torch.float32)
        y, h = self.rnn(e, h)
        return self.out(self.drop(y)), h


def detach(h):
    if h is None:
        return None
    if isinstance(h, tuple):
        return tuple(t.detach() for t in h)
    return h.detach()


class Streams:
    """B contiguous streams, windows of T, time-major (T, B) tensors; epoch wrap resets hidden state."""

    def __init__(self, ids, batch, steps):
        n = ids.numel()
        self.L = n // batch
        if self.L < steps + 2:
            raise ValueError("text too short for %d streams of windows of %d" % (batch, steps))
        # (B, L) -> (L, B): column b is stream b.
        self.data = ids[: batch * self.L].view(batch, self.L).t().contiguous()
        self.T = steps
        self.p = 0

    def next(self):
        """Returns (inputs, targets, new_epoch)."""
        new_epoch = False
        if self.p + self.T + 1 >= self.L or self.p == 0:
            new_epoch = True
            self.p = 0
        x = self.data[self.p: self.p + self.T]
        y = self.data[self.p + 1: self.p + self.T + 1]
        self.p += self.T
        return x, y, new_epoch


def load(path):
    with open(path, "r", encoding="utf-8") as f:
        text = f.read()
    chars = sorted(set(text))
    ix = {c: i for i, c in enumerate(chars)}
    ids = torch.tensor([ix[c] for c in text], dtype=torch.int64)
    return ids, chars


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--file", default=DEFAULT_FILE, help="training text (default: %(default)s)")
    ap.add_argument("--cell", choices=["lstm", "gru", "rnn"], default="lstm")
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--batch", type=int, default=50)
    ap.add_argument("--seq", type=int, default=50, help="window (BPTT steps)")
    ap.add_argument("--embed", type=int, default=0, help="embedding width; 0 = one-hot input (default)")
    ap.add_argument("--lr", type=float, default=None, help="learning rate (default 2e-3 Adam, 0.1 Adagrad)")
    ap.add_argument("--min-char-rnn", action="store_true",
                    help="min-char-rnn config: rnn 1x100, batch 1, window 25, Adagrad 0.1, summed loss, clip 5")
    ap.add_argument("--threads", type=int, default=None,
                    help="torch.set_num_threads(N) (default: torch's default, usually one per core)")
    ap.add_argument("--seconds", type=float, default=None, help="measure for S seconds")
    ap.add_argument("--warmup", type=float, default=2.0, help="warm-up seconds before measuring (default 2)")
    ap.add_argument("--iters", type=int, default=None, help="train N iterations (without --seconds)")
    ap.add_argument("--print-every", type=int, default=100)
    ap.add_argument("--sample", type=int, default=None, metavar="N",
                    help="measure sampling of one stream (up to N chars) instead of training")
    ap.add_argument("--sample-impl", choices=["module", "mv"], default="module",
                    help="sampling step: 'module' calls the nn.LSTM/GRU/RNN module with a (1, 1) input (default);"
                    " 'mv' runs the same cell equations on the module's weights with matrix-vector products"
                    " (torch.mv), which avoids the slow 1-row GEMM path of some CPU builds")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--train-seconds", type=float, default=None, help="quality mode: train S seconds, then validate")
    ap.add_argument("--val-frac", type=float, default=0.1, help="held-out last fraction in quality mode")
    ap.add_argument("--dropout", type=float, default=0.0, help="dropout between recurrent layers and before the decoder")
    ap.add_argument("--schedule", choices=["none", "cosine"], default="none", help="anneal over --train-seconds")
    ap.add_argument("--warmup-iters", type=int, default=0, help="iterations of linear warm-up (quality mode)")
    ap.add_argument("--lr-floor", type=float, default=0.1, help="cosine's final rate as a fraction of --lr")
    ap.add_argument("--unigram-bias", action="store_true", help="output bias = log unigram frequencies")
    ap.add_argument("--name", default=None, help="config name for the RESULT line")
    args = ap.parse_args(argv)

    if args.min_char_rnn:
        args.cell, args.layers, args.hidden, args.batch, args.seq, args.embed = "rnn", 1, 100, 1, 25, 0
    if args.threads is not None:
        torch.set_num_threads(args.threads)
    threads = torch.get_num_threads()
    torch.manual_seed(args.seed)

    ids, chars = load(args.file)
    V = len(chars)
    model = CharRnn(args.cell, V, args.hidden, args.layers, args.embed, args.dropout)
    if args.train_seconds is not None:
        return train_for_quality(model, ids, V, args, threads)
    if args.min_char_rnn:
        with torch.no_grad():
            for name, p in model.named_parameters():
                if "bias" in name:
                    p.zero_()
                else:
                    p.normal_(0.0, 0.01)

    if args.name:
        name = args.name
    elif args.min_char_rnn:
        name = "min-char-rnn" + ("-sample" if args.sample is not None else "")
    elif args.sample is not None:
        name = "%s-%dx%d-sample" % (args.cell, args.layers, args.hidden)
    else:
        name = "%s-%dx%d-b%d-w%d" % (args.cell, args.layers, args.hidden, args.batch, args.seq)
    if args.sample is not None and args.sample_impl == "mv" and not args.name:
        name += "-mv"
    env = "OMP_NUM_THREADS=%s" % os.environ.get("OMP_NUM_THREADS", "-")

    if args.sample is not None:
        cps, n, secs = measure_sampling(model, V, args)
        print("%s: sampled %d chars in %.2f s, %.0f chars/s, %d threads" % (name, n, secs, cps, threads))
        print("RESULT config=%s chars_per_sec=%.1f threads=%d chars=%d seconds=%.2f %s"
              % (name, cps, threads, n, secs, env))
        return

    if args.min_char_rnn:
        lr = args.lr if args.lr is not None else 0.1
        opt = torch.optim.Adagrad(model.parameters(), lr=lr)
        reduction = "sum"
    else:
        lr = args.lr if args.lr is not None else 2e-3
        opt = torch.optim.Adam(model.parameters(), lr=lr)
        reduction = "mean"
    streams = Streams(ids, args.batch, args.seq)
    chars_per_iter = args.batch * args.seq
    params = list(model.parameters())

    h = None
    n = 0
    # min-char-rnn starts its smoothed loss at -log(1/V) * T; otherwise start at the first loss.
    smooth = -math.log(1.0 / V) * args.seq if args.min_char_rnn else None
    measuring = args.seconds is not None
    if not measuring and args.iters is None:
        args.iters = 1000
    t0 = time.perf_counter()
    m_start, m_iter = None, 0
    while True:
        if not measuring and n >= args.iters:
            break
        if measuring:
            now = time.perf_counter()
            if m_start is None:
                if n >= 1 and now - t0 >= args.warmup:
                    m_start, m_iter = now, n
            elif now - m_start >= args.seconds:
                break
        x, y, new_epoch = streams.next()
        if new_epoch:
            h = None
        logits, h = model(x, h)
        loss = F.cross_entropy(logits.reshape(-1, V), y.reshape(-1), reduction=reduction)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_value_(params, 5.0)
        opt.step()
        h = detach(h)
        lv = loss.item()
        smooth = lv if smooth is None else smooth * 0.999 + lv * 0.001
        if not measuring and args.print_every and n % args.print_every == 0:
            print("iter %d, loss %.6f (smooth %.6f)" % (n, lv, smooth))
            sys.stdout.flush()
        n += 1

    if measuring:
        elapsed = time.perf_counter() - m_start
        iters = n - m_iter
        cps = iters * chars_per_iter / elapsed
        print("%s: %d iterations (%d chars each) in %.2f s, %.0f chars/s, %d threads, loss %.4f"
              % (name, iters, chars_per_iter, elapsed, cps, threads, lv))
        print("RESULT config=%s chars_per_sec=%.1f threads=%d iters=%d seconds=%.2f %s"
              % (name, cps, threads, iters, elapsed, env))
    else:
        elapsed = time.perf_counter() - t0
        print("RESULT config=%s chars_per_sec=%.1f threads=%d iters=%d seconds=%.2f %s"
              % (name, n * chars_per_iter / elapsed, threads, n, elapsed, env))


def train_for_quality(model, ids, V, args, threads):
    """Trains for --train-seconds of wall time on the first part of the text, then validates on the rest."""
    n_val = int(len(ids) * args.val_frac)
    train_ids, val_ids = ids[: len(ids) - n_val], ids[len(ids) - n_val:]
    if args.unigram_bias:
        counts = torch.bincount(train_ids, minlength=V).double() + 1
        with torch.no_grad():
            model.out.bias.copy_((counts / counts.sum()).log())
    lr = args.lr if args.lr is not None else 2e-3
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    streams = Streams(train_ids, args.batch, args.seq)
    params = list(model.parameters())
    h, n, lv = None, 0, float("nan")
    model.train()
    t0 = time.perf_counter()
    while True:
        used = (time.perf_counter() - t0) / args.train_seconds
        if used >= 1:
            break
        rate = lr
        if args.warmup_iters > 0 and n < args.warmup_iters:
            rate *= (n + 1) / args.warmup_iters
        if args.schedule == "cosine":
            rate *= args.lr_floor + (1 - args.lr_floor) * 0.5 * (1 + math.cos(math.pi * used))
        for g in opt.param_groups:
            g["lr"] = rate
        x, y, new_epoch = streams.next()
        if new_epoch:
            h = None
        logits, h = model(x, h)
        loss = F.cross_entropy(logits.reshape(-1, V), y.reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_value_(params, 5.0)
        opt.step()
        h = detach(h)
        n += 1
        if n % 200 == 0:
            lv = loss.item()
            print("iter %d, loss %.4f, %.0f s" % (n, lv, time.perf_counter() - t0))
            sys.stdout.flush()
    seconds = time.perf_counter() - t0
    val = validate(model, val_ids, V, args.batch, args.seq)
    cps = n * args.batch * args.seq / seconds
    print("RESULT peer=pytorch val_nats=%.4f iters=%d seconds=%.1f chars_per_sec=%.0f threads=%d"
          % (val, n, seconds, cps, threads))


@torch.no_grad()
def validate(model, ids, V, batch, steps):
    """rnn4j's Evaluator: up to B contiguous streams from a zero state, windows of T, state carried."""
    model.eval()
    n = ids.numel()
    streams = max(1, min(batch, n // (steps + 1)))
    length = n // streams
    data = ids[: streams * length].view(streams, length).t().contiguous()
    total, count, h = 0.0, 0, None
    for p in range(0, length - 1, steps):
        t = min(steps, length - 1 - p)
        logits, h = model(data[p: p + t], h)
        total += F.cross_entropy(logits.reshape(-1, V), data[p + 1: p + t + 1].reshape(-1), reduction="sum").item()
        count += t * streams
    return total / count


@torch.no_grad()
def measure_sampling(model, V, args):
    model.eval()
    gen = torch.Generator().manual_seed(args.seed + 1)
    limit = args.sample
    seconds = args.seconds if args.seconds is not None else math.inf
    x = torch.zeros(1, 1, dtype=torch.int64)
    h = None

    if args.sample_impl == "mv":
        stepper = MvStepper(model)
        x = 0

        def step(x, h):
            probs = torch.softmax(stepper.step(x), dim=0)
            return int(torch.multinomial(probs, 1, generator=gen)), None

    def step_module(x, h):
        logits, h = model(x, h)
        probs = torch.softmax(logits[0, 0], dim=0)
        ix = torch.multinomial(probs, 1, generator=gen)
        return ix.view(1, 1), h

    if args.sample_impl == "module":
        step = step_module
    t0 = time.perf_counter()
    w = 0
    while w < 20 or time.perf_counter() - t0 < min(args.warmup, seconds):
        x, h = step(x, h)
        w += 1
    n = 0
    start = time.perf_counter()
    while n < limit:
        x, h = step(x, h)
        n += 1
        if (n & 63) == 0 and time.perf_counter() - start >= seconds:
            break
    secs = time.perf_counter() - start
    return n / secs, n, secs


class MvStepper:
    """One-step inference with the module's own weights, as matrix-vector products (one stream)."""

    def __init__(self, model):
        self.model = model
        rnn = model.rnn
        self.cell = model.cell
        self.L = rnn.num_layers
        self.H = rnn.hidden_size
        self.w = [(getattr(rnn, "weight_ih_l%d" % l).detach(), getattr(rnn, "weight_hh_l%d" % l).detach(),
                   (getattr(rnn, "bias_ih_l%d" % l) + getattr(rnn, "bias_hh_l%d" % l)).detach(),
                   getattr(rnn, "bias_ih_l%d" % l).detach(), getattr(rnn, "bias_hh_l%d" % l).detach())
                  for l in range(self.L)]
        self.wo = model.out.weight.detach()
        self.bo = model.out.bias.detach()
        self.h = [torch.zeros(self.H) for _ in range(self.L)]
        self.c = [torch.zeros(self.H) for _ in range(self.L)]

    def step(self, ix):
        """Feeds symbol ix, returns the logits (V,)."""
        m = self.model
        H = self.H
        for l in range(self.L):
            w_ih, w_hh, b, b_ih, b_hh = self.w[l]
            if l == 0:
                gi = torch.mv(w_ih, m.embed.weight[ix].detach()) if m.embed is not None else w_ih[:, ix]
            else:
                gi = torch.mv(w_ih, self.h[l - 1])
            if self.cell == "lstm":
                g = gi + torch.addmv(b, w_hh, self.h[l])
                i = torch.sigmoid(g[:H])
                f = torch.sigmoid(g[H:2 * H])
                gg = torch.tanh(g[2 * H:3 * H])
                o = torch.sigmoid(g[3 * H:])
                self.c[l] = f * self.c[l] + i * gg
                self.h[l] = o * torch.tanh(self.c[l])
            elif self.cell == "gru":
                gi = gi + b_ih
                gh = torch.addmv(b_hh, w_hh, self.h[l])
                r = torch.sigmoid(gi[:H] + gh[:H])
                z = torch.sigmoid(gi[H:2 * H] + gh[H:2 * H])
                n = torch.tanh(gi[2 * H:] + r * gh[2 * H:])
                self.h[l] = (1 - z) * n + z * self.h[l]
            else:
                self.h[l] = torch.tanh(gi + torch.addmv(b, w_hh, self.h[l]))
        return torch.addmv(self.bo, self.wo, self.h[-1])


if __name__ == "__main__":
    main()
