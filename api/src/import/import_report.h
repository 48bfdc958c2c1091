#pragma once
// What a bulk import did, row by row.

#include <cstddef>
#include <string>
#include <vector>

namespace linkstream::api {

struct RowError {
  std::size_t line = 0;  // the file's line where the row starts
  std::string message;
};

// Why an import took nothing at all.
struct ImportRefusal {
  enum class Kind {
    kFile,       // the file's header lacks a required column
    kKeyReused,  // its Idempotency-Key came with another file before
  };
  Kind kind;
  std::string message;
};

struct ImportReport {
  std::size_t rows = 0;      // data rows in the file
  std::size_t imported = 0;  // rows the log now holds (a row already there counts)
  std::vector<RowError> errors;
};

}  // namespace linkstream::api
