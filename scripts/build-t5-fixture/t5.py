"""A tiny T5 (v1.0 layout): RMS norm, bucketed relative position bias, ReLU
feed-forward, unscaled attention, embeddings tied to the LM head (scaled by
d_model ** -0.5).

Written so torch.onnx.export traces the two graphs transformers.js loads with
AutoModelForSeq2SeqLM: an encoder (input_ids, attention_mask ->
last_hidden_state) and a decoder with a self-attention cache
(past_key_values.{i}.decoder.key|value in, present.{i}.decoder.key|value out);
cross-attention keys and values are recomputed from encoder_hidden_states at
every step, so the decoder needs no If node and no encoder cache.
"""
import math
from dataclasses import dataclass, asdict

import torch
import torch.nn as nn
import torch.nn.functional as F

NEG = -1e9  # finite: a fully masked row stays NaN-free


@dataclass
class Config:
    vocab_size: int = 256
    d_model: int = 32
    d_kv: int = 8
    d_ff: int = 64
    num_heads: int = 4
    num_layers: int = 2
    num_decoder_layers: int = 2
    relative_attention_num_buckets: int = 32
    relative_attention_max_distance: int = 128
    n_positions: int = 512

    def to_dict(self):
        return asdict(self)


def relative_bucket(relative, bidirectional, num_buckets, max_distance):
    """T5's bucketing of key - query offsets (exact for small offsets, logarithmic beyond)."""
    buckets = torch.zeros_like(relative)
    if bidirectional:
        num_buckets //= 2
        buckets = buckets + (relative > 0).long() * num_buckets
        relative = relative.abs()
    else:
        relative = -torch.clamp(relative, max=0)
    max_exact = num_buckets // 2
    is_small = relative < max_exact
    large = max_exact + (torch.log(relative.float().clamp(min=1) / max_exact)
                         / math.log(max_distance / max_exact) * (num_buckets - max_exact)).long()
    large = torch.clamp(large, max=num_buckets - 1)
    return buckets + torch.where(is_small, relative, large)


class RMSNorm(nn.Module):
    def __init__(self, dim, eps=1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))
        self.eps = eps

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


class Attention(nn.Module):
    def __init__(self, cfg: Config, has_bias: bool, bidirectional: bool):
        super().__init__()
        inner = cfg.num_heads * cfg.d_kv
        self.cfg, self.bidirectional = cfg, bidirectional
        self.q, self.k, self.v = (nn.Linear(cfg.d_model, inner, bias=False) for _ in range(3))
        self.o = nn.Linear(inner, cfg.d_model, bias=False)
        self.bias = nn.Embedding(cfg.relative_attention_num_buckets, cfg.num_heads) if has_bias else None

    def split(self, t):
        b, s, _ = t.shape
        return t.view(b, s, self.cfg.num_heads, self.cfg.d_kv).transpose(1, 2)

    def position_bias(self, q_len, k_len):
        """[1, heads, q_len, k_len]; queries are the last q_len of k_len positions."""
        keys = torch.arange(k_len)
        queries = keys[k_len - q_len:]
        buckets = relative_bucket(keys[None, :] - queries[:, None], self.bidirectional,
                                  self.cfg.relative_attention_num_buckets, self.cfg.relative_attention_max_distance)
        return self.bias(buckets).permute(2, 0, 1).unsqueeze(0)

    def forward(self, x, bias, source=None, past_k=None, past_v=None):
        src = x if source is None else source
        q, k, v = self.split(self.q(x)), self.split(self.k(src)), self.split(self.v(src))
        if past_k is not None:
            k, v = torch.cat([past_k, k], dim=2), torch.cat([past_v, v], dim=2)
        y = F.softmax(q @ k.transpose(-1, -2) + bias, dim=-1) @ v
        b, _, s, _ = y.shape
        return self.o(y.transpose(1, 2).reshape(b, s, -1)), k, v


class FeedForward(nn.Module):
    def __init__(self, cfg: Config):
        super().__init__()
        self.norm = RMSNorm(cfg.d_model)
        self.wi = nn.Linear(cfg.d_model, cfg.d_ff, bias=False)
        self.wo = nn.Linear(cfg.d_ff, cfg.d_model, bias=False)

    def forward(self, x):
        return x + self.wo(F.relu(self.wi(self.norm(x))))


