#pragma once
#include <cstdlib>
// Shared Boost.Program_options plumbing for the subcommands.
#include <boost/program_options.hpp>
#include <iostream>

#include "cli/commands.hpp"

namespace devolve::cli {

namespace po = boost::program_options;

//! Parses args against options and positionals; returns false (after printing help) for --help.
inline bool parse(const Args& args, const po::options_description& opts, const po::positional_options_description& pos,
                  po::variables_map& vm, const std::string& usage_line) {
  po::store(po::command_line_parser(args).options(opts).positional(pos).run(), vm);
  if (vm.count("help")) {
    std::cout << "Usage: " << usage_line << "\n\n" << opts << "\n" << exit_codes_help;
    return false;
  }
  po::notify(vm);
  return true;
}

//! DEVOLVE_SCENARIOS_DIR: the folder of the shipped profiles.yaml (empty: the source tree's scenarios/).
inline std::string profiles_dir_from_env() {
  const char* d = std::getenv("DEVOLVE_SCENARIOS_DIR");
  return d ? d : "";
}

}  // namespace devolve::cli
