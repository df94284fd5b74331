"""Export the tiny T5 to the two ONNX graphs and write a transformers.js model folder."""
import json
import os

import onnx
import torch

import unigram
from t5 import T5, DecoderWrapper, EncoderWrapper

OPSET = 17


def export_encoder(model: T5, path):
    ids = torch.randint(3, model.cfg.vocab_size, (2, 5))
    axes = {'input_ids': {0: 'batch_size', 1: 'encoder_sequence_length'},
            'attention_mask': {0: 'batch_size', 1: 'encoder_sequence_length'},
            'last_hidden_state': {0: 'batch_size', 1: 'encoder_sequence_length'}}
    torch.onnx.export(EncoderWrapper(model).eval(), (ids, torch.ones_like(ids)), path,
                      input_names=['input_ids', 'attention_mask'], output_names=['last_hidden_state'],
                      dynamic_axes=axes, opset_version=OPSET, do_constant_folding=False)


def export_decoder(model: T5, path):
    cfg = model.cfg
    batch, enc_len, dec_len, past_len = 2, 5, 3, 4
    in_names = ['input_ids', 'encoder_attention_mask', 'encoder_hidden_states']
    out_names = ['logits']
    axes = {'input_ids': {0: 'batch_size', 1: 'decoder_sequence_length'},
            'encoder_attention_mask': {0: 'batch_size', 1: 'encoder_sequence_length'},
            'encoder_hidden_states': {0: 'batch_size', 1: 'encoder_sequence_length'},
            'logits': {0: 'batch_size', 1: 'decoder_sequence_length'}}
    past = []
    for i in range(cfg.num_decoder_layers):
        for kind in ('key', 'value'):
            past.append(torch.randn(batch, cfg.num_heads, past_len, cfg.d_kv))
            name_in, name_out = f'past_key_values.{i}.decoder.{kind}', f'present.{i}.decoder.{kind}'
            in_names.append(name_in)
            out_names.append(name_out)
            axes[name_in] = {0: 'batch_size', 2: 'past_decoder_sequence_length'}
            axes[name_out] = {0: 'batch_size', 2: 'total_decoder_sequence_length'}
    args = (torch.randint(3, cfg.vocab_size, (batch, dec_len)), torch.ones(batch, enc_len, dtype=torch.long),
            torch.randn(batch, enc_len, cfg.d_model), *past)
    # no constant folding: it would copy the tied embedding into a transposed LM head
    torch.onnx.export(DecoderWrapper(model).eval(), args, path, input_names=in_names, output_names=out_names,
                      dynamic_axes=axes, opset_version=OPSET, do_constant_folding=False)


def model_config(model: T5, eos):
    cfg = model.cfg
    return {
        'architectures': ['T5ForConditionalGeneration'], 'model_type': 't5', 'is_encoder_decoder': True,
        'vocab_size': cfg.vocab_size, 'd_model': cfg.d_model, 'd_kv': cfg.d_kv, 'd_ff': cfg.d_ff,
        'num_layers': cfg.num_layers, 'num_decoder_layers': cfg.num_decoder_layers, 'num_heads': cfg.num_heads,
        'relative_attention_num_buckets': cfg.relative_attention_num_buckets,
        'relative_attention_max_distance': cfg.relative_attention_max_distance,
        'n_positions': cfg.n_positions, 'feed_forward_proj': 'relu', 'layer_norm_epsilon': 1e-6,
        'dropout_rate': 0.0, 'tie_word_embeddings': True, 'use_cache': True,
        'decoder_start_token_id': unigram.PAD, 'eos_token_id': eos, 'pad_token_id': unigram.PAD,
    }


def write_json(path, obj):
    with open(path, 'w') as f:
        json.dump(obj, f, indent=2)
        f.write('\n')


def write_folder(model: T5, folder, vocab, card):
    os.makedirs(os.path.join(folder, 'onnx'), exist_ok=True)
    with torch.no_grad():
        export_encoder(model, os.path.join(folder, 'onnx', 'encoder_model.onnx'))
        export_decoder(model, os.path.join(folder, 'onnx', 'decoder_model_merged.onnx'))
    for name in ('encoder_model', 'decoder_model_merged'):
        onnx.checker.check_model(onnx.load(os.path.join(folder, 'onnx', f'{name}.onnx')))
    write_json(os.path.join(folder, 'config.json'), model_config(model, unigram.EOS))
    write_json(os.path.join(folder, 'generation_config.json'),
               {'decoder_start_token_id': unigram.PAD, 'eos_token_id': unigram.EOS, 'pad_token_id': unigram.PAD})
    write_json(os.path.join(folder, 'heldout.json'), card)
    unigram.save(folder, vocab, model.cfg.n_positions)
