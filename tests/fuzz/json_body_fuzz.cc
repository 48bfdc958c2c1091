// The JSON body reader every write goes through (api/src/json/json_body.h: bounded depth,
// UTF-8, no NUL), and the fields a handler asks of it.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "json/json_body.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  linkstream::api::FieldError error;
  auto body = linkstream::api::JsonBody::parse(text, error);
  if (!body) return 0;
  (void)body->required_integer("user_id");
  (void)body->required_string("original_url");
  (void)body->optional_string("title");
  (void)body->optional_boolean("is_active");
  (void)body->has("details");
  return 0;
}