class EncoderLayer(nn.Module):
    def __init__(self, cfg, first):
        super().__init__()
        self.norm = RMSNorm(cfg.d_model)
        self.attn = Attention(cfg, has_bias=first, bidirectional=True)
        self.ff = FeedForward(cfg)

    def forward(self, x, bias):
        return self.ff(x + self.attn(self.norm(x), bias)[0])


class DecoderLayer(nn.Module):
    def __init__(self, cfg, first):
        super().__init__()
        self.norm = RMSNorm(cfg.d_model)
        self.attn = Attention(cfg, has_bias=first, bidirectional=False)
        self.cross_norm = RMSNorm(cfg.d_model)
        self.cross = Attention(cfg, has_bias=False, bidirectional=True)
        self.ff = FeedForward(cfg)

    def forward(self, x, self_bias, enc, cross_bias, past_k=None, past_v=None):
        h, k, v = self.attn(self.norm(x), self_bias, past_k=past_k, past_v=past_v)
        x = x + h
        x = x + self.cross(self.cross_norm(x), cross_bias, source=enc)[0]
        return self.ff(x), k, v


class T5(nn.Module):
    def __init__(self, cfg: Config):
        super().__init__()
        self.cfg = cfg
        self.shared = nn.Embedding(cfg.vocab_size, cfg.d_model)
        self.encoder = nn.ModuleList([EncoderLayer(cfg, i == 0) for i in range(cfg.num_layers)])
        self.encoder_norm = RMSNorm(cfg.d_model)
        self.decoder = nn.ModuleList([DecoderLayer(cfg, i == 0) for i in range(cfg.num_decoder_layers)])
        self.decoder_norm = RMSNorm(cfg.d_model)
        for p in self.parameters():
            if p.dim() > 1:
                nn.init.normal_(p, std=cfg.d_model ** -0.5)

    def encode(self, input_ids, attention_mask):
        x = self.shared(input_ids)
        s = input_ids.shape[1]
        mask = (1.0 - attention_mask[:, None, None, :].float()) * NEG
        bias = self.encoder[0].attn.position_bias(s, s) + mask
        for layer in self.encoder:
            x = layer(x, bias)
        return self.encoder_norm(x)

    def decode(self, input_ids, encoder_attention_mask, encoder_hidden_states, past=None):
        """Logits for the new decoder tokens and the self-attention cache [(k, v)] per layer."""
        x = self.shared(input_ids)
        q_len = input_ids.shape[1]
        past_len = past[0][0].shape[2] if past is not None else 0
        k_len = past_len + q_len
        keys = torch.arange(k_len)
        causal = (keys[None, :] > keys[k_len - q_len:][:, None]).float() * NEG
        self_bias = self.decoder[0].attn.position_bias(q_len, k_len) + causal
        cross_bias = (1.0 - encoder_attention_mask[:, None, None, :].float()) * NEG
        present = []
        for i, layer in enumerate(self.decoder):
            pk, pv = past[i] if past is not None else (None, None)
            x, k, v = layer(x, self_bias, encoder_hidden_states, cross_bias, pk, pv)
            present.append((k, v))
        x = self.decoder_norm(x) * self.cfg.d_model ** -0.5
        return x @ self.shared.weight.t(), present

    def forward(self, input_ids, attention_mask, decoder_input_ids):
        enc = self.encode(input_ids, attention_mask)
        return self.decode(decoder_input_ids, attention_mask, enc)[0]


class EncoderWrapper(nn.Module):
    def __init__(self, model: T5):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask):
        return self.model.encode(input_ids, attention_mask)


class DecoderWrapper(nn.Module):
    """Flat tensors in and out, in the order of the ONNX input and output names."""

    def __init__(self, model: T5):
        super().__init__()
        self.model = model

    def forward(self, input_ids, encoder_attention_mask, encoder_hidden_states, *past_flat):
        past = [(past_flat[2 * i], past_flat[2 * i + 1]) for i in range(len(past_flat) // 2)]
        logits, present = self.model.decode(input_ids, encoder_attention_mask, encoder_hidden_states, past)
        return (logits, *[t for kv in present for t in kv])
