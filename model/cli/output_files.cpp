#include "cli/output_files.hpp"

#include <filesystem>
#include <fstream>

#include "devolve/atomic_output.hpp"
#include "devolve/error.hpp"

namespace devolve::cli {

void require_h5_extension(const std::string& path, const std::string& command) {
  const std::string ext = std::filesystem::path(path).extension().string();
  if (ext == ".h5") return;
  throw UsageError("devolve " + command + ": error: output '" + path + "' " +
                   (ext.empty() ? "has no extension" : "has the extension '" + ext + "'") +
                   ": devolve writes HDF5, so name it with .h5 (e.g. -o " +
                   std::filesystem::path(path).replace_extension(".h5").string() +
                   "); for CSV, run 'devolve export OUT.h5 --csv DIR' on the result");
}

void write_text_file(const std::string& path, const std::string& text, bool overwrite) {
  AtomicOutput out(path, overwrite);
  {
    std::ofstream f(out.temp_path(), std::ios::binary);
    f << text;
    f.close();
    if (!f) throw InputError(path, "cannot write the file");
  }
  out.commit();
}

}  // namespace devolve::cli
