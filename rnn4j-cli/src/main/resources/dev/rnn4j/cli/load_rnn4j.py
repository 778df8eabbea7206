#!/usr/bin/env python3
"""Load an rnn4j character-model checkpoint (format 1.x, cell rnn or lstm) into PyTorch.

    python3 load_rnn4j.py CKPT.safetensors [TEXT]

builds nn.Embedding (or one-hot input) + nn.RNN / nn.LSTM + nn.Linear, loads the checkpoint's
embedding.*, rnn.* and decoder.* tensors with load_state_dict(strict=True), and with a TEXT prints the
model's cross-entropy on it in nats per character (one stream from a zero state, as
`rnn4j eval CKPT TEXT --batch 1` computes it). Needs only torch: a safetensors file is an 8-byte
little-endian header length, a JSON header and the raw little-endian arrays, read here with
struct + json + torch.frombuffer (on a little-endian machine, as every x86 and ARM one is).
Written by `rnn4j export --format pytorch`.
"""
import json
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

DTYPES = {"F32": (torch.float32, 4), "I64": (torch.int64, 8)}


def read_safetensors(path):
    """Returns ({name: tensor}, {metadata key: string})."""
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    body = bytearray(blob[8 + n:])
    tensors = {}
    for name, entry in header.items():
        dtype, size = DTYPES[entry["dtype"]]
        begin, end = entry["data_offsets"]
        count = (end - begin) // size
        flat = torch.frombuffer(body, dtype=dtype, count=count, offset=begin) if count else torch.empty(0, dtype=dtype)
        tensors[name] = flat.reshape(entry["shape"]).clone()
    return tensors, metadata


class CharModel(nn.Module):
    """embedding (or one-hot) -> stacked RNN/LSTM -> linear decoder, as rnn4j's LanguageModel."""

    def __init__(self, metadata):
        super().__init__()
        cell = metadata["model.cell"]
        if cell not in ("rnn", "lstm"):
            raise SystemExit(f"cell {cell}: only rnn and lstm compute what a PyTorch module computes "
                             "(rnn4j's gru is the lecture's, which applies r before W_hh)")
        self.vocab = int(metadata["model.vocab_size"])
        hidden = int(metadata["model.hidden_size"])
        layers = int(metadata["model.layers"])
        width = int(metadata["model.embedding"])
        self.embedding = nn.Embedding(self.vocab, width) if width > 0 else None
        module = nn.LSTM if cell == "lstm" else nn.RNN  # nn.RNN: tanh, like rnn4j's vanilla RNN
        self.rnn = module(width if width > 0 else self.vocab, hidden, num_layers=layers, batch_first=True)
        self.decoder = nn.Linear(hidden, self.vocab)

    def forward(self, ids):
        x = self.embedding(ids) if self.embedding is not None else F.one_hot(ids, self.vocab).float()
        out, _ = self.rnn(x)
        return self.decoder(out)


def load(path):
    tensors, metadata = read_safetensors(path)
    model = CharModel(metadata)
    weights = {k: v for k, v in tensors.items() if k.split(".")[0] in ("embedding", "rnn", "decoder")}
    model.load_state_dict(weights, strict=True)
    return model.eval(), metadata


def encode(metadata, raw):
    """Token ids of a text under the checkpoint's vocabulary ("code_points:97,98,..." or "bytes:...")."""
    kind, _, symbols = metadata["vocabulary"].partition(":")
    index = {int(s): i for i, s in enumerate(symbols.split(","))}
    units = raw if kind == "bytes" else [ord(c) for c in raw.decode("utf-8")]
    return torch.tensor([index[u] for u in units], dtype=torch.long)


def main(argv):
    if len(argv) not in (2, 3):
        raise SystemExit(__doc__)
    model, metadata = load(argv[1])
    print(f"loaded {argv[1]}: {metadata['model.cell']} {metadata['model.layers']}x{metadata['model.hidden_size']}, "
          f"vocabulary {metadata['model.vocab_size']}", file=sys.stderr)
    if len(argv) == 3:
        with open(argv[2], "rb") as f:
            ids = encode(metadata, f.read()).unsqueeze(0)
        with torch.no_grad():
            logits = model(ids[:, :-1])
            loss = F.cross_entropy(logits[0], ids[0, 1:])
        print(f"{loss.item():.8f} nats/char")


if __name__ == "__main__":
    main(sys.argv)
