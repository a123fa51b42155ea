#pragma once
#include <string>

namespace devolve {

//! The kinds of YAML file devolve reads (docs/scenarios.md, "Checking files").
enum class FileKind { scenario, sweep, build, profiles };

//! A file's kind by its content: `format: devolve-build` a build configuration; a `scenario` key
//! with a `sampler` or `inputs` key and none of a scenario's own keys (shocks, years, model, ...)
//! a sweep (a scenario with a stray `inputs:` is a scenario, so its reader reports the key); `profiles` with none of a scenario's keys (shocks, model, name, years) a
//! profiles file; anything else a scenario (whose reader then says what is missing). Read from the
//! top-level keys on lines that start in column 1, so a file with a syntax error further on is
//! still recognised.
FileKind file_kind(const std::string& text);

//! "a sweep file", "a profiles file", "a geography build configuration", "a scenario".
const char* describe(FileKind kind);

//! What to do with a file of this kind instead of running it as a scenario (empty for a scenario).
std::string use_instead(FileKind kind, const std::string& file);

}  // namespace devolve
