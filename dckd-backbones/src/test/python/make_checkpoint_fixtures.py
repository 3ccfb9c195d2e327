"""Writes small torch.save-compatible checkpoints WITHOUT torch, for dckd's checkpoint reader tests.

The files follow torch.save's zip layout (archive/data.pkl, archive/data/<key>, archive/version,
archive/byteorder) and its pickling of tensors (torch._utils._rebuild_tensor_v2 with persistent ids
('storage', torch.FloatStorage, key, 'cpu', numel)), produced by stand-in modules registered under
torch's names. Run from the module root:  python3 src/test/python/make_checkpoint_fixtures.py
Outputs go to src/test/resources/fixtures/synthetic/ (committed; a few KB).
"""
import collections
import io
import json
import pickle
import sys
import types
import zipfile

import numpy as np

OUT = "src/test/resources/fixtures/synthetic/"


def fake_module(name, **attrs):
    m = types.ModuleType(name)
    for k, v in attrs.items():
        v.__module__ = name
        v.__qualname__ = k
        setattr(m, k, v)
    sys.modules[name] = m
    return m


def _rebuild_tensor_v2(*a):
    raise RuntimeError("stand-in")


def _rebuild_parameter(*a):
    raise RuntimeError("stand-in")


STORAGE_TYPES = {}
for cls_name in ["FloatStorage", "HalfStorage", "BFloat16Storage", "DoubleStorage", "LongStorage", "IntStorage",
                 "ByteStorage", "BoolStorage", "CharStorage"]:
    STORAGE_TYPES[cls_name] = type(cls_name, (), {})
torch = fake_module("torch", **STORAGE_TYPES)
utils = fake_module("torch._utils", _rebuild_tensor_v2=_rebuild_tensor_v2, _rebuild_parameter=_rebuild_parameter)
torch._utils = utils

# hyper-parameter classes that a Lightning checkpoint may hold (kept opaque by the reader)
class DictConfig:
    def __init__(self, content):
        self._content = content

    def __reduce__(self):
        return (DictConfig, (), {"_content": self._content})


DictConfig.__module__ = "omegaconf.dictconfig"
fake_module("omegaconf")
sys.modules["omegaconf.dictconfig"] = types.ModuleType("omegaconf.dictconfig")
sys.modules["omegaconf.dictconfig"].DictConfig = DictConfig


class Namespace:
    pass


Namespace.__module__ = "argparse_like"
sys.modules["argparse_like"] = types.ModuleType("argparse_like")
sys.modules["argparse_like"].Namespace = Namespace


class Storage:
    def __init__(self, key, cls_name, array):
        self.key, self.cls_name, self.array = key, cls_name, array


class Tensor:
    def __init__(self, storage, offset, size, stride, parameter=False):
        self.storage, self.offset, self.size, self.stride, self.parameter = storage, offset, size, stride, parameter


class TorchPickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, Storage):
            return ("storage", STORAGE_TYPES[obj.cls_name], obj.key, "cpu", int(obj.array.size))
        return None

    def reducer_override(self, obj):
        if isinstance(obj, Tensor):
            t = (_rebuild_tensor_v2, (obj.storage, obj.offset, tuple(obj.size), tuple(obj.stride), False,
                                      collections.OrderedDict()))
            if obj.parameter:
                return (_rebuild_parameter, (Tensor(obj.storage, obj.offset, obj.size, obj.stride), True,
                                             collections.OrderedDict()))
            return t
        return NotImplemented


def save(path, obj, storages, protocol=2, root="archive"):
    buf = io.BytesIO()
    TorchPickler(buf, protocol=protocol).dump(obj)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr(root + "/data.pkl", buf.getvalue())
        z.writestr(root + "/byteorder", "little")
        for s in storages:
            z.writestr(root + "/data/" + s.key, s.array.tobytes())
        z.writestr(root + "/version", "3\n")


def bf16_bytes(values):
    f = np.asarray(values, dtype=np.float32)
    return (f.view(np.uint32) >> 16).astype(np.uint16)


def strided(base, offset, size, stride):
    idx = np.zeros(size, dtype=np.int64) + offset
    for k, (n, s) in enumerate(zip(size, stride)):
        shape = [1] * len(size)
        shape[k] = n
        idx = idx + (np.arange(n) * s).reshape(shape)
    return base.reshape(-1)[idx]


