#include "output/svg_map.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace devolve::svg {

namespace {

struct Box {
  double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
};

// Bounding box of SVG path data made of M, L, Z and coordinate pairs (data/geo's form).
void extend(Box& b, const std::string& path) {
  const char* p = path.c_str();
  bool is_x = true;
  double x = 0;
  while (*p) {
    if (*p == 'M' || *p == 'L' || *p == 'Z' || *p == ' ') {
      ++p;
      continue;
    }
    char* end = nullptr;
    const double v = std::strtod(p, &end);
    if (end == p) break;
    p = end;
    if (is_x) {
      x = v;
    } else {
      b.x0 = std::min(b.x0, x), b.x1 = std::max(b.x1, x), b.y0 = std::min(b.y0, v), b.y1 = std::max(b.y1, v);
    }
    is_x = !is_x;
  }
}


const char* const blues[] = {"#c6dbef", "#6baed6", "#2171b5", "#08306b"};
const char* const oranges[] = {"#fdae6b", "#e6550d"};

// Value classes: the gains in four classes by their quartiles (so that one large region does not
// leave every other in the lowest class), from 0, or from the smallest value when every value is a
// gain; the losses in two equal classes down to lo.
struct Scale {
  double base = 0, hi = 0, lo = 0;
  std::vector<double> edges;  // 5 class edges of the gains
  double edge(int k) const { return edges[k]; }
};

Scale make_scale(const std::vector<double>& values) {
  Scale s;
  std::vector<double> gains;
  bool all_gains = true;
  for (const double v : values) {
    if (!std::isfinite(v)) continue;
    s.lo = std::min(s.lo, v), s.hi = std::max(s.hi, v);
    if (v > 0) gains.push_back(v);
    else all_gains = false;
  }
  std::sort(gains.begin(), gains.end());
  s.base = all_gains && !gains.empty() ? gains.front() : 0;
  for (int k = 0; k <= 4; ++k)
    s.edges.push_back(gains.empty() ? 0 : gains[static_cast<std::size_t>(std::lround(k * (gains.size() - 1) / 4.0))]);
  s.edges[0] = s.base;
  return s;
}

std::string fill_of(double v, const Scale& s) {
  if (std::isnan(v)) return "#bdbdbd";
  if (v < 0) return oranges[v < s.lo / 2 ? 1 : 0];
  if ((v == 0 && s.base == 0) || s.hi <= 0) return "#f7f7f7";
  int k = 0;
  while (k < 3 && v > s.edges[k + 1]) ++k;
  return blues[k];
}

std::string legend(const Scale& s, const std::string& unit, int x) {
  const double hi = s.hi, lo = s.lo;
  std::ostringstream o;
  const int dec = decimals_for(std::max(std::fabs(hi), std::fabs(lo)) / 4);
  int y = 20;
  const auto item = [&](const std::string& fill, bool hatched, const std::string& text) {
    o << "<rect x=\"" << x << "\" y=\"" << y << "\" width=\"18\" height=\"14\" fill=\"" << fill << "\" stroke=\"#555\"/>";
    if (hatched) o << "<rect x=\"" << x << "\" y=\"" << y << "\" width=\"18\" height=\"14\" fill=\"url(#hatchw)\"/>";
    o << "<text x=\"" << x + 24 << "\" y=\"" << y + 12 << "\">" << esc(text) << "</text>";
    y += 20;
  };
  if (unit.size() <= 32) o << "<text x=\"" << x << "\" y=\"12\" class=\"axis\">" << esc(unit) << "</text>";
  for (int k = 3; k >= 0 && hi > 0; --k)
    if (k == 0 || s.edge(k) < s.edge(k + 1)) item(blues[k], false, num(s.edge(k), dec) + " to " + num(s.edge(k + 1), dec));
  if (s.base == 0) item("#f7f7f7", false, "zero");
  if (lo < 0) {
    item(oranges[0], true, num(lo / 2, dec) + " to 0 (loss)");
    item(oranges[1], true, num(lo, dec) + " to " + num(lo / 2, dec) + " (loss)");
  }
  item("#bdbdbd", false, "no value");
  return o.str();
}

}  // namespace

std::string choropleth(const Chart& c, const std::vector<Area>& areas, const std::vector<double>& values) {
  Box b;
  for (const auto& a : areas) extend(b, a.path);
  if (!std::isfinite(b.x0)) return "";
  const int map_w = 280, map_h = static_cast<int>(map_w * (b.y1 - b.y0) / (b.x1 - b.x0));
  const int w = map_w + 235, h = std::max(map_h, 240);
  const Scale scale = make_scale(values);
  const std::string name = c.title + (c.unit.empty() ? "" : " (" + c.unit + ")");
  const int dec = decimals_for(std::max(scale.hi, -scale.lo));
  std::ostringstream o;
  o << "<figure id=\"" << esc(c.id) << "\" class=\"map\"><figcaption>" << esc(name) << "</figcaption><svg id=\""
    << esc(c.id) << "-svg\" role=\"img\" aria-label=\"" << esc(name) << "\" viewBox=\"0 0 " << w << ' ' << h
    << "\" width=\"" << w << "\" height=\"" << h << "\" xmlns=\"http://www.w3.org/2000/svg\"><title>" << esc(name)
    << "</title><desc>Map of " << areas.size()
    << " areas shaded by value: gains in four blue classes by quartile, darker is larger; losses orange and "
       "hatched; the legend gives each class's range and the table below lists every value.</desc><svg x=\"0\" y=\"0\" width=\""
    << map_w << "\" height=\"" << map_h << "\" viewBox=\"" << b.x0 << ' ' << b.y0 << ' ' << b.x1 - b.x0 << ' '
    << b.y1 - b.y0 << "\">";
  for (std::size_t i = 0; i < areas.size(); ++i) {
    const double v = values[i];
    o << "<g><title>" << esc(areas[i].name) << " (" << esc(areas[i].code) << "): " << num(v, dec) << ' '
      << esc(c.unit) << "</title><path d=\"" << areas[i].path << "\" fill=\"" << fill_of(v, scale)
      << "\" stroke=\"#444\" stroke-width=\"0.6\" vector-effect=\"non-scaling-stroke\"/>";
    if (v < 0)
      o << "<path d=\"" << areas[i].path << "\" fill=\"url(#hatchmap)\" stroke=\"none\"/>";
    o << "</g>";
  }
  o << "</svg>" << legend(scale, c.unit, map_w + 12) << "</svg>"
    << (c.note.empty() ? "" : "<p class=\"note\">" + esc(c.note) + "</p>") << "</figure>\n";
  return o.str();
}

}  // namespace devolve::svg
