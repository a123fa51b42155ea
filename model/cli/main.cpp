// devolve: parse -> load -> solve -> write. Everything else lives in the core library.
#include "cli/commands.hpp"
#include "cli/blas_tuning.hpp"

int main(int argc, char** argv) {
  devolve::cli::select_blas_kernels(argv);
  return devolve::cli::run(argc, argv);
}
