// dckd's JNI bridge to PyTorch's c10d (Gloo), over the libtorch_cpu.so of org.bytedeco:pytorch
// 2.7.1-1.5.12, the same copy DJL's engine runs on in a data-parallel process (see C10d.java).
//
// Why a bridge: those Java bindings map no concrete Store (TCPStore, FileStore, HashStore are absent),
// and the objects their ProcessGroupGloo / ProcessGroupGloo.Options constructors and their
// intrusive_ptr-returning functions (allreduce's Work) hand to Java are already freed (reads give
// garbage, calls crash). Here every c10d object is made with its exported constructor and owned by
// the Java side through one strong reference.
//
// No PyTorch headers are needed: only exported symbols are called, declared below with the
// signatures of PyTorch 2.7.x; the layout facts used are the ones commented (TCPStoreOptions, the
// reference counts of c10::intrusive_ptr_target). A different libtorch version needs them re-checked.
#include <jni.h>

#include <chrono>
#include <cstdint>
#include <exception>
#include <new>
#include <optional>
#include <string>
#include <vector>

namespace at { class Tensor; }
namespace c10 {
namespace detail { template <class T> struct intrusive_target_default_null_type; }
// ABI stand-in for c10::intrusive_ptr: one pointer, non-trivially copyable (so passed by reference,
// as the real one is). Reference counts are managed explicitly below.
template <class T, class N = detail::intrusive_target_default_null_type<T>>
class intrusive_ptr {
 public:
  T* p;
  explicit intrusive_ptr(T* q) : p(q) {}
  intrusive_ptr(const intrusive_ptr& o) : p(o.p) {}
  ~intrusive_ptr() {}
};
}  // namespace c10

namespace c10d {
class Store;
struct AllreduceCoalescedOptions;
class Work {
 public:
  bool wait(std::chrono::milliseconds timeout);
};
// torch/csrc/distributed/c10d/TCPStore.hpp, PyTorch 2.7.x
struct TCPStoreOptions {
  std::uint16_t port = 29500;
  bool isServer = false;
  std::optional<std::size_t> numWorkers = std::nullopt;
  bool waitWorkers = true;
  std::chrono::milliseconds timeout{300000};
  bool multiTenant = false;
  std::optional<int> masterListenFd = std::nullopt;
  bool useLibUV = true;
};
class TCPStore {
 public:
  explicit TCPStore(std::string host, const TCPStoreOptions& opts);
};
class ProcessGroupGloo {
 public:
  struct Options {
    explicit Options(std::chrono::milliseconds timeout);
  };
  ProcessGroupGloo(const c10::intrusive_ptr<Store>& store, int rank, int size, c10::intrusive_ptr<Options> options);
  c10::intrusive_ptr<Work> allreduce_coalesced(std::vector<at::Tensor>& tensors, const AllreduceCoalescedOptions& opts);
};
}  // namespace c10d

namespace {

// c10::intrusive_ptr_target: vptr; uint32 refcount_ at +8; uint32 weakcount_ at +12.
// Its vtable: [0] complete destructor, [1] deleting destructor, [2] release_resources.
std::uint32_t* counts(void* p) { return reinterpret_cast<std::uint32_t*>(static_cast<char*>(p) + 8); }

// What c10::make_intrusive does after construction: one strong reference, held by the caller.
void adopt(void* p) {
  counts(p)[0] = 1;
  counts(p)[1] = 1;
}

// What c10::intrusive_ptr's destructor does.
void release(void* p) {
  if (__atomic_sub_fetch(&counts(p)[0], 1, __ATOMIC_ACQ_REL) == 0) {
    using Fn = void (*)(void*);
    Fn* vtable = *reinterpret_cast<Fn**>(p);
    vtable[2](p);
    if (__atomic_sub_fetch(&counts(p)[1], 1, __ATOMIC_ACQ_REL) == 0) {
      vtable[1](p);
    }
  }
}

void throwJava(JNIEnv* env, const char* what) {
  env->ThrowNew(env->FindClass("java/lang/IllegalStateException"), what);
}

// Room for the objects constructed in place (sizeof(ProcessGroupGloo) is 456 in 2.7.1).
constexpr std::size_t kObjectBytes = 4096;

// Constructs a c10d object in place and returns it with one reference for the caller, or throws
// the C++ exception's message as an IllegalStateException and returns 0.
template <class Construct>
jlong make(JNIEnv* env, Construct construct) {
  void* mem = ::operator new(kObjectBytes);
  try {
    construct(mem);
  } catch (const std::exception& e) {
    ::operator delete(mem);
    throwJava(env, e.what());
    return 0;
  }
  adopt(mem);
  return reinterpret_cast<jlong>(mem);
}

}  // namespace

extern "C" {

JNIEXPORT jlong JNICALL Java_io_dckd_c10d_GlooNative_newTcpStore(JNIEnv* env, jclass, jstring host, jint port,
    jboolean isServer, jint numWorkers, jlong timeoutMs) {
  const char* h = env->GetStringUTFChars(host, nullptr);
  std::string hostName(h);
  env->ReleaseStringUTFChars(host, h);
  c10d::TCPStoreOptions o;
  o.port = static_cast<std::uint16_t>(port);
  o.isServer = isServer;
  o.numWorkers = static_cast<std::size_t>(numWorkers);
  o.timeout = std::chrono::milliseconds(timeoutMs);
  o.useLibUV = false;
  return make(env, [&](void* mem) { new (mem) c10d::TCPStore(hostName, o); });
}

JNIEXPORT jlong JNICALL Java_io_dckd_c10d_GlooNative_newGlooOptions(JNIEnv* env, jclass, jlong timeoutMs) {
  return make(env, [&](void* mem) { new (mem) c10d::ProcessGroupGloo::Options(std::chrono::milliseconds(timeoutMs)); });
}

// Hands the caller's reference to options over to the group; the group takes its own on the store.
JNIEXPORT jlong JNICALL Java_io_dckd_c10d_GlooNative_newProcessGroupGloo(JNIEnv* env, jclass, jlong store, jint rank,
    jint size, jlong options) {
  return make(env, [&](void* mem) {
    c10::intrusive_ptr<c10d::Store> s(reinterpret_cast<c10d::Store*>(store));
    c10::intrusive_ptr<c10d::ProcessGroupGloo::Options> o(reinterpret_cast<c10d::ProcessGroupGloo::Options*>(options));
    new (mem) c10d::ProcessGroupGloo(s, rank, size, o);
  });
}

// Sums the tensors of the std::vector<at::Tensor> at `tensors` over the group, in place, and waits.
JNIEXPORT void JNICALL Java_io_dckd_c10d_GlooNative_allreduceCoalesced(JNIEnv* env, jclass, jlong group,
    jlong tensors, jlong options) {
  try {
    auto* pg = reinterpret_cast<c10d::ProcessGroupGloo*>(group);
    c10::intrusive_ptr<c10d::Work> work = pg->allreduce_coalesced(
        *reinterpret_cast<std::vector<at::Tensor>*>(tensors),
        *reinterpret_cast<const c10d::AllreduceCoalescedOptions*>(options));
    void* w = work.p;
    try {
      work.p->wait(std::chrono::milliseconds(0));  // 0: no extra limit; the group's timeout applies
    } catch (...) {
      release(w);
      throw;
    }
    release(w);
  } catch (const std::exception& e) {
    throwJava(env, e.what());
  }
}

JNIEXPORT void JNICALL Java_io_dckd_c10d_GlooNative_release(JNIEnv*, jclass, jlong target) {
  release(reinterpret_cast<void*>(target));
}

}  // extern "C"
