#!/usr/bin/env python3
"""Trains the neural letter classifier of aloud's letter-to-sound model and appends it to a
model file as a `NEURAL` section (see README.md; not needed to build, run or test aloud).

A bidirectional LSTM over the letters of a word predicts each letter's graphone (its phones
with stress) among that letter's graphones, from the alignments that
`aloud lexicon train-lts --alignments FILE` writes. Seeded, one thread.
"""
import argparse
import random
import struct
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

LETTERS = 28  # symbols 1-27 (a-z, '), 0 unused


def symbol(c):
    return 27 if c == "'" else ord(c) - ord("a") + 1


def read_alignments(path):
    letter_of = {}
    words = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("@ "):
                parts = line.split(" ")
                letter_of[int(parts[1])] = int(parts[2])
            elif line:
                w, toks = line.split("\t")
                words.append(([symbol(c) for c in w], [int(t) for t in toks.split(" ")]))
    return letter_of, words


class Model(nn.Module):
    def __init__(self, vocab, emb, hidden, layers, dropout):
        super().__init__()
        self.emb = nn.Embedding(LETTERS, emb)
        self.lstm = nn.LSTM(emb, hidden, num_layers=layers, bidirectional=True,
                            batch_first=True, dropout=dropout if layers > 1 else 0.0)
        self.drop = nn.Dropout(dropout)
        self.out = nn.Linear(2 * hidden, vocab)

    def forward(self, x, lengths):
        e = self.drop(self.emb(x))
        packed = nn.utils.rnn.pack_padded_sequence(e, lengths, batch_first=True,
                                                   enforce_sorted=False)
        h, _ = self.lstm(packed)
        h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=x.shape[1])
        return self.out(self.drop(h))


def batches(words, size, rng):
    order = sorted(range(len(words)), key=lambda i: (len(words[i][0]), rng.random()))
    chunks = [order[i:i + size] for i in range(0, len(order), size)]
    rng.shuffle(chunks)
    return chunks


def tensors(words, idx):
    n = max(len(words[i][0]) for i in idx)
    x = torch.zeros(len(idx), n, dtype=torch.long)
    y = torch.full((len(idx), n), -100, dtype=torch.long)
    lengths = torch.tensor([len(words[i][0]) for i in idx])
    for r, i in enumerate(idx):
        l, t = words[i]
        x[r, :len(l)] = torch.tensor(l)
        y[r, :len(t)] = torch.tensor(t)
    return x, y, lengths


def masked_loss(logits, x, y, mask):
    logits = logits.masked_fill(~mask[x], -1e9)
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1),
                           ignore_index=-100, reduction="sum")


def export(model, args, vocab):
    """The `NEURAL` section: tag, version, dimensions (u32), weight (f32), then f32 arrays."""
    out = bytearray(b"NEURAL")
    out += struct.pack("<6I", 1, args.emb, args.hidden, args.layers, vocab, 0)
    out += struct.pack("<f", args.weight)
    sd = {k: v.detach().cpu().numpy().astype("<f4") for k, v in model.state_dict().items()}
    arrays = [sd["emb.weight"]]
    for layer in range(args.layers):
        for suffix in ("", "_reverse"):
            arrays.append(sd[f"lstm.weight_ih_l{layer}{suffix}"])
            arrays.append(sd[f"lstm.weight_hh_l{layer}{suffix}"])
            arrays.append(sd[f"lstm.bias_ih_l{layer}{suffix}"] + sd[f"lstm.bias_hh_l{layer}{suffix}"])
    arrays.append(sd["out.weight"])
    arrays.append(sd["out.bias"])
    for a in arrays:
        out += np.ascontiguousarray(a).tobytes()
    return bytes(out)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--alignments", required=True)
    p.add_argument("--model", required=True, help="model file of the same train-lts run")
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--emb", type=int, default=32)
    p.add_argument("--hidden", type=int, default=128)
    p.add_argument("--layers", type=int, default=1)
    p.add_argument("--dropout", type=float, default=0.2)
    p.add_argument("--epochs", type=int, default=12)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--rate", type=float, default=2e-3)
    p.add_argument("--weight", type=float, default=0.5)
    p.add_argument("--check", type=int, default=2000, help="words kept aside to report loss")
    p.add_argument("--probe", nargs="*", default=["kubernetes", "cochabamba", "phoebe"],
                   help="words whose best graphone and its ln P per letter are printed")
    args = p.parse_args()

    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    letter_of, words = read_alignments(args.alignments)
    vocab = max(letter_of) + 1
    mask = torch.zeros(LETTERS, vocab, dtype=torch.bool)
    for t, l in letter_of.items():
        mask[l, t] = True
    shuffled = list(range(len(words)))
    rng.shuffle(shuffled)
    check = [words[i] for i in shuffled[:args.check]]
    train = [words[i] for i in shuffled[args.check:]] if args.check else words
    model = Model(vocab, args.emb, args.hidden, args.layers, args.dropout)
    opt = torch.optim.Adam(model.parameters(), lr=args.rate)
    steps = args.epochs * ((len(train) + args.batch - 1) // args.batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.rate, total_steps=steps,
                                                pct_start=0.1)
    t0 = time.time()
    for epoch in range(args.epochs):
        model.train()
        total, letters = 0.0, 0
        for idx in batches(train, args.batch, rng):
            x, y, lengths = tensors(train, idx)
            loss = masked_loss(model(x, lengths), x, y, mask)
            opt.zero_grad()
            (loss / len(idx)).backward()
            opt.step()
            sched.step()
            total += loss.item()
            letters += int(lengths.sum())
        msg = f"epoch {epoch + 1}: train loss {total / letters:.4f}"
        if check:
            model.eval()
            with torch.no_grad():
                cl, cn, right, wr = 0.0, 0, 0, 0
                for i in range(0, len(check), 256):
                    idx = list(range(i, min(i + 256, len(check))))
                    x, y, lengths = tensors(check, idx)
                    logits = model(x, lengths).masked_fill(~mask[x], -1e9)
                    cl += F.cross_entropy(logits.reshape(-1, vocab), y.reshape(-1),
                                          ignore_index=-100, reduction="sum").item()
                    cn += int(lengths.sum())
                    ok = (logits.argmax(-1) == y) | (y == -100)
                    wr += int(ok.all(1).sum())
            msg += f", check loss {cl / cn:.4f}, words right alone {100 * wr / len(check):.1f} %"
        print(f"{msg} ({time.time() - t0:.0f} s)", flush=True)
    model.eval()
    with torch.no_grad():
        for word in args.probe:
            x = torch.tensor([[symbol(c) for c in word]])
            lp = F.log_softmax(model(x, torch.tensor([len(word)])).masked_fill(~mask[x], -1e9), -1)
            best = lp[0].max(-1)
            pairs = ", ".join(f"({t}, {v:.5f})" for t, v in zip(best.indices.tolist(),
                                                                 best.values.tolist()))
            print(f"probe {word}: [{pairs}]")
    section = export(model, args, vocab)
    data = open(args.model, "rb").read()
    nul = data.index(b"\0")
    note = (f"# Neural letter classifier (tools/lts-neural/train.py): BiLSTM {args.layers} x "
            f"{args.hidden}, letters embedded in {args.emb}, {args.epochs} epochs (batch "
            f"{args.batch}, rate {args.rate}, dropout {args.dropout}, seed {args.seed}), "
            f"weight {args.weight} in the decoder.\n").encode()
    with open(args.out, "wb") as f:
        f.write(data[:nul] + note + data[nul:] + section)
    print(f"{args.out}: {len(data) + len(note) + len(section)} bytes, section {len(section)}, "
          f"{time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
