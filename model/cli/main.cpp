// devolve: parse -> load -> solve -> write. Everything else lives in the core library.
#include "cli/commands.hpp"

int main(int argc, char** argv) { return devolve::cli::run(argc, argv); }
