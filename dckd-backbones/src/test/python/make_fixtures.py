"""Makes the NAFNet and Restormer reference fixtures of dckd-backbones (documentation; the build never runs it).

Run with Debian's PyTorch 1.13:  /usr/bin/python3 make_fixtures.py <out_dir>
It writes <out_dir>/{nafnet,restormer}-tiny-32x32/{weights,io}.safetensors and prints parameter counts of
the DCKD presets and of the taming VQGAN decoder.

The architectures below are re-typed from the official code, read at
  megvii-research/NAFNet  basicsr/models/archs/NAFNet_arch.py (+ arch_util.LayerNorm2d)
  swz30/Restormer         basicsr/models/archs/restormer_arch.py
  CompVis/taming-transformers taming/modules/diffusionmodules/model.py (Decoder, for a parameter count)
Weights: PyTorch default init (seed 0), then every parameter += 0.05 * N(0,1) so that NAFNet's zero
layer scales, LayerNorm affines and Restormer's temperatures all influence the output.
"""
import json
import os
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F


# ---------------------------------------------------------------- safetensors (torch 1.13 has no writer)
def save_safetensors(tensors, path):
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        data = t.detach().contiguous().to(torch.float32).numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


# ---------------------------------------------------------------- NAFNet
class LayerNorm2d(nn.Module):
    def __init__(self, c, eps=1e-6):
        super().__init__()
        self.register_parameter("weight", nn.Parameter(torch.ones(c)))
        self.register_parameter("bias", nn.Parameter(torch.zeros(c)))
        self.eps = eps

    def forward(self, x):
        mu = x.mean(1, keepdim=True)
        var = (x - mu).pow(2).mean(1, keepdim=True)
        y = (x - mu) / (var + self.eps).sqrt()
        return self.weight.view(1, -1, 1, 1) * y + self.bias.view(1, -1, 1, 1)


class SimpleGate(nn.Module):
    def forward(self, x):
        x1, x2 = x.chunk(2, dim=1)
        return x1 * x2


