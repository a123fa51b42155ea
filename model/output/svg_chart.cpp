#include "output/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace devolve::svg {

std::string esc(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (const char ch : s) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += ch;
    }
  }
  return out;
}

std::string num(double v, int decimals) {
  if (std::isnan(v)) return "n/a";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, std::fabs(v));
  std::string s(buf);
  const std::size_t dot = s.find('.');
  std::string whole = s.substr(0, dot), frac = dot == std::string::npos ? "" : s.substr(dot);
  std::string grouped;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
    grouped += whole[i];
  }
  const bool zero = std::all_of(buf, buf + std::char_traits<char>::length(buf),
                                [](char c) { return c == '0' || c == '.'; });
  return (v < 0 && !zero ? "-" : "") + grouped + frac;
}

int decimals_for(double magnitude) {
  magnitude = std::fabs(magnitude);
  return magnitude >= 100 ? 0 : magnitude >= 1 ? 1 : 3;
}

namespace {

const char* const hatch_defs =
    "<svg width=\"0\" height=\"0\" style=\"position:absolute\" aria-hidden=\"true\"><defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
    "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#e6550d\"/>"
    "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#fff\" stroke-width=\"2\"/></pattern>"
    "<pattern id=\"hatchw\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\" "
    "patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"5\" stroke=\"#fff\" "
    "stroke-width=\"1.5\"/></pattern>"
    "<pattern id=\"hatchmap\" width=\"14\" height=\"14\" patternUnits=\"userSpaceOnUse\" "
    "patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"14\" stroke=\"#fff\" "
    "stroke-width=\"4\"/></pattern></defs></svg>";

std::string open_svg(const Chart& c, int w, int h) {
  std::ostringstream o;
  const std::string name = c.title + (c.unit.empty() ? "" : " (" + c.unit + ")");
  o << "<figure id=\"" << esc(c.id) << "\"><figcaption>" << esc(name) << "</figcaption>"
    << "<svg id=\"" << esc(c.id) << "-svg\" role=\"img\" aria-label=\"" << esc(name) << "\" viewBox=\"0 0 " << w
    << ' ' << h << "\" width=\"" << w << "\" height=\"" << h << "\" xmlns=\"http://www.w3.org/2000/svg\">"
    << "<title>" << esc(name) << "</title>";
  return o.str();
}

std::string close_svg(const Chart& c) {
  return "</svg>" + (c.note.empty() ? std::string() : "<p class=\"note\">" + esc(c.note) + "</p>") + "</figure>\n";
}

// At most n bytes of s, cut at a UTF-8 character boundary and ended with "..." when cut.
std::string shorten(const std::string& s, std::size_t n) {
  if (s.size() <= n) return s;
  std::size_t k = n - 3;
  while (k > 0 && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80) --k;
  return s.substr(0, k) + "...";
}

}  // namespace

double max_abs_of(const std::vector<double>& v) {
  double m = 0;
  for (const double x : v)
    if (std::isfinite(x)) m = std::max(m, std::fabs(x));
  return m > 0 ? m : 1;
}

std::string shared_defs() { return hatch_defs; }

std::string bars(const Chart& c, const std::vector<std::string>& labels, const std::vector<double>& values) {
  const int row = 22, top = 10, label_w = 300, bar_w = 330, w = label_w + bar_w + 110;
  const int h = top * 2 + row * static_cast<int>(labels.size()) + 20;
  double lo = 0, hi = 0;
  for (const double v : values)
    if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  if (hi - lo <= 0) hi = 1;
  const double scale = bar_w / (hi - lo), zero = label_w + (-lo) * scale;
  const int dec = decimals_for(max_abs_of(values));
  std::ostringstream o;
  o << open_svg(c, w, h) << "<desc>" << esc(c.title) << ": one bar per item; negative values hatched.</desc>";
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const double v = std::isfinite(values[i]) ? values[i] : 0;
    const int y = top + row * static_cast<int>(i);
    const double x0 = std::min(zero, zero + v * scale), bw = std::fabs(v * scale);
    o << "<g><title>" << esc(labels[i]) << ": " << num(values[i], dec) << ' ' << esc(c.unit) << "</title>"
      << "<text x=\"" << label_w - 6 << "\" y=\"" << y + 15 << "\" text-anchor=\"end\">"
      << esc(shorten(labels[i], 44)) << "</text>"
      << "<rect x=\"" << x0 << "\" y=\"" << y + 3 << "\" width=\"" << std::max(bw, 0.5) << "\" height=\"" << row - 6
      << "\" fill=\"" << (v < 0 ? "url(#hatch)" : "#3182bd") << "\"/>"
      << "<text x=\"" << (v < 0 ? zero + 4 : x0 + bw + 4) << "\" y=\"" << y + 15
      << "\" text-anchor=\"start\" class=\"val\">" << num(values[i], dec) << "</text></g>";
  }
  o << "<line x1=\"" << zero << "\" y1=\"" << top << "\" x2=\"" << zero << "\" y2=\"" << h - 20
    << "\" stroke=\"#333\"/><text x=\"" << label_w + bar_w / 2 << "\" y=\"" << h - 4
    << "\" text-anchor=\"middle\" class=\"axis\">" << esc(c.unit) << "</text>";
  return o.str() + close_svg(c);
}

