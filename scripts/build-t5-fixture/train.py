"""Teacher-forced training of the tiny T5 and greedy decoding checks."""
import random
import time

import torch
import torch.nn.functional as F

from unigram import EOS, PAD


def batch_tensors(tok, batch):
    """Encoder ids + mask, decoder inputs (start token + target[:-1]) and targets (-100 = no loss)."""
    src = [tok.encode(p) for p, _ in batch]
    tgt = [tok.encode(t) for _, t in batch]
    s_len, t_len = max(map(len, src)), max(map(len, tgt))
    ids = torch.tensor([s + [PAD] * (s_len - len(s)) for s in src])
    mask = torch.tensor([[1] * len(s) + [0] * (s_len - len(s)) for s in src])
    dec = torch.tensor([[PAD] + t[:-1] + [PAD] * (t_len - len(t)) for t in tgt])
    targets = torch.tensor([t + [-100] * (t_len - len(t)) for t in tgt])
    return ids, mask, dec, targets


def train(model, tok, data, steps, batch, lr, seed, log, label):
    rng = random.Random(seed)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    start, smooth = time.time(), None
    model.train()
    for step in range(steps):
        ids, mask, dec, targets = batch_tensors(tok, rng.sample(data, batch))
        logits = model(ids, mask, dec)
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), ignore_index=-100)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        smooth = loss.item() if smooth is None else 0.9 * smooth + 0.1 * loss.item()
        if step % 100 == 0 or step == steps - 1:
            log(f'{label} step {step}/{steps} loss {loss.item():.3f} (smoothed {smooth:.3f}) {time.time() - start:.1f}s')
    model.eval()
    return {'steps': steps, 'batch': batch, 'final_loss': round(smooth, 4), 'wall_seconds': round(time.time() - start, 1)}


@torch.no_grad()
def greedy(model, tok, prompt, max_new=8, cached=True):
    """Greedy decoding, with the self-attention cache or by re-running the whole prefix each step."""
    ids = torch.tensor([tok.encode(prompt)])
    mask = torch.ones_like(ids)
    enc = model.encode(ids, mask)
    out, past = [PAD], None
    for _ in range(max_new):
        if cached:
            logits, past = model.decode(torch.tensor([out[-1:]]), mask, enc, past)
        else:
            logits, _ = model.decode(torch.tensor([out]), mask, enc)
        token = int(logits[0, -1].argmax())
        if token == EOS:
            break
        out.append(token)
    return out[1:]


def accuracy(model, tok, pairs):
    return sum(tok.decode(greedy(model, tok, p)) == t for p, t in pairs) / len(pairs)
