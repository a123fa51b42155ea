#pragma once
// Inline SVG charts for the HTML report (docs/reports.md): each is one <figure> holding an
// accessible <svg> (role="img", aria-label, <title>, <desc>) with its units, plus labels or
// patterns so that it reads without colour. No scripts, no external resources.
#include <string>
#include <vector>

namespace devolve::svg {

//! Escapes &, <, >, " for HTML text and attributes.
std::string esc(const std::string& s);
//! A number with thousands separators and the given decimals, e.g. 33,098 or -1,234.5.
std::string num(double v, int decimals);
//! Decimals that suit a magnitude: 0 from 100 up, 1 from 1, else 3.
int decimals_for(double magnitude);
//! The largest finite |value| (1 when none is positive).
double max_abs_of(const std::vector<double>& v);

struct Chart {
  std::string id;     //!< element id of the figure; the svg gets id + "-svg"
  std::string title;  //!< figure title, shown and used as the svg's accessible name
  std::string unit;   //!< unit of the values, stated on the axis and in the title
  std::string note;   //!< optional sentence under the figure
};

//! A hidden <svg> with the patterns the charts use for negative values: url(#hatch) for bars,
//! url(#hatchw) (white stripes, px) for legends, url(#hatchmap) (white stripes, km) for map areas.
std::string shared_defs();

//! Horizontal bars, one per label, sorted as given; negative bars hatched.
std::string bars(const Chart& c, const std::vector<std::string>& labels, const std::vector<double>& values);
//! Waterfall: steps that add up, then a total bar.
std::string waterfall(const Chart& c, const std::vector<std::string>& labels, const std::vector<double>& values);

//! A table of label and value columns (the accessible twin of a chart).
std::string table(const std::string& caption, const std::vector<std::string>& header,
                  const std::vector<std::vector<std::string>>& rows);

}  // namespace devolve::svg
