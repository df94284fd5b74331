"""Export a trained GPT to ONNX and write the transformers.js model folder."""
import json
import os

import torch

import instructions as ins
from bpe import SPECIALS
from model import GPT, OnnxWrapper

EOT, END = SPECIALS.index('<|endoftext|>'), SPECIALS.index('<|end|>')


def export_onnx(model: GPT, path):
    cfg = model.cfg
    head_dim = cfg.n_embd // cfg.n_head
    batch, seq, past = 2, 3, 4
    past_flat, in_names, out_names = [], ['input_ids', 'attention_mask', 'position_ids', 'num_logits_to_keep'], ['logits']
    axes = {'input_ids': {0: 'batch_size', 1: 'sequence_length'},
            'attention_mask': {0: 'batch_size', 1: 'total_sequence_length'},
            'position_ids': {0: 'batch_size', 1: 'sequence_length'},
            'logits': {0: 'batch_size', 1: 'num_logits'}}
    for i in range(cfg.n_layer):
        for kind in ('key', 'value'):
            past_flat.append(torch.randn(batch, cfg.n_head, past, head_dim))
            name_in, name_out = f'past_key_values.{i}.{kind}', f'present.{i}.{kind}'
            in_names.append(name_in)
            out_names.append(name_out)
            axes[name_in] = {0: 'batch_size', 2: 'past_sequence_length'}
            axes[name_out] = {0: 'batch_size', 2: 'total_sequence_length'}
    args = (torch.randint(0, cfg.vocab_size, (batch, seq)), torch.ones(batch, past + seq, dtype=torch.long),
            torch.arange(past, past + seq).repeat(batch, 1), torch.tensor(0, dtype=torch.long), *past_flat)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with torch.no_grad():
        # no constant folding: it would copy the tied embedding into a transposed lm_head
        torch.onnx.export(OnnxWrapper(model).eval(), args, path, input_names=in_names, output_names=out_names,
                          dynamic_axes=axes, opset_version=17, do_constant_folding=False)


def write_folder(model: GPT, folder, tokenizer_path, tuned, card):
    cfg = model.cfg
    eos = END if tuned else EOT
    export_onnx(model, os.path.join(folder, 'onnx', 'model.onnx'))
    config = {'architectures': ['GPT2LMHeadModel'], 'model_type': 'gpt2', 'vocab_size': cfg.vocab_size,
              'n_positions': cfg.n_positions, 'n_ctx': cfg.n_positions, 'n_embd': cfg.n_embd,
              'n_layer': cfg.n_layer, 'n_head': cfg.n_head, 'n_inner': 4 * cfg.n_embd,
              'activation_function': 'gelu_new', 'layer_norm_epsilon': 1e-5, 'tie_word_embeddings': True,
              'bos_token_id': EOT, 'eos_token_id': eos, 'pad_token_id': EOT, 'use_cache': True}
    gen = {'bos_token_id': EOT, 'eos_token_id': eos, 'pad_token_id': EOT, 'do_sample': False}
    tok_cfg = {'tokenizer_class': 'GPT2Tokenizer', 'bos_token': '<|endoftext|>',
               'eos_token': '<|end|>' if tuned else '<|endoftext|>', 'unk_token': '<|endoftext|>',
               'pad_token': '<|endoftext|>', 'add_bos_token': False, 'add_prefix_space': False,
               'clean_up_tokenization_spaces': False, 'model_max_length': cfg.n_positions,
               'padding_side': 'left',
               'added_tokens_decoder': {str(i): {'content': s, 'lstrip': False, 'normalized': False,
                                                 'rstrip': False, 'single_word': False, 'special': True}
                                        for i, s in enumerate(SPECIALS)}}
    if tuned:
        tok_cfg['chat_template'] = ins.CHAT_TEMPLATE
    files = {'config.json': config, 'generation_config.json': gen, 'tokenizer_config.json': tok_cfg,
             'heldout.json': card}
    for name, obj in files.items():
        with open(os.path.join(folder, name), 'w') as f:
            json.dump(obj, f, indent=2)
            f.write('\n')
    with open(tokenizer_path) as src, open(os.path.join(folder, 'tokenizer.json'), 'w') as dst:
        dst.write(src.read())
