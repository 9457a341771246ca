#!/usr/bin/python3
"""PyTorch fixtures for RnnZoo's weight import and export (issue 16), and the check of RnnZoo's exports in PyTorch.

Needs Debian's PyTorch (apt-get install -y python3-torch, PyTorch 1.13); run it with /usr/bin/python3, not the
python3 first on PATH. No safetensors package is needed: the .safetensors files are written by the format's
published layout (8-byte little-endian header length, JSON header with dtype/shape/data_offsets, raw bytes).

Write the fixtures (committed under Tests/Models/Serialization/Fixtures/, a few KB):
    /usr/bin/python3 scripts/pytorch/fixtures.py write Tests/Models/Serialization/Fixtures

    bilstm2.pt / bilstm2.safetensors / bilstm2.json
        nn.LSTM(3, 5, num_layers=2, bidirectional=True, batch_first=True) on a float batch [4, 7, 3], lengths 7 3 5 1,
        run through pack_padded_sequence: outputs [4, 7, 10] (zero past each length), h_n and c_n [4, 4, 5].
    gru_classifier.pt / gru_classifier.safetensors / gru_classifier.json
        embedding = nn.Embedding(30, 6, padding_idx=0), rnn = nn.GRU(6, 7, batch_first=True), fc = nn.Linear(7, 2),
        max over the valid steps (RnnZoo's Pooling.Max): logits [4, 2] for ids [4, 8], lengths 8 2 5 3.
        RnnZoo names the modules embedding/encoder/head: load it with the map encoder.=rnn., head.=fc.

Check RnnZoo's exports in PyTorch (the round trip RnnZoo -> .pt -> PyTorch, run by hand):
    RNNZOO_ROUNDTRIP_DIR=/tmp/rnnzoo-roundtrip dotnet test Tests --filter PyTorchRoundTrip
    /usr/bin/python3 scripts/pytorch/fixtures.py check /tmp/rnnzoo-roundtrip
The test saves freshly initialised RnnZoo models of both kinds as .pt (PyBridge's save_py) with RnnZoo's outputs on
the fixture batch; this loads each file into the PyTorch module with load_state_dict(strict=True) and compares.
"""
import json
import struct
import sys
from collections import OrderedDict

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence


class GruClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(30, 6, padding_idx=0)
        self.rnn = nn.GRU(6, 7, batch_first=True)
        self.fc = nn.Linear(7, 2)

    def forward(self, ids, lengths):
        packed = pack_padded_sequence(self.embedding(ids), lengths, batch_first=True, enforce_sorted=False)
        out, _ = self.rnn(packed)
        out, _ = pad_packed_sequence(out, batch_first=True, total_length=ids.shape[1])
        valid = torch.arange(ids.shape[1]).unsqueeze(0) < lengths.unsqueeze(1)
        pooled = out.masked_fill(~valid.unsqueeze(-1), float("-inf")).amax(1)
        return self.fc(pooled)


def make_lstm():
    return nn.LSTM(3, 5, num_layers=2, bidirectional=True, batch_first=True)


def run_lstm(lstm, x, lengths):
    packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
    out, (h, c) = lstm(packed)
    out, _ = pad_packed_sequence(out, batch_first=True, total_length=x.shape[1])
    return out, h, c


def lstm_batch():
    g = torch.Generator().manual_seed(7)
    return torch.randn(4, 7, 3, generator=g), torch.tensor([7, 3, 5, 1])


def gru_batch():
    g = torch.Generator().manual_seed(8)
    lengths = torch.tensor([8, 2, 5, 3])
    ids = torch.randint(1, 30, (4, 8), generator=g)
    ids[torch.arange(8).unsqueeze(0) >= lengths.unsqueeze(1)] = 0  # post-padding with the padding id
    return ids, lengths


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def save_safetensors(path, state):
    """The safetensors layout: u64 little-endian header size, JSON header, then the raw little-endian tensors."""
    header, blobs, offset = OrderedDict(), [], 0
    for name, tensor in state.items():
        data = tensor.detach().contiguous().to(torch.float32).numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    header["__metadata__"] = {"format": "pt"}
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def write(folder):
    torch.manual_seed(16)
    lstm = make_lstm().eval()
    x, lengths = lstm_batch()
    with torch.no_grad():
        out, h, c = run_lstm(lstm, x, lengths)
    torch.save(lstm.state_dict(), f"{folder}/bilstm2.pt")
    save_safetensors(f"{folder}/bilstm2.safetensors", lstm.state_dict())
    with open(f"{folder}/bilstm2.json", "w") as f:
        json.dump({"torch": torch.__version__, "inputs": flat(x), "input_shape": list(x.shape), "lengths": lengths.tolist(),
                   "output": flat(out), "output_shape": list(out.shape), "h_n": flat(h), "c_n": flat(c), "state_shape": list(h.shape)}, f)

    model = GruClassifier().eval()
    ids, lengths = gru_batch()
    with torch.no_grad():
        logits = model(ids, lengths)
    torch.save(model.state_dict(), f"{folder}/gru_classifier.pt")
    save_safetensors(f"{folder}/gru_classifier.safetensors", model.state_dict())
    with open(f"{folder}/gru_classifier.json", "w") as f:
        json.dump({"torch": torch.__version__, "ids": ids.reshape(-1).tolist(), "input_shape": list(ids.shape), "lengths": lengths.tolist(),
                   "logits": flat(logits), "output_shape": list(logits.shape)}, f)
    print(f"wrote bilstm2 and gru_classifier (.pt, .safetensors, .json) to {folder}")


def check(folder, tolerance=1e-5):
    worst = {}
    lstm = make_lstm().eval()
    lstm.load_state_dict(torch.load(f"{folder}/bilstm2.pt"), strict=True)
    expected = json.load(open(f"{folder}/bilstm2.rnnzoo.json"))
    x, lengths = lstm_batch()
    with torch.no_grad():
        out, h, c = run_lstm(lstm, x, lengths)
    worst["bilstm2 output"] = max(abs(a - b) for a, b in zip(flat(out), expected["output"]))
    worst["bilstm2 h_n"] = max(abs(a - b) for a, b in zip(flat(h), expected["h_n"]))
    worst["bilstm2 c_n"] = max(abs(a - b) for a, b in zip(flat(c), expected["c_n"]))

    model = GruClassifier().eval()
    model.load_state_dict(torch.load(f"{folder}/gru_classifier.pt"), strict=True)
    expected = json.load(open(f"{folder}/gru_classifier.rnnzoo.json"))
    ids, lengths = gru_batch()
    with torch.no_grad():
        logits = model(ids, lengths)
    worst["gru_classifier logits"] = max(abs(a - b) for a, b in zip(flat(logits), expected["logits"]))
    ok = True
    for name, diff in worst.items():
        print(f"{name}: max |PyTorch - RnnZoo| = {diff:.2e}")
        ok &= diff <= tolerance
    print("round trip OK" if ok else f"round trip FAILED (tolerance {tolerance})")
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("write", "check"):
        print(__doc__)
        sys.exit(2)
    sys.exit(write(sys.argv[2]) or 0 if sys.argv[1] == "write" else check(sys.argv[2]))