def main():
    expected = {}
    storages = []
    sd = collections.OrderedDict()

    def add(name, key, cls_name, array, offset, size, stride, dtype, values_of=None, parameter=False):
        s = next((x for x in storages if x.key == key), None)
        if s is None:
            s = Storage(key, cls_name, array)
            storages.append(s)
        sd[name] = Tensor(s, offset, size, stride, parameter)
        base = values_of if values_of is not None else s.array
        vals = strided(np.asarray(base), offset, size, stride)
        expected[name] = {"dtype": dtype, "shape": list(size),
                          "values": [bool(v) if dtype == "BOOL" else float(v) for v in vals.reshape(-1)]}

    f32 = np.arange(24, dtype=np.float32) * 0.25 - 3.0
    add("module.conv.weight", "0", "FloatStorage", f32, 0, [2, 3, 4], [12, 4, 1], "F32")
    add("transposed", "0", "FloatStorage", f32, 0, [4, 3], [1, 4], "F32")          # non-contiguous view
    add("offset_view", "0", "FloatStorage", f32, 5, [2, 2], [6, 2], "F32")          # offset + strides
    add("expanded", "0", "FloatStorage", f32, 7, [3, 2], [0, 1], "F32")             # stride-0 broadcast
    add("scalar", "0", "FloatStorage", f32, 23, [], [], "F32")                       # 0-dim
    add("param", "1", "FloatStorage", np.array([1.5, -2.0, 0.125], np.float32), 0, [3], [1], "F32", parameter=True)
    add("half", "2", "HalfStorage", np.array([0.5, -1.25, 65504.0, 2.0 ** -24], np.float16), 0, [2, 2], [2, 1], "F16")
    bf = [1.0, -2.5, 3.140625, 1e30]
    add("bf16", "3", "BFloat16Storage", bf16_bytes(bf), 0, [4], [1], "BF16",
        values_of=np.asarray(bf, np.float32).view(np.uint32) >> 16 << 16)
    expected["bf16"]["values"] = [float(v) for v in (np.asarray(bf, np.float32).view(np.uint32) >> 16 << 16)
                                  .astype(np.uint32).view(np.float32)]
    add("double", "4", "DoubleStorage", np.array([1e-300, -0.1, 7.0], np.float64), 1, [2], [1], "F64")
    add("long", "5", "LongStorage", np.array([-(2 ** 40), 3, 2 ** 52], np.int64), 0, [3], [1], "I64")
    add("int", "6", "IntStorage", np.array([-7, 2 ** 30, 11, 12], np.int32), 0, [2, 2], [1, 2], "I32")
    add("byte", "7", "ByteStorage", np.array([0, 255, 128], np.uint8), 0, [3], [1], "U8")
    add("bool", "8", "BoolStorage", np.array([True, False, True], np.bool_), 0, [3], [1], "BOOL")
    add("char", "9", "CharStorage", np.array([-128, 127], np.int8), 0, [2], [1], "I8")
    add("empty", "10", "FloatStorage", np.zeros(0, np.float32), 0, [0, 3], [3, 1], "F32")
    save(OUT + "dtypes.pth", sd, storages, protocol=2)
    with open(OUT + "dtypes.json", "w") as f:
        json.dump(expected, f, indent=0)

    # a Lightning-style checkpoint: weights under state_dict (prefixed by the module attribute),
    # other entries with tensors, an opaque hyper-parameter object, protocol 4 (FRAME, MEMOIZE, STACK_GLOBAL)
    ls = [Storage("0", "FloatStorage", np.array([1.0, 2.0, 3.0, 4.0], np.float32)),
          Storage("1", "FloatStorage", np.array([0.5], np.float32)),
          Storage("2", "LongStorage", np.array([9], np.int64))]
    ns = Namespace()
    ns.lr = 2e-4
    ns.name = "rcan"
    ckpt = {
        "epoch": 3,
        "global_step": 1200,
        "pytorch-lightning_version": "2.1.0",
        "state_dict": collections.OrderedDict([
            ("net_g.conv.weight", Tensor(ls[0], 0, [2, 2], [2, 1])),
            ("net_g.conv.bias", Tensor(ls[0], 2, [2], [1])),
            ("net_g.num_batches_tracked", Tensor(ls[2], 0, [], [])),
        ]),
        "loops": {"fit_loop": {"state_dict": {}, "epoch_progress": {"total": {"ready": 4, "completed": 3}}}},
        "callbacks": {"ModelCheckpoint{'monitor': 'psnr', 'mode': 'max'}": {
            "best_model_score": Tensor(ls[1], 0, [], []), "best_model_path": "/runs/x/epoch=3.ckpt",
            "kth": {"a": 1.5}, "tags": {"x", "y"}, "blob": b"\x00\x01"}},
        "optimizer_states": [{"state": {0: {"step": Tensor(ls[1], 0, [], [])}},
                              "param_groups": [{"lr": 2e-4, "betas": (0.9, 0.99), "params": [0, 1], "foreach": None}]}],
        "lr_schedulers": [],
        "hparams_name": "kwargs",
        "hyper_parameters": DictConfig({"network_g": {"type": "RCAN", "num_feat": 32}, "scale": 4}),
        "namespace": ns,
    }
    save(OUT + "lightning.ckpt", ckpt, ls, protocol=4, root="epoch=3-step=1200")
    # protocol 5 of a plain state dict under params (BasicSR without EMA)
    save(OUT + "params-p5.pth", {"params": collections.OrderedDict([("w", Tensor(ls[0], 1, [3], [1]))])}, ls,
         protocol=5)


if __name__ == "__main__":
    main()
