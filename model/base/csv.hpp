#pragma once
// A small CSV reader (RFC 4180 quoting, CRLF or LF) that remembers where each field starts,
// so every error can name file, line and column.
#include <string>
#include <vector>

namespace devolve::csv {

struct Field {
  std::string text;
  int column = 0;  //!< 1-based character column where the field starts
};

struct Row {
  int line = 0;  //!< 1-based line number
  std::vector<Field> fields;
  std::string raw;  //!< the line's text, for the caret in error messages
};

struct Table {
  std::string file;
  Row header;
  std::vector<Row> rows;
};

//! Reads a CSV file; the first row is the header. Throws InputError for a missing file, an
//! unterminated quote, or a row whose field count differs from the header's (ragged).
Table read(const std::string& path);
//! Parses CSV text as if it were the named file (UTF-8 checked, errors located).
Table parse(const std::string& text, const std::string& path);

//! Requires the header to be exactly `expected` (in order); throws InputError at the first difference.
void require_header(const Table& t, const std::vector<std::string>& expected);

//! Index of a named header column; throws InputError naming the file and the missing column.
std::size_t column(const Table& t, const std::string& name);

//! Parses a finite number from a field; throws InputError naming file, line, column and `key`.
double number(const Table& t, const Row& r, std::size_t field, const std::string& key);

//! Throws an InputError located at a field.
[[noreturn]] void fail(const Table& t, const Row& r, std::size_t field, const std::string& key,
                       const std::string& message);

//! Quotes a field if it needs it.
std::string quote(const std::string& s);

}  // namespace devolve::csv
