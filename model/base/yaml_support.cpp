#include "base/yaml_support.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

#include "base/text.hpp"

namespace devolve::yaml {

namespace {

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::string cur;
  for (char c : text) {
    if (c == '\n') {
      if (!cur.empty() && cur.back() == '\r') cur.pop_back();
      lines.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  lines.push_back(cur);
  return lines;
}

// The last '{' or '[' left open in the text (outside quotes and comments), as a 0-based mark.
YAML::Mark unclosed_bracket(const Source& src) {
  std::vector<YAML::Mark> open;
  for (std::size_t l = 0; l < src.lines.size(); ++l) {
    const std::string& s = src.lines[l];
    char quote = 0;
    for (std::size_t c = 0; c < s.size(); ++c) {
      const char ch = s[c];
      if (quote) {
        if (ch == quote) quote = 0;
        continue;
      }
      if (ch == '#' && (c == 0 || s[c - 1] == ' ')) break;
      if (ch == '"' || ch == '\'') quote = ch;
      else if (ch == '{' || ch == '[') {
        YAML::Mark m = YAML::Mark::null_mark();
        m.line = int(l), m.column = int(c), m.pos = 0;
        open.push_back(m);
      } else if ((ch == '}' || ch == ']') && !open.empty()) open.pop_back();
    }
  }
  return open.empty() ? YAML::Mark::null_mark() : open.back();
}

InputError at_mark(const Source& src, YAML::Mark m, const std::string& key, const std::string& message) {
  if (m.is_null()) return InputError(src.file, 0, 0, key, message);
  // A mark past the end of the text (yaml-cpp's end of input): point at an unclosed bracket if
  // there is one, else at the end of the last non-empty line.
  int last = int(src.lines.size()) - 1;
  while (last > 0 && src.lines[std::size_t(last)].find_first_not_of(" \t\r") == std::string::npos) --last;
  if (m.line > last || (m.line == last && m.column > int(src.lines[std::size_t(last)].size()))) {
    const YAML::Mark b = unclosed_bracket(src);
    if (!b.is_null()) m = b;
    else m.line = last, m.column = int(src.lines[std::size_t(std::max(last, 0))].size());
  }
  const int line = m.line + 1, col = m.column + 1;
  const std::string text = line - 1 < static_cast<int>(src.lines.size()) ? src.lines[std::size_t(line - 1)] : "";
  return InputError(src.file, line, col, key, message, text);
}

}  // namespace

Source parse(const std::string& text, const std::string& file) {
  Source src;
  src.file = file;
  src.text = text;
  src.lines = split_lines(text);
  try {
    const std::vector<YAML::Node> docs = YAML::LoadAll(text);
    src.root = docs.empty() ? YAML::Node() : docs.front();
    if (docs.size() > 1) {
      // A second document would be ignored silently: say so at its first line.
      int line = 0;
      for (std::size_t l = 1; l < src.lines.size(); ++l)
        if (src.lines[l].rfind("---", 0) == 0) line = int(l);
      YAML::Mark m = YAML::Mark::null_mark();
      m.line = line, m.column = 0, m.pos = 0;
      throw at_mark(src, m, "", "the file holds more than one YAML document; a scenario or model header is one document");
    }
  } catch (const YAML::ParserException& e) {
    throw at_mark(src, e.mark, "", "YAML syntax error: " + e.msg);
  } catch (const YAML::Exception& e) {
    throw at_mark(src, e.mark, "", "YAML error: " + e.msg);
  }
  return src;
}

Source load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "cannot open the file (missing or unreadable)");
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), path);
}

InputError error_at(const Source& src, const YAML::Node& node, const std::string& key, const std::string& message) {
  return at_mark(src, node.IsDefined() ? node.Mark() : YAML::Mark::null_mark(), key, message);
}

void Diagnostics::throw_if_any() const {
  if (!errors_.empty()) throw errors_.front();
}

YAML::Node key_node(const YAML::Node& map, const std::string& key) {
  if (!map.IsMap()) return YAML::Node();
  for (auto it = map.begin(); it != map.end(); ++it)
    if (it->first.IsScalar() && it->first.Scalar() == key) return it->first;
  return YAML::Node();
}

void check_keys(const Source& src, const YAML::Node& map, const std::string& path,
                const std::vector<std::string>& allowed, Diagnostics& diag) {
  if (!map.IsMap()) return;
  std::vector<std::string> seen;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const std::string k = it->first.IsScalar() ? it->first.Scalar() : std::string("?");
    bool ok = false;
    for (const auto& a : allowed) ok = ok || a == k;
    if (!ok) {
      diag.add(error_at(src, it->first, child(path, k),
                        "unknown key '" + k + "'" + text::did_you_mean(k, allowed) + " (allowed: " +
                            text::join(allowed, 40) + ")"));
    }
    for (const auto& s : seen)
      if (s == k) diag.add(error_at(src, it->first, child(path, k), "duplicate key '" + k + "'"));
    seen.push_back(k);
  }
}

std::string as_string(const Source& src, const YAML::Node& node, const std::string& key) {
  if (!node.IsScalar()) throw error_at(src, node, key, "expected a text value");
  return node.Scalar();
}

double as_number(const Source& src, const YAML::Node& node, const std::string& key) {
  if (!node.IsScalar()) throw error_at(src, node, key, "expected a number");
  const std::string& s = node.Scalar();
  double v = 0;
  std::size_t used = 0;
  try {
    v = std::stod(s, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  // YAML spells infinities and NaN .inf, -.inf and .nan: not finite, so refused like inf and nan.
  const std::string low = text::lower(s);
  if (low == ".inf" || low == "+.inf" || low == "-.inf" || low == ".nan")
    throw error_at(src, node, key, "not a finite number: '" + s + "'");
  if (used == 0 || used != s.size()) throw error_at(src, node, key, "expected a number, found '" + s + "'");
  if (!std::isfinite(v)) throw error_at(src, node, key, "not a finite number: '" + s + "'");
  return v;
}

long long as_integer(const Source& src, const YAML::Node& node, const std::string& key) {
  const double v = as_number(src, node, key);
  if (std::floor(v) != v || std::abs(v) > 9e15) throw error_at(src, node, key, "expected a whole number");
  return static_cast<long long>(v);
}

bool as_bool(const Source& src, const YAML::Node& node, const std::string& key) {
  if (node.IsScalar()) {
    const std::string s = text::lower(node.Scalar());
    if (s == "true" || s == "yes" || s == "on") return true;
    if (s == "false" || s == "no" || s == "off") return false;
  }
  throw error_at(src, node, key, "expected true or false");
}

}  // namespace devolve::yaml
