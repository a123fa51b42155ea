// chunk_codec::shuffle_deflate when an allocation fails on the calling thread while helper threads
// run: the exception reaches the caller once the helpers are joined (before, std::terminate). A
// program of its own: it replaces the global operator new to fail, on the calling thread only, the
// allocation of a chunk's shuffle buffer (chunk * 8 bytes, a size nothing else here allocates).
// Run with OMP_NUM_THREADS > 1 so that there are helpers. Exit 0 if all is well.
#include <cstdio>
#include <cstdlib>
#include <new>
#include <vector>

#include "base/chunk_codec.hpp"

namespace {
thread_local bool fail_here = false;
std::size_t fail_size = 0;
}  // namespace

void* operator new(std::size_t n) {
  if (fail_here && n == fail_size) throw std::bad_alloc();
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
// The array forms too: the codec's buffers are new T[n], and a sanitizer's runtime defines its own
// operator new[] that would not call the one above.
void* operator new[](std::size_t n) { return operator new(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

int main() {
  using devolve::chunk_codec::Span;
  const std::size_t chunk = 12347, chunks = 64;
  std::vector<double> values(chunks * chunk);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = double(i % 1001) * 0.5;
  std::vector<Span> spans;
  for (std::size_t c = 0; c < chunks; ++c) spans.push_back({c * chunk, chunk});
  fail_size = chunk * sizeof(double);
  bool threw = false;
  fail_here = true;
  try {
    devolve::chunk_codec::shuffle_deflate(values.data(), spans, chunk, true);
  } catch (const std::bad_alloc&) {
    threw = true;
  }
  fail_here = false;
  std::printf("%s bad_alloc on the calling thread reaches the caller, helpers joined\n", threw ? "ok  " : "FAIL");
  const auto all = devolve::chunk_codec::shuffle_deflate(values.data(), spans, chunk, true);
  const bool again = all.size() == chunks && !all.back().empty();
  std::printf("%s the codec works afterwards\n", again ? "ok  " : "FAIL");
  return threw && again ? 0 : 1;
}
