#include "devolve/error.hpp"

namespace devolve {

std::string format_input_error(const std::string& file, int line, int column, const std::string& key,
                               const std::string& message, const std::string& source_line) {
  std::string out = file;
  if (line > 0) {
    out += ":" + std::to_string(line);
    if (column > 0) out += ":" + std::to_string(column);
  }
  out += ": error: ";
  if (!key.empty()) out += key + ": ";
  out += message;
  if (line > 0 && !source_line.empty()) {
    out += "\n  " + source_line + "\n  ";
    // Keep tabs so the caret lines up under the same column.
    for (int i = 1; i < column && i <= static_cast<int>(source_line.size()); ++i)
      out += source_line[static_cast<std::size_t>(i - 1)] == '\t' ? '\t' : ' ';
    out += "^";
  }
  return out;
}

InputError::InputError(std::string file, int line, int column, std::string key, std::string message,
                       std::string source_line)
    : Error(format_input_error(file, line, column, key, message, source_line)),
      file_(std::move(file)),
      line_(line),
      column_(column),
      key_(std::move(key)),
      message_(std::move(message)) {}

InputError::InputError(std::string file, std::string message)
    : Error(format_input_error(file, 0, 0, "", message, "")), file_(std::move(file)), message_(std::move(message)) {}

}  // namespace devolve
