#include "solve/block_gauss_seidel.hpp"

#include <algorithm>

#include "solve/linalg.hpp"

namespace devolve::solve {

using Eigen::Index;
using Eigen::MatrixXd;

namespace {

using Strided = Eigen::Map<MatrixXd, 0, Eigen::OuterStride<>>;
using StridedC = Eigen::Map<const MatrixXd, 0, Eigen::OuterStride<>>;

// Regions per block of the sweep: a block's couplings to the positions after it (before it, for the
// rest) are one matrix product, those within a block one row at a time.
constexpr std::size_t block_regions = 16;

// m(p, q) for the sweep's positions: m(u, s) forward, m(R - 1 - q, R - 1 - p) backward.
std::vector<double> by_position(const double* m, std::size_t R, bool backward) {
  std::vector<double> out(R * R);
  for (std::size_t q = 0; q < R; ++q)
    for (std::size_t p = 0; p < R; ++p) out[p + q * R] = backward ? m[(R - 1 - q) + (R - 1 - p) * R] : m[p + q * R];
  return out;
}

}  // namespace

BlockGaussSeidel::BlockGaussSeidel(const MrioStructure& a, const std::vector<double>& inverse, const TradeKernel& kernel)
    : a_(a), inverse_(inverse), kernel_(kernel) {
  const std::size_t R = a.regions, S = a.industries;
  const bool has_kernel = !kernel.kernel.empty();
  for (std::size_t i = 0; i < S; ++i)
    if (!has_kernel || !kernel.fits[i]) alone_.push_back(i);
  if (has_kernel) {
    k_forward_ = by_position(kernel.kernel.data(), R, false);
    k_backward_ = by_position(kernel.kernel.data(), R, true);
  }
  for (std::size_t i : alone_) {
    const std::vector<double> f = by_position(a.trade.data() + i * R * R, R, false);
    const std::vector<double> b = by_position(a.trade.data() + i * R * R, R, true);
    t_forward_.insert(t_forward_.end(), f.begin(), f.end());
    t_backward_.insert(t_backward_.end(), b.begin(), b.end());
  }
}

// The state of one sweep over k columns. By position p (region reg(p)), R x (S k) with column
// c S + i for industry i of column c: `sent` what p passes on through the trade shares (forward:
// m = M_s z_s, backward: z_u), scaled by the inner kernel factor for industries on the kernel form
// (b_i forward, a_i backward; zero for the others, whose values are in `sent_alone`), and
// `received` the coupling sums, to be scaled by the outer factor (a_i forward, b_i backward).
struct BlockGaussSeidel::Sweep {
  const BlockGaussSeidel& g;
  std::size_t R, S, k;
  bool backward;
  MatrixXd sent, sent_alone, received;

  std::size_t reg(std::size_t p) const { return backward ? R - 1 - p : p; }
  double inner(std::size_t i, std::size_t p) const {
    return backward ? g.kernel_.row[i * R + reg(p)] : g.kernel_.column[i * R + reg(p)];
  }
  double outer(std::size_t i, std::size_t p) const {
    return backward ? g.kernel_.column[i * R + reg(p)] : g.kernel_.row[i * R + reg(p)];
  }
  bool fits(std::size_t i) const { return !g.kernel_.kernel.empty() && g.kernel_.fits[i]; }

  // received[p0, p1) += coupling[p0, p1) x [q0, q1) applied to what positions q0..q1 sent.
  void couple(std::size_t p0, std::size_t p1, std::size_t q0, std::size_t q1) {
    if (p1 <= p0 || q1 <= q0) return;
    const Index rows = Index(p1 - p0), cols = Index(q1 - q0);
    if (!g.k_forward_.empty()) {
      const linalg::MapC kc(backward ? g.k_backward_.data() : g.k_forward_.data(), Index(R), Index(R));
      received.middleRows(Index(p0), rows).noalias() += kc.block(Index(p0), Index(q0), rows, cols) * sent.middleRows(Index(q0), cols);
    }
    for (std::size_t e = 0; e < g.alone_.size(); ++e) {
      const std::size_t i = g.alone_[e];
      const linalg::MapC t((backward ? g.t_backward_ : g.t_forward_).data() + e * R * R, Index(R), Index(R));
      const StridedC from(sent_alone.data() + i * R, Index(R), Index(k), Eigen::OuterStride<>(Index(S * R)));
      Strided to(received.data() + i * R, Index(R), Index(k), Eigen::OuterStride<>(Index(S * R)));
      to.middleRows(Index(p0), rows).noalias() += t.block(Index(p0), Index(q0), rows, cols) * from.middleRows(Index(q0), cols);
    }
  }

