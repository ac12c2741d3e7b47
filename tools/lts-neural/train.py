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
    """The graphone inventory (token -> letter symbol, tokens with a primary stress) and the
    aligned words (letter symbols, graphone tokens)."""
    letter_of = {}
    primary = set()
    words = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("@ "):
                parts = line.split(" ")
                letter_of[int(parts[1])] = int(parts[2])
                if any(ph.endswith("1") for ph in parts[3:]):
                    primary.add(int(parts[1]))
            elif line:
                w, toks = line.split("\t")
                words.append(([symbol(c) for c in w], [int(t) for t in toks.split(" ")]))
    return letter_of, primary, words


BOS = 1  # the n-gram's begin-of-word token, the history of the first letter


class Model(nn.Module):
    """BiLSTM over the letters; with `context` > 0 a hidden layer of that size also sees the
    two previous graphones and whether a primary stress came before (teacher-forced)."""

    def __init__(self, vocab, emb, hidden, layers, dropout, context):
        super().__init__()
        self.context = context
        if context:
            self.pre = nn.Linear(2 * hidden, context)
            self.prev1 = nn.Embedding(vocab, context)
            self.prev2 = nn.Embedding(vocab, context)
            self.stressed = nn.Embedding(2, context)
        self.emb = nn.Embedding(LETTERS, emb)
        self.lstm = nn.LSTM(emb, hidden, num_layers=layers, bidirectional=True,
                            batch_first=True, dropout=dropout if layers > 1 else 0.0)
        self.drop = nn.Dropout(dropout)
        self.out = nn.Linear(context or 2 * hidden, vocab)

    def forward(self, x, lengths, hist=None):
        e = self.drop(self.emb(x))
        packed = nn.utils.rnn.pack_padded_sequence(e, lengths, batch_first=True,
                                                   enforce_sorted=False)
        h, _ = self.lstm(packed)
        h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=x.shape[1])
        if self.context:
            p1, p2, st = hist
            h = torch.tanh(self.pre(h) + self.prev1(p1) + self.prev2(p2) + self.stressed(st))
        return self.out(self.drop(h))


def batches(words, size, rng):
    order = sorted(range(len(words)), key=lambda i: (len(words[i][0]), rng.random()))
    chunks = [order[i:i + size] for i in range(0, len(order), size)]
    rng.shuffle(chunks)
    return chunks


def history(tokens, primary):
    """Per letter: the previous graphone, the one before, whether a primary stress came
    before (as the decoder's state: BOS then 0 before the word)."""
    p1, p2, st = [], [], []
    prev, stressed = [BOS, 0], 0
    for t in tokens:
        p1.append(prev[0])
        p2.append(prev[1])
        st.append(stressed)
        prev = [t, prev[0]]
        stressed = stressed or int(t in primary)
    return p1, p2, st


def tensors(words, idx, primary=None):
    n = max(len(words[i][0]) for i in idx)
    x = torch.zeros(len(idx), n, dtype=torch.long)
    hist = [torch.zeros(len(idx), n, dtype=torch.long) for _ in range(3)]
    y = torch.full((len(idx), n), -100, dtype=torch.long)
    lengths = torch.tensor([len(words[i][0]) for i in idx])
    for r, i in enumerate(idx):
        l, t = words[i]
        x[r, :len(l)] = torch.tensor(l)
        y[r, :len(t)] = torch.tensor(t)
        if primary is not None:
            for k, v in enumerate(history(t, primary)):
                hist[k][r, :len(t)] = torch.tensor(v)
    return x, y, lengths, hist


def masked_loss(logits, x, y, mask, smoothing=0.0):
    """Summed cross-entropy over the letters; with `smoothing` > 0 the target keeps 1 -
    smoothing and spreads the rest evenly over the letter's graphones (its mask)."""
    allowed = mask[x]
    logits = logits.masked_fill(~allowed, -1e9)
    loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1),
                           ignore_index=-100, reduction="sum")
    if not smoothing:
        return loss
    lp = F.log_softmax(logits, -1).masked_fill(~allowed, 0.0)
    uniform = -lp.sum(-1) / allowed.sum(-1).clamp(min=1)
    uniform = uniform.masked_fill(y == -100, 0.0).sum()
    return (1 - smoothing) * loss + smoothing * uniform


