# Lets the official BasicSR/DCKD code import on a machine whose Python has torch but not the packages
# that BasicSR imports at module level and a training step never calls (cv2, lmdb, skimage, yaml, ...).
# Only modules that are really missing are stubbed; an installed one is always used as it is.
# A stub is any attribute, any call and any base class; if the timed step ever used one, it would fail
# loudly ("stubbed module ... was called"), never compute a wrong number.
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys

CANDIDATES = os.environ.get('DCKD_PYSTUBS', 'cv2,lmdb,skimage,yaml,scipy,tqdm,PIL,tensorboard,torchvision,'
                            'addict,future,requests,tb_nightly,yapf,imageio').split(',')


def _missing(name):
    try:
        return importlib.util.find_spec(name) is None
    except (ImportError, ValueError):
        return True


# a name prefixed with '!' is stubbed even when installed (to test this file on a full machine)
STUBBED = {n.lstrip('!') for n in CANDIDATES if n and (n.startswith('!') or _missing(n))}


class _Stub:
    def __init__(self, name):
        self._name = name

    def __getattr__(self, item):
        if item.startswith('__') and item.endswith('__'):
            raise AttributeError(item)
        return _Stub(self._name + '.' + item)

    def __call__(self, *a, **k):
        raise RuntimeError('stubbed module %s was called (install it on this machine)' % self._name)

    def __mro_entries__(self, bases):
        return (object,)


class _StubModuleLoader(importlib.abc.Loader):
    def create_module(self, spec):
        return None

    def exec_module(self, module):
        module.__path__ = []
        module.__getattr__ = lambda item: _Stub(module.__name__ + '.' + item)


class _StubFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path, target=None):
        if fullname.split('.')[0] in STUBBED:
            return importlib.machinery.ModuleSpec(fullname, _StubModuleLoader(), is_package=True)
        return None


if STUBBED:
    sys.meta_path.insert(0, _StubFinder())
    sys.stderr.write('pystubs: stubbed %s\n' % ', '.join(sorted(STUBBED)))
