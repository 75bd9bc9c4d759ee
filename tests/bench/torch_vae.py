"""PyTorch on the CPU, one thread: the MLP VAE our wasm step is compared with (bench only).

The same model as the runner's (−,−,−) family: encoder 784 → hidden (ReLU) → mean and softplus std
(+1e-3), decoder L → hidden (ReLU) → 784 Bernoulli logits, R = KL(e(z|x) ‖ N(0, I)) in closed form,
D = −log d(x|z) with one sample, loss D + β·R (batch means), Adam (lr 1e-3). Data: seeded random
binary images (the step's cost does not depend on the pixels). Prints one JSON line.

Usage: /usr/bin/python3 tests/bench/torch_vae.py [--hidden 256] [--latent 16] [--batch 64] [--seconds 4]
"""
import argparse
import json
import time

import torch
import torch.nn.functional as F

p = argparse.ArgumentParser()
p.add_argument("--hidden", type=int, default=256)
p.add_argument("--latent", type=int, default=16)
p.add_argument("--batch", type=int, default=64)
p.add_argument("--seconds", type=float, default=4.0)
a = p.parse_args()

torch.set_num_threads(1)
torch.manual_seed(1)
H, L, B = a.hidden, a.latent, a.batch
enc1 = torch.nn.Linear(784, H)
enc_m = torch.nn.Linear(H, L)
enc_s = torch.nn.Linear(H, L)
dec1 = torch.nn.Linear(L, H)
dec2 = torch.nn.Linear(H, 784)
params = [q for m in (enc1, enc_m, enc_s, dec1, dec2) for q in m.parameters()]
opt = torch.optim.Adam(params, lr=1e-3)
data = (torch.rand(1000, 784) < 0.13).float()


def step(i):
    x = data[torch.randint(0, 1000, (B,))]
    h = F.relu(enc1(x * 2 - 1))
    mean = enc_m(h)
    std = F.softplus(enc_s(h)) + 1e-3
    z = mean + std * torch.randn(B, L)
    logits = dec2(F.relu(dec1(z)))
    d = F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(1).mean()
    r = 0.5 * (mean.square() + std.square() - 1 - 2 * std.log()).sum(1).mean()
    loss = d + r
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    return r, d


for i in range(20):
    step(i)
t0 = time.perf_counter()
n = 0
while time.perf_counter() - t0 < a.seconds:
    for _ in range(10):
        r, d = step(n)
        n += 1
float(r)
s = time.perf_counter() - t0
print(json.dumps({"engine": "pytorch", "version": torch.__version__, "threads": torch.get_num_threads(),
                  "hidden": H, "latent": L, "batch": B, "steps": n, "stepsPerSecond": n / s}))
