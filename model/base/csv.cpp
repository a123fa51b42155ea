#include "base/csv.hpp"

#include <charconv>
#include <cmath>

#include "base/input_file.hpp"
#include "base/text.hpp"
#include "devolve/error.hpp"

namespace devolve::csv {

Table read(const std::string& path) { return parse(read_regular_file(path), path); }

Table parse(const std::string& s, const std::string& path) {
  if (const auto bad = text::first_invalid_utf8(s)) {
    const auto [l, c] = text::line_column(s, *bad);
    const std::string raw = s.substr(*bad - c, c);  // the line up to the bad byte, which is not shown
    throw InputError(path, int(l) + 1, int(c) + 1, "", "the file is not valid UTF-8 (byte " + std::to_string(*bad) + ")", raw);
  }
  Table t;
  t.file = path;
  std::size_t i = 0;
  int line = 1;
  bool first = true;
  while (i < s.size()) {
    Row row;
    row.line = line;
    const std::size_t line_start = i;
    const std::size_t eol = s.find('\n', i);
    row.raw = s.substr(line_start, (eol == std::string::npos ? s.size() : eol) - line_start);
    if (!row.raw.empty() && row.raw.back() == '\r') row.raw.pop_back();
    bool end_of_row = false;
    while (!end_of_row) {
      Field f;
      f.column = static_cast<int>(i - line_start) + 1;
      if (i < s.size() && s[i] == '"') {
        ++i;
        while (true) {
          if (i >= s.size()) throw InputError(path, row.line, f.column, "", "unterminated quoted field", row.raw);
          if (s[i] == '"') {
            if (i + 1 < s.size() && s[i + 1] == '"') {
              f.text += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (s[i] == '\n') ++line;
          f.text += s[i++];
        }
      } else {
        while (i < s.size() && s[i] != ',' && s[i] != '\n' && s[i] != '\r') f.text += s[i++];
      }
      row.fields.push_back(std::move(f));
      if (i >= s.size()) {
        end_of_row = true;
      } else if (s[i] == ',') {
        ++i;
      } else if (s[i] == '\r' || s[i] == '\n') {
        if (s[i] == '\r') ++i;
        if (i < s.size() && s[i] == '\n') ++i;
        ++line;
        end_of_row = true;
      } else {
        throw InputError(path, row.line, static_cast<int>(i - line_start) + 1, "",
                         "unexpected character after a quoted field", row.raw);
      }
    }
    const bool blank = row.fields.size() == 1 && row.fields[0].text.empty();
    if (blank) continue;
    if (first) {
      t.header = std::move(row);
      first = false;
    } else {
      if (row.fields.size() != t.header.fields.size())
        throw InputError(path, row.line, 1, "",
                         "ragged row: " + std::to_string(row.fields.size()) + " fields, the header has " +
                             std::to_string(t.header.fields.size()),
                         row.raw);
      t.rows.push_back(std::move(row));
    }
  }
  if (first) throw InputError(path, "empty file: expected a header row");
  return t;
}

void require_header(const Table& t, const std::vector<std::string>& expected) {
  std::string want;
  for (const auto& e : expected) want += (want.empty() ? "" : ",") + e;
  for (std::size_t k = 0; k < expected.size() || k < t.header.fields.size(); ++k) {
    const bool bad = k >= expected.size() || k >= t.header.fields.size() || t.header.fields[k].text != expected[k];
    if (bad) {
      const int col = k < t.header.fields.size() ? t.header.fields[k].column : static_cast<int>(t.header.raw.size()) + 1;
      throw InputError(t.file, t.header.line, col, "header",
                       "header and expected columns disagree: expected '" + want + "'", t.header.raw);
    }
  }
}

std::size_t column(const Table& t, const std::string& name) {
  for (std::size_t k = 0; k < t.header.fields.size(); ++k)
    if (t.header.fields[k].text == name) return k;
  throw InputError(t.file, t.header.line, 1, "header", "missing column '" + name + "'", t.header.raw);
}

double number(const Table& t, const Row& r, std::size_t k, const std::string& key) {
  const std::string& s = r.fields[k].text;
  double v = 0;
  const char* b = s.data();
  const char* e = s.data() + s.size();
  while (b < e && *b == ' ') ++b;
  while (e > b && e[-1] == ' ') --e;
  if (b < e && *b == '+') ++b;
  auto res = std::from_chars(b, e, v);
  if (b == e || res.ec != std::errc() || res.ptr != e) fail(t, r, k, key, "not a number: '" + s + "'");
  if (!std::isfinite(v)) fail(t, r, k, key, "not a finite number: '" + s + "'");
  return v;
}

void fail(const Table& t, const Row& r, std::size_t k, const std::string& key, const std::string& message) {
  throw InputError(t.file, r.line, k < r.fields.size() ? r.fields[k].column : 1, key, message, r.raw);
}

std::string quote(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace devolve::csv
