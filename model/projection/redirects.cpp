#include "projection/redirects.hpp"

#include "projection/final_demand.hpp"

namespace devolve::projection {

std::array<double, 3> redirect_terms(const RedirectSide& p, const RedirectSide& n) {
  double rho_p = p.output != 0 ? p.measure / p.output : 0, rho_n = n.output != 0 ? n.measure / n.output : 0;
  if (p.output == 0) rho_p = rho_n;
  if (n.output == 0) rho_n = rho_p;
  const double rho = (rho_p + rho_n) / 2;
  return {(p.output_i - n.output_i) * rho, ((p.output - p.output_i) - (n.output - n.output_i)) * rho,
          (p.output + n.output) / 2 * (rho_p - rho_n)};
}

namespace {

// Columns 2 (d Y + t) and 2 (d Y + t) + 1: the recipients' and the donors' final demand of redirect d
// in year t, both positive.
Matrix redirect_columns(const Model& m, const std::vector<const Shock*>& redirects, std::size_t Y) {
  Matrix y(m.num_sectors(), 2 * redirects.size() * Y);
  for (std::size_t d = 0; d < redirects.size(); ++d) {
    const Shock& sh = *redirects[d];
    const double f = sh.additionality.factor();
    for (std::size_t t = 0; t < Y; ++t) {
      const double amount = sh.amount[t] * sh.phase[t] * f;
      for (std::size_t r = 0; r < m.num_regions(); ++r) {
        const double a = amount * sh.to_weights[r] - amount * sh.from_weights[r];
        if (a == 0) continue;
        const std::size_t col = 2 * (d * Y + t) + (a > 0 ? 0 : 1);
        spend_in_region(m, sh.profile_shares, sh.import_share, sh.local_sourcing, sh.sourcing_category, r, a > 0 ? a : -a,
                        y, col);
      }
    }
  }
  return y;
}

double column_total(const Matrix& x, std::size_t col, const Vector* weights) {
  double s = 0;
  for (std::size_t j = 0; j < x.rows(); ++j) s += weights ? (*weights)[j] * x(j, col) : x(j, col);
  return s;
}

}  // namespace

void decompose_redirects(const Model& m, const std::vector<EffectSource>& sources,
                         const Systems& sys, const YearCoefficients& coef, ScenarioResults& res) {
  std::vector<const Shock*> redirects;
  std::vector<std::size_t> at;  // source position of each redirect
  for (std::size_t h = 0; h < sources.size(); ++h)
    if (sources[h].type == "redirect") redirects.push_back(sources[h].shock), at.push_back(h);
  if (redirects.empty() || !sys.type_i) return;
  const std::size_t Y = res.years.size(), M = res.measures.size();
  const Matrix y = redirect_columns(m, redirects, Y);
  const Matrix x1 = sys.type_i->solve(y);
  const Matrix x2 = sys.type_ii ? solve_output(*sys.type_ii, y) : Matrix();
  for (std::size_t d = 0; d < redirects.size(); ++d)
    for (std::size_t t = 0; t < Y; ++t) {
      const std::size_t cp = 2 * (d * Y + t), cn = cp + 1;
      for (std::size_t c = 0; c < 2; ++c) {
        if (c == 1 && !sys.type_ii) continue;
        const Matrix& x = c == 0 ? x1 : x2;
        for (std::size_t k = 0; k < M; ++k) {
          const RedirectSide p{column_total(x1, cp, nullptr), column_total(x, cp, nullptr), column_total(x, cp, &coef[t][k])};
          const RedirectSide n{column_total(x1, cn, nullptr), column_total(x, cn, nullptr), column_total(x, cn, &coef[t][k])};
          const auto terms = redirect_terms(p, n);
          for (std::size_t q = 0; q < 3; ++q) res.redirect_decomposition(c, at[d], q, k, t) = terms[q];
          res.redirect_decomposition(c, at[d], 3, k, t) = res.supply_side_by_shock(at[d], k, t);
        }
      }
    }
}

}  // namespace devolve::projection
