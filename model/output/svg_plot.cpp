#include "output/svg_plot.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace devolve::svg {

namespace {

const int W = 760, H = 330, L = 90, R = 180, T = 20, B = 40;

// A round tick step giving about four intervals over range: 1, 2 or 5 times a power of ten.
double nice_step(double range) {
  const double raw = range / 4, p = std::pow(10.0, std::floor(std::log10(raw))), f = raw / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

struct Frame {
  long long y0, y1;
  double lo, hi, step;
  double x(long long year) const { return L + (y1 == y0 ? 0.0 : double(year - y0) / double(y1 - y0) * (W - L - R)); }
  double y(double v) const { return T + (hi - v) / (hi - lo) * (H - T - B); }
};

Frame frame(const std::vector<long long>& years, const std::vector<std::vector<double>>& all) {
  double lo = INFINITY, hi = -INFINITY;
  for (const auto& s : all)
    for (const double v : s)
      if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  if (!std::isfinite(lo)) lo = 0, hi = 1;
  if (lo > 0 && lo < 0.5 * hi) lo = 0;  // start at zero unless the values are far from it
  if (hi < 0 && hi > 0.5 * lo) hi = 0;
  if (hi == lo) hi = lo + 1;
  const double step = nice_step(hi - lo);
  return {years.front(), years.back(), std::floor(lo / step) * step, std::ceil(hi / step) * step, step};
}

std::string axes(const Chart& c, const Frame& f, const std::vector<long long>& years) {
  std::ostringstream o;
  const int dec = f.step >= 1 ? 0 : f.step >= 0.1 ? 1 : f.step >= 0.01 ? 2 : 3;
  const int n = static_cast<int>(std::lround((f.hi - f.lo) / f.step));
  for (int i = 0; i <= n; ++i) {
    const double v = f.lo + f.step * i;
    o << "<line x1=\"" << L << "\" x2=\"" << W - R << "\" y1=\"" << f.y(v) << "\" y2=\"" << f.y(v)
      << "\" stroke=\"#ddd\"/><text x=\"" << L - 6 << "\" y=\"" << f.y(v) + 4 << "\" text-anchor=\"end\" class=\"axis\">"
      << num(v, dec) << "</text>";
  }
  const std::size_t step = years.size() > 12 ? 2 : 1;
  for (std::size_t i = 0; i < years.size(); i += step)
    o << "<text x=\"" << f.x(years[i]) << "\" y=\"" << H - B + 16 << "\" text-anchor=\"middle\" class=\"axis\">"
      << years[i] << "</text>";
  o << "<text x=\"" << L << "\" y=\"" << H - 4 << "\" class=\"axis\">year; values in " << esc(c.unit) << "</text>";
  if (f.lo < 0 && f.hi > 0)
    o << "<line x1=\"" << L << "\" x2=\"" << W - R << "\" y1=\"" << f.y(0) << "\" y2=\"" << f.y(0) << "\" stroke=\"#333\"/>";
  return o.str();
}

std::string polyline(const Frame& f, const std::vector<long long>& years, const std::vector<double>& v) {
  std::ostringstream o;
  for (std::size_t i = 0; i < years.size(); ++i) o << (i ? " " : "") << f.x(years[i]) << ',' << f.y(v[i]);
  return o.str();
}

std::string head(const Chart& c, const std::string& desc) {
  const std::string name = c.title + (c.unit.empty() ? "" : " (" + c.unit + ")");
  std::ostringstream o;
  o << "<figure id=\"" << esc(c.id) << "\"><figcaption>" << esc(name) << "</figcaption><svg id=\"" << esc(c.id)
    << "-svg\" role=\"img\" aria-label=\"" << esc(name) << "\" viewBox=\"0 0 " << W << ' ' << H << "\" width=\"" << W
    << "\" height=\"" << H << "\" xmlns=\"http://www.w3.org/2000/svg\"><title>" << esc(name) << "</title><desc>"
    << esc(desc) << "</desc>";
  return o.str();
}

std::string tail(const Chart& c) {
  return "</svg>" + (c.note.empty() ? std::string() : "<p class=\"note\">" + esc(c.note) + "</p>") + "</figure>\n";
}

}  // namespace

std::string lines(const Chart& c, const std::vector<long long>& years, const std::vector<Series>& series) {
  if (years.empty()) return "";
  std::vector<std::vector<double>> all;
  for (const auto& s : series) all.push_back(s.values);
  const Frame f = frame(years, all);
  const char* colours[] = {"#636363", "#3182bd", "#e6550d", "#31a354"};
  std::ostringstream o;
  o << head(c, c.title + ": one line per series, labelled at its right end; dashed lines are the baseline.")
    << axes(c, f, years);
  for (std::size_t i = 0; i < series.size(); ++i) {
    const auto& s = series[i];
    const int dec = decimals_for(max_abs_of(s.values));
    o << "<g><title>" << esc(s.name) << "</title><polyline fill=\"none\" stroke-width=\"2.5\" stroke=\""
      << colours[i % 4] << "\"" << (s.dashed ? " stroke-dasharray=\"6 4\"" : "") << " points=\""
      << polyline(f, years, s.values) << "\"/>";
    const double ly = f.y(s.values.back()) + (i % 2 ? 12 : -4);
    o << "<text x=\"" << W - R + 6 << "\" y=\"" << ly << "\">" << esc(s.name) << ": " << num(s.values.back(), dec)
      << "</text></g>";
  }
  return o.str() + tail(c);
}

std::string fan(const Chart& c, const std::vector<long long>& years, const std::vector<std::vector<double>>& q) {
  if (years.empty() || q.size() != 5) return "";
  const Frame f = frame(years, q);
  std::ostringstream o;
  o << head(c, c.title + ": the outer band holds 90% of the runs (5th to 95th percentile), the inner band 50% "
                         "(25th to 75th), the line is the median.")
    << axes(c, f, years);
  const auto band = [&](const std::vector<double>& lo, const std::vector<double>& hi, const char* fill, const char* n) {
    std::ostringstream p;
    p << polyline(f, years, hi);
    for (std::size_t i = years.size(); i-- > 0;) p << ' ' << f.x(years[i]) << ',' << f.y(lo[i]);
    o << "<polygon fill=\"" << fill << "\" points=\"" << p.str() << "\"><title>" << n << "</title></polygon>";
  };
  band(q[0], q[4], "#c6dbef", "5th to 95th percentile");
  band(q[1], q[3], "#6baed6", "25th to 75th percentile");
  o << "<polyline fill=\"none\" stroke=\"#08306b\" stroke-width=\"2.5\" points=\"" << polyline(f, years, q[2])
    << "\"><title>median</title></polyline>";
  const int dec = decimals_for(max_abs_of(q[2]));
  const char* names[] = {"5%", "25%", "median", "75%", "95%"};
  for (int k = 0; k < 5; ++k)
    o << "<text x=\"" << W - R + 6 << "\" y=\"" << f.y(q[k].back()) + 4 << "\" class=\"axis\">" << names[k] << ": "
      << num(q[k].back(), dec) << "</text>";
  return o.str() + tail(c);
}

}  // namespace devolve::svg