  // S x k: outer factor times received, for position p.
  MatrixXd incoming(std::size_t p) const {
    MatrixXd out(static_cast<Index>(S), static_cast<Index>(k));
    for (std::size_t c = 0; c < k; ++c)
      for (std::size_t i = 0; i < S; ++i)
        out(Index(i), Index(c)) = (fits(i) ? outer(i, p) : 1.0) * received(Index(p), Index(c * S + i));
    return out;
  }

  void send(std::size_t p, const MatrixXd& value) {
    for (std::size_t c = 0; c < k; ++c)
      for (std::size_t i = 0; i < S; ++i) {
        const Index col = Index(c * S + i);
        if (fits(i)) sent(Index(p), col) = inner(i, p) * value(Index(i), Index(c));
        else sent_alone(Index(p), col) = value(Index(i), Index(c));
      }
  }
};

void BlockGaussSeidel::solve(const double* v, double* z, double* rest, std::size_t k, std::size_t ld, bool transposed) const {
  const std::size_t R = a_.regions, S = a_.industries, n = R * S;
  const Index sk = Index(S * k);
  Sweep w{*this, R, S, k, transposed, MatrixXd::Zero(Index(R), sk), MatrixXd(), MatrixXd::Zero(Index(R), sk)};
  if (!alone_.empty()) w.sent_alone = MatrixXd::Zero(Index(R), sk);
  const StridedC vv(v, Index(n), Index(k), Eigen::OuterStride<>(Index(ld)));
  Strided zv(z, Index(n), Index(k), Eigen::OuterStride<>(Index(ld)));
  auto own = [&](const std::vector<double>& blocks, std::size_t s) {
    return linalg::MapC(blocks.data() + s * S * S, Index(S), Index(S));
  };
  for (std::size_t p0 = 0; p0 < R; p0 += block_regions) {
    const std::size_t p1 = std::min(R, p0 + block_regions);
    for (std::size_t p = p0; p < p1; ++p) {
      w.couple(p, p + 1, p0, p);
      const std::size_t s = w.reg(p);
      MatrixXd rhs = vv.middleRows(Index(s * S), Index(S));
      const MatrixXd in = w.incoming(p);
      if (transposed) linalg::product(own(a_.bought, s), in, rhs, true, true);
      else rhs += in;
      auto zs = zv.middleRows(Index(s * S), Index(S));
      linalg::product(own(inverse_, s), rhs, zs, transposed);
      if (transposed) w.send(p, zs);
      else {
        MatrixXd m(static_cast<Index>(S), static_cast<Index>(k));
        linalg::product(own(a_.bought, s), zs, m, false);
        w.send(p, m);
      }
    }
    w.couple(p1, R, p0, p1);  // the block's supplies to every later position at once
  }
  if (!rest) return;
  // rest = U z: what each position receives from the positions after it.
  w.received.setZero();
  for (std::size_t p0 = 0; p0 < R; p0 += block_regions) {
    const std::size_t p1 = std::min(R, p0 + block_regions);
    w.couple(0, p0, p0, p1);
    for (std::size_t p = p0; p < p1; ++p) w.couple(p, p + 1, p + 1, p1);
  }
  Strided rv(rest, Index(n), Index(k), Eigen::OuterStride<>(Index(ld)));
  for (std::size_t p = 0; p < R; ++p) {
    const std::size_t s = w.reg(p);
    const MatrixXd in = w.incoming(p);
    if (transposed) linalg::product(own(a_.bought, s), in, rv.middleRows(Index(s * S), Index(S)), true);
    else rv.middleRows(Index(s * S), Index(S)) = in;
  }
}

}  // namespace devolve::solve
