#pragma once
// yaml-cpp behind a few helpers that turn every problem into an InputError with file, line,
// column, key path and a caret. Only sources in model/ include this header.
#include <yaml-cpp/yaml.h>

#include <functional>
#include <string>
#include <vector>

#include "devolve/error.hpp"

namespace devolve::yaml {

//! A parsed YAML file with its lines kept for error messages.
struct Source {
  std::string file;
  std::vector<std::string> lines;
  YAML::Node root;
  std::string text;
};

//! Parses a file; a syntax error becomes an InputError at the parser's mark.
Source load(const std::string& path);
//! Parses text as if it were the named file.
Source parse(const std::string& text, const std::string& file);

//! The 1-based line/column of a node, and an InputError there.
InputError error_at(const Source& src, const YAML::Node& node, const std::string& key, const std::string& message);

//! Collects errors instead of throwing, so a validator can report every problem in one pass.
class Diagnostics {
 public:
  void add(const InputError& e) { errors_.push_back(e); }
  bool empty() const { return errors_.empty(); }
  const std::vector<InputError>& errors() const { return errors_; }
  //! Throws the first error if there are any (the CLI prints all of them in validate).
  void throw_if_any() const;

 private:
  std::vector<InputError> errors_;
};

//! Fails for keys of a map not in `allowed`, with a "did you mean" hint; `path` is the map's key path.
void check_keys(const Source& src, const YAML::Node& map, const std::string& path,
                const std::vector<std::string>& allowed, Diagnostics& diag);

//! The key node of `key` inside map (for locating errors on the key itself); null if absent.
YAML::Node key_node(const YAML::Node& map, const std::string& key);

//! Typed readers: each throws InputError at the node if the value has the wrong type.
std::string as_string(const Source& src, const YAML::Node& node, const std::string& key);
double as_number(const Source& src, const YAML::Node& node, const std::string& key);
long long as_integer(const Source& src, const YAML::Node& node, const std::string& key);
bool as_bool(const Source& src, const YAML::Node& node, const std::string& key);

//! "a.b" or "a[3]" key-path builders
inline std::string child(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}
inline std::string item(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

}  // namespace devolve::yaml
