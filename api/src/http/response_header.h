#pragma once
// A response header written exactly as given. Pistache 0.0.5 keeps headers added with
// addRaw() apart and never writes them, and its typed Location header re-encodes the
// value; this one is added as a typed header and writes its value byte for byte.

#include <pistache/http_header.h>

#include <ostream>
#include <string>

namespace linkstream::api {

class ResponseHeader : public Pistache::Http::Header::Header {
 public:
  ResponseHeader(std::string name, std::string value)
      : name_(std::move(name)), value_(std::move(value)) {}

  const char* name() const override { return name_.c_str(); }
  void write(std::ostream& os) const override { os << value_; }
  // Required by Pistache's checked header casts; never used to look this header up.
  std::uint64_t hash() const override { return 0; }

 private:
  std::string name_;
  std::string value_;
};

}  // namespace linkstream::api
