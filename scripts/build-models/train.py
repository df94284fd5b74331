"""Pretraining on the corpus and supervised fine-tuning on chat-rendered pairs."""
import math
import time

import torch
import torch.nn.functional as F

import instructions as ins


def lr_at(step, steps, peak, warmup, floor=0.1):
    if step < warmup:
        return peak * (step + 1) / warmup
    t = (step - warmup) / max(1, steps - warmup)
    return peak * (floor + (1 - floor) * 0.5 * (1 + math.cos(math.pi * t)))


def optimizer(model, lr):
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    rest = [p for n, p in model.named_parameters() if p.dim() < 2]
    return torch.optim.AdamW([{'params': decay, 'weight_decay': 0.05}, {'params': rest, 'weight_decay': 0.0}],
                             lr=lr, betas=(0.9, 0.95))


def run_steps(model, batches, steps, peak, warmup, log, label):
    opt = optimizer(model, peak)
    start, smooth, history = time.time(), None, []
    model.train()
    for step in range(steps):
        for g in opt.param_groups:
            g['lr'] = lr_at(step, steps, peak, warmup)
        ids, mask, targets = next(batches)
        h, _ = model.hidden(ids, mask, (mask.cumsum(-1) - 1).clamp(min=0))
        keep = targets != -100  # project to the vocabulary only where there is a loss
        loss = F.cross_entropy(model.logits(h[keep]), targets[keep])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        smooth = loss.item() if smooth is None else 0.95 * smooth + 0.05 * loss.item()
        if step % 50 == 0 or step == steps - 1:
            history.append({'step': step, 'loss': round(loss.item(), 4), 'smoothed': round(smooth, 4)})
            log(f'{label} step {step}/{steps} loss {loss.item():.3f} (smoothed {smooth:.3f}) '
                f'{time.time() - start:.0f}s')
    model.eval()
    # wall time is logged but kept out of the returned record: the model cards must be byte-identical on a rebuild
    log(f'{label}: {steps} steps in {time.time() - start:.0f}s')
    return {'steps': steps, 'final_loss': round(smooth, 4), 'log': history}


def corpus_batches(ids, batch, seq, gen):
    data = torch.tensor(ids, dtype=torch.long)
    while True:
        starts = torch.randint(0, len(data) - seq - 1, (batch,), generator=gen)
        x = torch.stack([data[s:s + seq + 1] for s in starts])
        yield x[:, :-1], torch.ones(batch, seq, dtype=torch.long), x[:, 1:]


def pretrain(model, ids, steps, batch, seq, seed, log):
    gen = torch.Generator().manual_seed(seed)
    return run_steps(model, corpus_batches(ids, batch, seq, gen), steps, 2e-3, 60, log, 'pretrain')


def encode_pair(tok, pair, end_id):
    prompt = tok.encode(ins.render_prompt(pair['prompt'], pair['system']))
    reply = tok.encode(pair['reply']) + [end_id]
    return prompt + reply, len(prompt)


def sft_batches(examples, batch, gen, max_len, bucket=16):
    """Batches of similar length (less padding): shuffle, sort each run of `bucket` batches by length,
    cut it into batches and shuffle their order. Deterministic given the generator."""
    while True:
        order = torch.randperm(len(examples), generator=gen).tolist()
        span = batch * bucket
        batches = []
        for c in range(0, len(order) - batch + 1, span):
            chunk = sorted(order[c:c + span], key=lambda j: (len(examples[j][0]), j))
            batches += [chunk[i:i + batch] for i in range(0, len(chunk) - batch + 1, batch)]
        for b in torch.randperm(len(batches), generator=gen).tolist():
            rows = [examples[j] for j in batches[b]]
            width = min(max_len, max(len(ids) for ids, _ in rows))
            ids = torch.zeros(batch, width, dtype=torch.long)
            mask = torch.zeros(batch, width, dtype=torch.long)
            targets = torch.full((batch, width), -100, dtype=torch.long)
            for r, (seq, n_prompt) in enumerate(rows):
                seq = seq[-width:]  # keep the reply if a prompt is ever too long
                n_prompt = max(1, n_prompt - (len(rows[r][0]) - len(seq)))
                ids[r, :len(seq)] = torch.tensor(seq)
                mask[r, :len(seq)] = 1
                # targets[t] predicts token t+1: loss only where t+1 is in the reply
                targets[r, n_prompt - 1:len(seq) - 1] = torch.tensor(seq[n_prompt:])
            yield ids, mask, targets


def mixed_batches(sft, corpus, mix):
    """The instruction batches with a corpus batch (loss on every token) in place of one step in
    1/mix, on a fixed schedule, so tuning keeps some of the pretraining signal."""
    step = 0
    while True:
        if mix > 0 and int((step + 1) * mix) > int(step * mix):
            yield next(corpus)
        else:
            yield next(sft)
        step += 1


def finetune(model, tok, pairs, end_id, steps, batch, seed, log, max_len=256, lr=2e-3, corpus_ids=None, mix=0.0):
    gen = torch.Generator().manual_seed(seed)
    examples = [encode_pair(tok, p, end_id) for p in pairs]
    batches = sft_batches(examples, batch, gen, max_len)
    if mix > 0:
        batches = mixed_batches(batches, corpus_batches(corpus_ids, 16, 160, torch.Generator().manual_seed(seed + 5)), mix)
    return run_steps(model, batches, steps, lr, 30, log, 'finetune')