class NAFBlock(nn.Module):
    def __init__(self, c, dw_expand=2, ffn_expand=2):
        super().__init__()
        dw = c * dw_expand
        self.conv1 = nn.Conv2d(c, dw, 1)
        self.conv2 = nn.Conv2d(dw, dw, 3, padding=1, groups=dw)
        self.conv3 = nn.Conv2d(dw // 2, c, 1)
        self.sca = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Conv2d(dw // 2, dw // 2, 1))
        self.sg = SimpleGate()
        ffn = ffn_expand * c
        self.conv4 = nn.Conv2d(c, ffn, 1)
        self.conv5 = nn.Conv2d(ffn // 2, c, 1)
        self.norm1 = LayerNorm2d(c)
        self.norm2 = LayerNorm2d(c)
        self.beta = nn.Parameter(torch.zeros((1, c, 1, 1)))
        self.gamma = nn.Parameter(torch.zeros((1, c, 1, 1)))

    def forward(self, inp):
        x = self.norm1(inp)
        x = self.conv2(self.conv1(x))
        x = self.sg(x)
        x = x * self.sca(x)
        x = self.conv3(x)
        y = inp + x * self.beta
        x = self.conv5(self.sg(self.conv4(self.norm2(y))))
        return y + x * self.gamma


class NAFNet(nn.Module):
    def __init__(self, img_channel=3, width=16, middle_blk_num=1, enc_blk_nums=(), dec_blk_nums=()):
        super().__init__()
        self.intro = nn.Conv2d(img_channel, width, 3, padding=1)
        self.ending = nn.Conv2d(width, img_channel, 3, padding=1)
        self.encoders, self.decoders, self.ups, self.downs = nn.ModuleList(), nn.ModuleList(), nn.ModuleList(), nn.ModuleList()
        chan = width
        for num in enc_blk_nums:
            self.encoders.append(nn.Sequential(*[NAFBlock(chan) for _ in range(num)]))
            self.downs.append(nn.Conv2d(chan, 2 * chan, 2, 2))
            chan *= 2
        self.middle_blks = nn.Sequential(*[NAFBlock(chan) for _ in range(middle_blk_num)])
        for num in dec_blk_nums:
            self.ups.append(nn.Sequential(nn.Conv2d(chan, chan * 2, 1, bias=False), nn.PixelShuffle(2)))
            chan //= 2
            self.decoders.append(nn.Sequential(*[NAFBlock(chan) for _ in range(num)]))
        self.padder_size = 2 ** len(self.encoders)

    def forward(self, inp):
        _, _, h, w = inp.shape
        ph = (self.padder_size - h % self.padder_size) % self.padder_size
        pw = (self.padder_size - w % self.padder_size) % self.padder_size
        inp = F.pad(inp, (0, pw, 0, ph))
        x = self.intro(inp)
        encs = []
        for encoder, down in zip(self.encoders, self.downs):
            x = encoder(x)
            encs.append(x)
            x = down(x)
        x = self.middle_blks(x)
        for decoder, up, skip in zip(self.decoders, self.ups, encs[::-1]):
            x = decoder(up(x) + skip)
        x = self.ending(x) + inp
        return x[:, :, :h, :w]


# ---------------------------------------------------------------- Restormer
def to_3d(x):
    b, c, h, w = x.shape
    return x.flatten(2).transpose(1, 2)


def to_4d(x, h, w):
    b, n, c = x.shape
    return x.transpose(1, 2).reshape(b, c, h, w)


class BiasFreeLayerNorm(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        sigma = x.var(-1, keepdim=True, unbiased=False)
        return x / torch.sqrt(sigma + 1e-5) * self.weight


class WithBiasLayerNorm(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))
        self.bias = nn.Parameter(torch.zeros(dim))

    def forward(self, x):
        mu = x.mean(-1, keepdim=True)
        sigma = x.var(-1, keepdim=True, unbiased=False)
        return (x - mu) / torch.sqrt(sigma + 1e-5) * self.weight + self.bias


class LayerNorm(nn.Module):
    def __init__(self, dim, kind):
        super().__init__()
        self.body = BiasFreeLayerNorm(dim) if kind == "BiasFree" else WithBiasLayerNorm(dim)

    def forward(self, x):
        h, w = x.shape[-2:]
        return to_4d(self.body(to_3d(x)), h, w)


class FeedForward(nn.Module):
    def __init__(self, dim, ffn_expansion_factor, bias):
        super().__init__()
        hidden = int(dim * ffn_expansion_factor)
        self.project_in = nn.Conv2d(dim, hidden * 2, 1, bias=bias)
        self.dwconv = nn.Conv2d(hidden * 2, hidden * 2, 3, padding=1, groups=hidden * 2, bias=bias)
        self.project_out = nn.Conv2d(hidden, dim, 1, bias=bias)

    def forward(self, x):
        x1, x2 = self.dwconv(self.project_in(x)).chunk(2, dim=1)
        return self.project_out(F.gelu(x1) * x2)


class Attention(nn.Module):
    def __init__(self, dim, num_heads, bias):
        super().__init__()
        self.num_heads = num_heads
        self.temperature = nn.Parameter(torch.ones(num_heads, 1, 1))
        self.qkv = nn.Conv2d(dim, dim * 3, 1, bias=bias)
        self.qkv_dwconv = nn.Conv2d(dim * 3, dim * 3, 3, padding=1, groups=dim * 3, bias=bias)
        self.project_out = nn.Conv2d(dim, dim, 1, bias=bias)

    def forward(self, x):
        b, c, h, w = x.shape
        q, k, v = self.qkv_dwconv(self.qkv(x)).chunk(3, dim=1)
        q = q.reshape(b, self.num_heads, c // self.num_heads, h * w)
        k = k.reshape(b, self.num_heads, c // self.num_heads, h * w)
        v = v.reshape(b, self.num_heads, c // self.num_heads, h * w)
        q = F.normalize(q, dim=-1)
        k = F.normalize(k, dim=-1)
        attn = ((q @ k.transpose(-2, -1)) * self.temperature).softmax(dim=-1)
        return self.project_out((attn @ v).reshape(b, c, h, w))


class TransformerBlock(nn.Module):
    def __init__(self, dim, num_heads, ffn_expansion_factor, bias, kind):
        super().__init__()
        self.norm1 = LayerNorm(dim, kind)
        self.attn = Attention(dim, num_heads, bias)
        self.norm2 = LayerNorm(dim, kind)
        self.ffn = FeedForward(dim, ffn_expansion_factor, bias)

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.ffn(self.norm2(x))


class OverlapPatchEmbed(nn.Module):
    def __init__(self, in_c, embed_dim, bias=False):
        super().__init__()
        self.proj = nn.Conv2d(in_c, embed_dim, 3, padding=1, bias=bias)

    def forward(self, x):
        return self.proj(x)


class Downsample(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(n, n // 2, 3, padding=1, bias=False), nn.PixelUnshuffle(2))

    def forward(self, x):
        return self.body(x)


class Upsample(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(n, n * 2, 3, padding=1, bias=False), nn.PixelShuffle(2))

    def forward(self, x):
        return self.body(x)


class Restormer(nn.Module):
    def __init__(self, inp_channels=3, out_channels=3, dim=48, num_blocks=(4, 6, 6, 8), num_refinement_blocks=4,
                 heads=(1, 2, 4, 8), ffn_expansion_factor=2.66, bias=False, LayerNorm_type="WithBias"):
        super().__init__()
        def level(d, h, n):
            return nn.Sequential(*[TransformerBlock(d, h, ffn_expansion_factor, bias, LayerNorm_type) for _ in range(n)])
        self.patch_embed = OverlapPatchEmbed(inp_channels, dim)
        self.encoder_level1 = level(dim, heads[0], num_blocks[0])
        self.down1_2 = Downsample(dim)
        self.encoder_level2 = level(dim * 2, heads[1], num_blocks[1])
        self.down2_3 = Downsample(dim * 2)
        self.encoder_level3 = level(dim * 4, heads[2], num_blocks[2])
        self.down3_4 = Downsample(dim * 4)
        self.latent = level(dim * 8, heads[3], num_blocks[3])
        self.up4_3 = Upsample(dim * 8)
        self.reduce_chan_level3 = nn.Conv2d(dim * 8, dim * 4, 1, bias=bias)
        self.decoder_level3 = level(dim * 4, heads[2], num_blocks[2])
        self.up3_2 = Upsample(dim * 4)
        self.reduce_chan_level2 = nn.Conv2d(dim * 4, dim * 2, 1, bias=bias)
        self.decoder_level2 = level(dim * 2, heads[1], num_blocks[1])
        self.up2_1 = Upsample(dim * 2)
        self.decoder_level1 = level(dim * 2, heads[0], num_blocks[0])
        self.refinement = level(dim * 2, heads[0], num_refinement_blocks)
        self.output = nn.Conv2d(dim * 2, out_channels, 3, padding=1, bias=bias)

    def forward(self, inp):
        e1 = self.encoder_level1(self.patch_embed(inp))
        e2 = self.encoder_level2(self.down1_2(e1))
        e3 = self.encoder_level3(self.down2_3(e2))
        lat = self.latent(self.down3_4(e3))
        d3 = self.decoder_level3(self.reduce_chan_level3(torch.cat([self.up4_3(lat), e3], 1)))
        d2 = self.decoder_level2(self.reduce_chan_level2(torch.cat([self.up3_2(d3), e2], 1)))
        d1 = self.refinement(self.decoder_level1(torch.cat([self.up2_1(d2), e1], 1)))
        return self.output(d1) + inp


# ---------------------------------------------------------------- taming Decoder (parameter count only)
def taming_decoder_params(ch, ch_mult, num_res_blocks, z_channels, embed_dim, attn_at_levels):
    def norm(c):
        return 2 * c
    def conv(ci, co, k):
        return ci * co * k * k + co
    def resblock(ci, co):
        return norm(ci) + conv(ci, co, 3) + norm(co) + conv(co, co, 3) + (conv(ci, co, 1) if ci != co else 0)
    def attn(c):
        return norm(c) + 4 * conv(c, c, 1)
    L = len(ch_mult)
    block_in = ch * ch_mult[-1]
    n = conv(embed_dim, z_channels, 1) + conv(z_channels, block_in, 3)
    n += 2 * resblock(block_in, block_in) + attn(block_in)
    for i in reversed(range(L)):
        out = ch * ch_mult[i]
        for _ in range(num_res_blocks + 1):
            n += resblock(block_in, out)
            block_in = out
            if i in attn_at_levels:
                n += attn(out)
        if i != 0:
            n += conv(block_in, block_in, 3)
    return n + norm(block_in) + conv(block_in, 3, 3)


def count(m):
    return sum(p.numel() for p in m.parameters())


def perturbed(model, seed):
    torch.manual_seed(seed)
    with torch.no_grad():
        for p in model.parameters():
            p.add_(0.05 * torch.randn_like(p))
    return model.eval()


def main(out):
    print("nafnet-t", count(NAFNet(3, 32, 1, [1, 1, 1, 28], [1, 1, 1, 1])))
    print("nafnet-s", count(NAFNet(3, 16, 1, [1, 1, 1, 14], [1, 1, 1, 1])))
    print("restormer-t", count(Restormer(dim=48, num_blocks=[4, 6, 6, 8], num_refinement_blocks=4)))
    print("restormer-s", count(Restormer(dim=24, num_blocks=[2, 3, 3, 4], num_refinement_blocks=2)))
    print("vq-tiny decoder+post_quant_conv", taming_decoder_params(32, [1, 1, 2, 2, 4], 2, 64, 64, {4}))
    print("vqgan-f16 decoder+post_quant_conv", taming_decoder_params(128, [1, 1, 2, 2, 4], 2, 256, 256, {4}))

    torch.manual_seed(0)
    naf = perturbed(NAFNet(3, 8, 1, [1, 1], [1, 1]), 1)
    torch.manual_seed(2)
    x = torch.rand(1, 3, 32, 32)
    x_odd = torch.rand(1, 3, 30, 29)
    with torch.no_grad():
        d = os.path.join(out, "nafnet-tiny-32x32")
        os.makedirs(d, exist_ok=True)
        save_safetensors(naf.state_dict(), os.path.join(d, "weights.safetensors"))
        save_safetensors({"input": x, "output": naf(x), "input_odd": x_odd, "output_odd": naf(x_odd)},
                         os.path.join(d, "io.safetensors"))
        print("nafnet-tiny", count(naf))

    torch.manual_seed(0)
    rst = perturbed(Restormer(dim=8, num_blocks=[1, 1, 1, 1], num_refinement_blocks=1, heads=[1, 1, 2, 2]), 3)
    with torch.no_grad():
        d = os.path.join(out, "restormer-tiny-32x32")
        os.makedirs(d, exist_ok=True)
        save_safetensors(rst.state_dict(), os.path.join(d, "weights.safetensors"))
        save_safetensors({"input": x, "output": rst(x)}, os.path.join(d, "io.safetensors"))
        print("restormer-tiny", count(rst))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
