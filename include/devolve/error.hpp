#pragma once
#include <stdexcept>
#include <string>

namespace devolve {

//! Base of every error the library throws; the CLI maps the kind to an exit code.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

//! Bad input in a file: carries the file, 1-based line and column, and the key path.
class InputError : public Error {
 public:
  //! line and column are 1-based; 0 means unknown. source_line is the text of that line, if known.
  InputError(std::string file, int line, int column, std::string key, std::string message,
             std::string source_line = {});
  //! An error about a whole file (missing, unreadable): no line or column.
  InputError(std::string file, std::string message);

  const std::string& file() const { return file_; }
  int line() const { return line_; }
  int column() const { return column_; }
  const std::string& key() const { return key_; }
  const std::string& message() const { return message_; }

 private:
  std::string file_;
  int line_ = 0;
  int column_ = 0;
  std::string key_;
  std::string message_;
};

//! A model that loads but breaks an accounting identity or is not productive.
class ModelError : public Error {
 public:
  using Error::Error;
};

//! A request the program cannot honour (output file exists, bad option combination).
class UsageError : public Error {
 public:
  using Error::Error;
};

//! Work stopped by a signal before it finished; what was done is kept and can be resumed.
class Interrupted : public Error {
 public:
  using Error::Error;
};

//! Formats "file:line:col: error: key: message" plus the source line and a caret.
std::string format_input_error(const std::string& file, int line, int column, const std::string& key,
                               const std::string& message, const std::string& source_line);

}  // namespace devolve
