#pragma once
#include <exception>
#include <string>
#include <vector>

#include "devolve/model_cache.hpp"

namespace devolve::cli {

//! Exit codes, as `devolve --help` documents them.
enum Exit : int {
  ok = 0,
  internal = 1,  //!< unexpected failure (a bug: please report it)
  usage = 2,     //!< bad command line, or an output that exists without --overwrite
  input = 3,     //!< bad input file: syntax, type, unknown label or key (file:line:column given)
  model = 4,     //!< a model that breaks an accounting identity or is not productive
  interrupted = 5,  //!< stopped by a signal; finished work kept (devolve sweep --resume)
};

int run(int argc, char** argv);

using Args = std::vector<std::string>;
int cmd_model(const Args& args);
int cmd_multipliers(const Args& args);
int cmd_run(const Args& args);
int cmd_validate(const Args& args);
int cmd_report(const Args& args);
int cmd_sweep(const Args& args);
int cmd_compare(const Args& args);
int cmd_export(const Args& args);

//! Where models come from, read once from the environment: DEVOLVE_DATA_DIR (shipped data),
//! DEVOLVE_CACHE_DIR, else $XDG_CACHE_HOME/devolve, else ~/.cache/devolve (built models); notices
//! (a damaged cache entry rebuilt) go to stderr.
ModelSettings model_settings();

//! The exit code of a failure, and its message as printed (the kinds of error as `run` maps them)
int exit_code_of(std::exception_ptr failure, std::string& message);

//! Which exit codes a command can return: every one (devolve --help), a sweep's (0-5), a command
//! that reads a model (0-4), or one that reads no model (export: 0-3).
enum class ExitCodes { all, sweep, model, no_model };
//! The exit-code table printed under every --help: only the codes the command can return, and what
//! Ctrl-C does to it
std::string exit_codes_help(ExitCodes codes);

}  // namespace devolve::cli
