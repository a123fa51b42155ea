#include "base/yaml_support.hpp"

#include <cmath>
#include <sstream>

#include <yaml-cpp/eventhandler.h>

#include "base/input_file.hpp"
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

// Calls f(line, column, bracket) for every '{', '[', '}' and ']' outside quotes and comments (0-based).
template <class F>
void for_each_bracket(const Source& src, F f) {
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
      else if (ch == '{' || ch == '[' || ch == '}' || ch == ']') f(l, c, ch);
    }
  }
}

// The last '{' or '[' left open in the text (outside quotes and comments), as a 0-based mark.
YAML::Mark unclosed_bracket(const Source& src) {
  std::vector<YAML::Mark> open;
  for_each_bracket(src, [&](std::size_t l, std::size_t c, char ch) {
    if (ch == '{' || ch == '[') {
      YAML::Mark m = YAML::Mark::null_mark();
      m.line = int(l), m.column = int(c), m.pos = 0;
      open.push_back(m);
    } else if (!open.empty()) {
      open.pop_back();
    }
  });
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

// Limits of the YAML front end: far above any real scenario, sweep or model header, and small
// enough that no input can exhaust the stack (yaml-cpp parses recursively) or memory.
constexpr std::size_t max_bytes = 16u << 20;      // 16 MiB of text
constexpr int max_depth = 64;                      // nested maps and lists
constexpr std::size_t max_nodes = 1000000;         // nodes after expanding aliases

InputError at_line_col(const Source& src, std::size_t line, std::size_t col, const std::string& message) {
  YAML::Mark m = YAML::Mark::null_mark();
  m.line = int(line), m.column = int(col), m.pos = 0;
  return at_mark(src, m, "", message);
}

// Refuses flow nesting ("[[[[...") and block nesting (indentation, "- - - x") deeper than
// max_depth before yaml-cpp's recursive parser sees the text.
void check_nesting(const Source& src) {
  for (std::size_t l = 0; l < src.lines.size(); ++l) {
    const std::string& s = src.lines[l];
    std::size_t lead = 0;
    while (lead < s.size() && (s[lead] == ' ' || ((s[lead] == '-' || s[lead] == '?') && lead + 1 < s.size() && s[lead + 1] == ' ')))
      ++lead;
    if (lead > std::size_t(4 * max_depth))
      throw at_line_col(src, l, lead, "the YAML is nested too deeply (indented past column " + std::to_string(4 * max_depth) + ")");
  }
  int flow = 0;
  for_each_bracket(src, [&](std::size_t l, std::size_t c, char ch) {
    if ((ch == '{' || ch == '[') && ++flow > max_depth)
      throw at_line_col(src, l, c, "the YAML is nested too deeply (more than " + std::to_string(max_depth) + " levels of brackets)");
    if ((ch == '}' || ch == ']') && flow > 0) --flow;
  });
}

// Counts the nodes of the tree as a reader would visit them (aliases expanded), stopping at the
// limit: a "billion laughs" of nested aliases is refused here instead of exhausting memory later.
void check_expansion(const Source& src, const YAML::Node& root) {
  std::size_t count = 0;
  std::vector<std::pair<YAML::Node, int>> stack{{root, 0}};
  while (!stack.empty()) {
    auto [node, depth] = stack.back();
    stack.pop_back();
    if (++count > max_nodes)
      throw error_at(src, node, "", "the YAML expands to more than " + std::to_string(max_nodes) +
                                        " values (aliases repeated inside aliases?)");
    if (depth > max_depth) throw error_at(src, node, "", "the YAML is nested too deeply");
    if (node.IsSequence())
      for (const auto& c : node) stack.emplace_back(c, depth + 1);
    else if (node.IsMap())
      for (const auto& kv : node) stack.emplace_back(kv.first, depth + 1), stack.emplace_back(kv.second, depth + 1);
  }
}

// Notes where a document's first node starts, and nothing else.
struct FirstMark : YAML::EventHandler {
  YAML::Mark mark = YAML::Mark::null_mark();
  void note(const YAML::Mark& m) {
    if (mark.is_null()) mark = m;
  }
  void OnDocumentStart(const YAML::Mark& m) override { note(m); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& m, YAML::anchor_t) override { note(m); }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t) override { note(m); }
  void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t, const std::string&) override { note(m); }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override { note(m); }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override { note(m); }
  void OnMapEnd() override {}
};

// Refuses text after the first document (a second "---" document or stray text such as a
// trailing ','). Exactly two documents are asked for: yaml-cpp 0.7's LoadAll never ends on some
// of these inputs, so it is never used.
void check_one_document(const Source& src) {
  std::istringstream in(src.text);
  YAML::Parser parser(in);
  FirstMark first, second;
  if (!parser.HandleNextDocument(first)) return;
  if (!parser.HandleNextDocument(second)) return;
  YAML::Mark m = second.mark;
  if (m.is_null()) m.line = 0, m.column = 0, m.pos = 0;
  throw at_mark(src, m, "", "text after the end of the YAML document (a second document, or a stray ',' or bracket?); "
                            "a devolve file is one YAML document");
}

}  // namespace

Source parse(const std::string& text, const std::string& file) {
  Source src;
  src.file = file;
  src.text = text;
  if (text.size() > max_bytes)
    throw InputError(file, "the file is larger than " + std::to_string(max_bytes >> 20) + " MiB; not a devolve YAML file");
  src.lines = split_lines(text);
  if (const auto bad = text::first_invalid_utf8(text)) {
    const auto [line, col] = text::line_column(text, *bad);
    throw InputError(file, int(line) + 1, int(col) + 1, "", "the file is not valid UTF-8 (byte " + std::to_string(*bad) + ")",
                     text.substr(*bad - col, col));  // the line up to the bad byte, which is not shown
  }
  check_nesting(src);
  try {
    check_one_document(src);
    src.root = YAML::Load(text);
    check_expansion(src, src.root);
  } catch (const YAML::ParserException& e) {
    throw at_mark(src, e.mark, "", "YAML syntax error: " + e.msg);
  } catch (const YAML::Exception& e) {
    throw at_mark(src, e.mark, "", "YAML error: " + e.msg);
  }
  return src;
}

Source load(const std::string& path) { return parse(read_regular_file(path), path); }

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