def export(sd, args, vocab):
    """The `NEURAL` section: tag, version, dimensions (u32: embedding, hidden, layers,
    vocabulary, context), weight (f32), then f32 arrays (layout in neural.rs)."""
    out = bytearray(b"NEURAL")
    out += struct.pack("<6I", 1, args.emb, args.hidden, args.layers, vocab, args.context)
    out += struct.pack("<f", args.weight)
    sd = {k: v.detach().cpu().numpy().astype("<f4") for k, v in sd.items()}
    arrays = [sd["emb.weight"]]
    for layer in range(args.layers):
        for suffix in ("", "_reverse"):
            arrays.append(sd[f"lstm.weight_ih_l{layer}{suffix}"])
            arrays.append(sd[f"lstm.weight_hh_l{layer}{suffix}"])
            arrays.append(sd[f"lstm.bias_ih_l{layer}{suffix}"] + sd[f"lstm.bias_hh_l{layer}{suffix}"])
    if args.context:
        arrays += [sd["pre.weight"], sd["pre.bias"], sd["prev1.weight"], sd["prev2.weight"],
                   sd["stressed.weight"]]
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
    p.add_argument("--context", type=int, default=0,
                   help="size of a hidden layer that also sees the previous graphones (0 = none)")
    p.add_argument("--dropout", type=float, default=0.2)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--rate", type=float, default=2e-3)
    p.add_argument("--weight", type=float, default=0.25)
    p.add_argument("--smoothing", type=float, default=0.0,
                   help="label smoothing over each letter's graphones (0 = none)")
    p.add_argument("--average", type=int, default=0,
                   help="export the mean of the parameters over every step of the last N "
                        "epochs (0 = the last step's parameters)")
    p.add_argument("--snapshots", default="",
                   help="also write PREFIX-final.bin and PREFIX-avgK.bin for K = 1 .. "
                        "--average (to choose K on the development split)")
    p.add_argument("--limit", type=int, default=0, help="train on this many words (smoke test)")
    p.add_argument("--check", type=int, default=2000, help="words kept aside to report loss")
    p.add_argument("--probe", nargs="*", default=["kubernetes", "cochabamba", "phoebe"],
                   help="words whose best graphone and its ln P per letter are printed")
    args = p.parse_args()

    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    letter_of, primary, words = read_alignments(args.alignments)
    vocab = max(letter_of) + 1
    mask = torch.zeros(LETTERS, vocab, dtype=torch.bool)
    for t, l in letter_of.items():
        mask[l, t] = True
    shuffled = list(range(len(words)))
    rng.shuffle(shuffled)
    check = [words[i] for i in shuffled[:args.check]]
    train = [words[i] for i in shuffled[args.check:]]
    if args.limit:
        train = train[:args.limit]
    model = Model(vocab, args.emb, args.hidden, args.layers, args.dropout, args.context)
    opt = torch.optim.Adam(model.parameters(), lr=args.rate)
    steps = args.epochs * ((len(train) + args.batch - 1) // args.batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.rate, total_steps=steps,
                                                pct_start=0.1)
    # per epoch among the last --average: [steps, the parameters' sums over its steps]
    sums = {}
    t0 = time.time()
    for epoch in range(args.epochs):
        model.train()
        total, letters = 0.0, 0
        for idx in batches(train, args.batch, rng):
            x, y, lengths, hist = tensors(train, idx, primary)
            loss = masked_loss(model(x, lengths, hist), x, y, mask, args.smoothing)
            opt.zero_grad()
            (loss / len(idx)).backward()
            opt.step()
            sched.step()
            if epoch >= args.epochs - args.average:
                n, acc = sums.setdefault(epoch, [0, {}])
                sums[epoch][0] = n + 1
                with torch.no_grad():
                    for name, v in model.state_dict().items():
                        acc[name] = acc[name] + v.double() if name in acc else v.double()
            total += loss.item()
            letters += int(lengths.sum())
        msg = f"epoch {epoch + 1}: train loss {total / letters:.4f}"
        if check:
            model.eval()
            with torch.no_grad():
                cl, cn, right, wr = 0.0, 0, 0, 0
                for i in range(0, len(check), 256):
                    idx = list(range(i, min(i + 256, len(check))))
                    x, y, lengths, hist = tensors(check, idx, primary)
                    logits = model(x, lengths, hist).masked_fill(~mask[x], -1e9)
                    cl += F.cross_entropy(logits.reshape(-1, vocab), y.reshape(-1),
                                          ignore_index=-100, reduction="sum").item()
                    cn += int(lengths.sum())
                    ok = (logits.argmax(-1) == y) | (y == -100)
                    wr += int(ok.all(1).sum())
            msg += f", check loss {cl / cn:.4f}, words right alone {100 * wr / len(check):.1f} %"
        print(f"{msg} ({time.time() - t0:.0f} s)", flush=True)
    model.eval()
    final = {name: v.detach().clone() for name, v in model.state_dict().items()}

    def mean(k):  # the parameters averaged over every step of the last k epochs
        last = [sums[e] for e in range(args.epochs - k, args.epochs)]
        steps = sum(n for n, _ in last)
        return {name: (sum(acc[name] for _, acc in last) / steps).float() for name in final}

    outputs = [(args.out, mean(args.average) if args.average else final, args.average)]
    if args.snapshots:
        outputs += [(f"{args.snapshots}-final.bin", final, 0)]
        outputs += [(f"{args.snapshots}-avg{k}.bin", mean(k), k)
                    for k in range(1, args.average + 1)]
    data = open(args.model, "rb").read()
    nul = data.index(b"\0")
    smoothed = f", label smoothing {args.smoothing}" if args.smoothing else ""
    for path, sd, k in outputs:
        model.load_state_dict(sd)
        print(f"{path}:")
        probe(model, args.probe, mask, primary)
        section = export(sd, args, vocab)
        averaged = f", parameters averaged over the last {k} epochs" if k else ""
        note = (f"# Neural letter classifier (tools/lts-neural/train.py): BiLSTM {args.layers} x "
                f"{args.hidden}, letters embedded in {args.emb}, {args.epochs} epochs (batch "
                f"{args.batch}, rate {args.rate}, dropout {args.dropout}{smoothed}, seed "
                f"{args.seed}{averaged}), weight {args.weight} in the decoder.\n").encode()
        # The header ends in a NUL byte and up to three more, so that the section's f32
        # arrays (after its tag and six u32) start at a multiple of 4 (see model.rs).
        head, body = data[:nul] + note, data[nul:].lstrip(b"\0")
        pad = -(len(head) + 1 + len(body) + 30) % 4
        out = head + b"\0" * (1 + pad) + body + section
        with open(path, "wb") as f:
            f.write(out)
        print(f"{path}: {len(out)} bytes, section {len(section)}, "
              f"{time.time() - t0:.0f} s", flush=True)


def probe(model, words, mask, primary):
    """Prints each word's greedy graphones and their ln P (compared by neural.rs's tests)."""
    with torch.no_grad():
        for word in words:
            x = torch.tensor([[symbol(c) for c in word]])
            lengths = torch.tensor([len(word)])
            tokens, values = [], []
            for i in range(len(word)):  # greedy, each letter with the best ones before it
                hist = [torch.tensor([v + [0] * (len(word) - len(v))])
                        for v in history(tokens + [0], primary)]
                lp = F.log_softmax(model(x, lengths, hist).masked_fill(~mask[x], -1e9), -1)
                v, t = lp[0, i].max(-1)
                tokens.append(int(t))
                values.append(float(v))
            pairs = ", ".join(f"({t}, {v:.5f})" for t, v in zip(tokens, values))
            print(f"probe {word}: [{pairs}]")


if __name__ == "__main__":
    main()
