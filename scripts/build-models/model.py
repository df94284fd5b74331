"""A small GPT-2 style decoder (pre-LN, learned positions, tied embeddings).

Written so that torch.onnx.export traces a graph with the layout
transformers.js expects: input_ids, attention_mask, position_ids,
past_key_values.{i}.key|value in, logits and present.{i}.key|value out.
"""
import math
from dataclasses import dataclass, asdict

import torch
import torch.nn as nn
import torch.nn.functional as F

NEG = -1e9  # finite, so a fully masked (left-padding) row stays NaN-free


@dataclass
class Config:
    vocab_size: int = 1024
    n_layer: int = 4
    n_head: int = 4
    n_embd: int = 128
    n_positions: int = 512

    def to_dict(self):
        return asdict(self)


class Block(nn.Module):
    def __init__(self, cfg: Config):
        super().__init__()
        self.n_head = cfg.n_head
        self.head_dim = cfg.n_embd // cfg.n_head
        self.ln_1 = nn.LayerNorm(cfg.n_embd)
        self.c_attn = nn.Linear(cfg.n_embd, 3 * cfg.n_embd)
        self.c_proj = nn.Linear(cfg.n_embd, cfg.n_embd)
        self.ln_2 = nn.LayerNorm(cfg.n_embd)
        self.c_fc = nn.Linear(cfg.n_embd, 4 * cfg.n_embd)
        self.mlp_proj = nn.Linear(4 * cfg.n_embd, cfg.n_embd)

    def split(self, t):
        b, s, _ = t.shape
        return t.view(b, s, self.n_head, self.head_dim).transpose(1, 2)

    def forward(self, x, bias, past_k=None, past_v=None):
        q, k, v = self.c_attn(self.ln_1(x)).chunk(3, dim=-1)
        q, k, v = self.split(q), self.split(k), self.split(v)
        if past_k is not None:
            k = torch.cat([past_k, k], dim=2)
            v = torch.cat([past_v, v], dim=2)
        att = (q @ k.transpose(-1, -2)) * (1.0 / math.sqrt(self.head_dim)) + bias
        y = F.softmax(att, dim=-1) @ v
        b, _, s, _ = y.shape
        y = y.transpose(1, 2).reshape(b, s, self.n_head * self.head_dim)
        x = x + self.c_proj(y)
        x = x + self.mlp_proj(F.gelu(self.c_fc(self.ln_2(x)), approximate='tanh'))
        return x, k, v


class GPT(nn.Module):
    def __init__(self, cfg: Config):
        super().__init__()
        self.cfg = cfg
        self.wte = nn.Embedding(cfg.vocab_size, cfg.n_embd)
        self.wpe = nn.Embedding(cfg.n_positions, cfg.n_embd)
        self.blocks = nn.ModuleList([Block(cfg) for _ in range(cfg.n_layer)])
        self.ln_f = nn.LayerNorm(cfg.n_embd)
        self.apply(self._init)
        for b in self.blocks:  # GPT-2's scaled init of residual projections
            for p in (b.c_proj.weight, b.mlp_proj.weight):
                nn.init.normal_(p, std=0.02 / math.sqrt(2 * cfg.n_layer))

    @staticmethod
    def _init(m):
        if isinstance(m, nn.Linear):
            nn.init.normal_(m.weight, std=0.02)
            nn.init.zeros_(m.bias)
        elif isinstance(m, nn.Embedding):
            nn.init.normal_(m.weight, std=0.02)

    def n_params(self):
        return sum(p.numel() for p in self.parameters())

    def hidden(self, input_ids, attention_mask, position_ids, past=None):
        q_len = input_ids.shape[1]
        past_len = past[0][0].shape[2] if past is not None else 0
        qi = torch.arange(q_len, device=input_ids.device) + past_len
        kj = torch.arange(past_len + q_len, device=input_ids.device)
        allowed = (kj[None, :] <= qi[:, None])[None, None] & (attention_mask[:, None, None, :] > 0)
        bias = torch.where(allowed, torch.zeros((), dtype=torch.float32), torch.full((), NEG))
        x = self.wte(input_ids) + self.wpe(position_ids)
        presents = []
        for i, blk in enumerate(self.blocks):
            pk, pv = (past[i] if past is not None else (None, None))
            x, k, v = blk(x, bias, pk, pv)
            presents.append((k, v))
        return self.ln_f(x), presents

    def logits(self, h):
        return F.linear(h, self.wte.weight)

    def forward(self, input_ids, attention_mask=None, position_ids=None):
        """Training path: no cache; positions from the mask (left padding safe)."""
        if attention_mask is None:
            attention_mask = torch.ones_like(input_ids)
        if position_ids is None:
            position_ids = (attention_mask.cumsum(-1) - 1).clamp(min=0)
        h, _ = self.hidden(input_ids, attention_mask, position_ids)
        return self.logits(h)


class OnnxWrapper(nn.Module):
    """Flat signature for torch.onnx.export, with num_logits_to_keep (0 = all)."""

    def __init__(self, model: GPT):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, position_ids, num_logits_to_keep, *past_flat):
        past = [(past_flat[2 * i], past_flat[2 * i + 1]) for i in range(len(past_flat) // 2)]
        h, presents = self.model.hidden(input_ids, attention_mask, position_ids, past)
        # the last `keep` positions (0 = all), built from traced shapes so it stays dynamic
        pos = torch.ones_like(h[0, :, 0], dtype=torch.int64).cumsum(0) - 1
        seq = pos[-1:] + 1
        keep = torch.where(num_logits_to_keep > 0, torch.minimum(num_logits_to_keep, seq), seq)
        idx = torch.nonzero(pos >= seq - keep).squeeze(1)
        out = [self.model.logits(torch.index_select(h, 1, idx))]
        for k, v in presents:
            out += [k, v]
        return tuple(out)