std::string waterfall(const Chart& c, const std::vector<std::string>& labels, const std::vector<double>& values) {
  const int col = 110, left = 70, top = 20, plot_h = 260, w = left + col * static_cast<int>(labels.size() + 1) + 20;
  const int h = top + plot_h + 60;
  double run = 0, lo = 0, hi = 0;
  for (const double v : values) run += v, lo = std::min(lo, run), hi = std::max(hi, run);
  if (hi - lo <= 0) hi = lo + 1;
  const auto y_of = [&](double v) { return top + (hi - v) / (hi - lo) * plot_h; };
  const int dec = decimals_for(std::max(std::fabs(hi), std::fabs(lo)));
  std::ostringstream o;
  o << open_svg(c, w, h) << "<desc>" << esc(c.title)
    << ": each step adds one component to the running total; the last bar is the total. Falls hatched.</desc>";
  run = 0;
  for (std::size_t i = 0; i <= labels.size(); ++i) {
    const bool total = i == labels.size();
    const double v = total ? run : values[i], from = total ? 0 : run, to = total ? run : run + v;
    const std::string name = total ? "Total" : labels[i];
    const double x = left + col * static_cast<double>(i) + 15, y0 = y_of(std::max(from, to)), y1 = y_of(std::min(from, to));
    o << "<g><title>" << esc(name) << ": " << num(v, dec) << ' ' << esc(c.unit) << "</title><rect x=\"" << x
      << "\" y=\"" << y0 << "\" width=\"" << col - 30 << "\" height=\"" << std::max(y1 - y0, 0.5) << "\" fill=\""
      << (total ? "#31a354" : v < 0 ? "url(#hatch)" : "#3182bd") << "\"/><text x=\"" << x + (col - 30) / 2.0
      << "\" y=\"" << y0 - 4 << "\" text-anchor=\"middle\" class=\"val\">" << num(v, dec) << "</text><text x=\""
      << x + (col - 30) / 2.0 << "\" y=\"" << top + plot_h + 18 << "\" text-anchor=\"middle\">" << esc(name)
      << "</text></g>";
    if (!total) run += v;
  }
  o << "<line x1=\"" << left << "\" y1=\"" << y_of(0) << "\" x2=\"" << w - 10 << "\" y2=\"" << y_of(0)
    << "\" stroke=\"#333\"/><text x=\"10\" y=\"" << top + plot_h + 45 << "\" class=\"axis\">" << esc(c.unit)
    << "</text>";
  return o.str() + close_svg(c);
}

std::string table(const std::string& caption, const std::vector<std::string>& header,
                  const std::vector<std::vector<std::string>>& rows) {
  std::ostringstream o;
  o << "<details><summary>" << esc(caption) << " (table)</summary><table><caption>" << esc(caption)
    << "</caption><thead><tr>";
  for (const auto& h : header) o << "<th scope=\"col\">" << esc(h) << "</th>";
  o << "</tr></thead><tbody>";
  for (const auto& r : rows) {
    o << "<tr>";
    for (std::size_t i = 0; i < r.size(); ++i) o << (i == 0 ? "<th scope=\"row\">" : "<td>") << esc(r[i])
                                                 << (i == 0 ? "</th>" : "</td>");
    o << "</tr>";
  }
  o << "</tbody></table></details>\n";
  return o.str();
}

}  // namespace devolve::svg
