#pragma once
// The one part of a multipart/form-data body (RFC 7578) that a handler asks for, by its
// form field name. Enough for file uploads; not a general MIME parser.

#include <optional>
#include <string>
#include <string_view>

namespace linkstream::api {

// The content of the part named `field` in `body`, whose parts are separated by
// `boundary` (the Content-Type parameter); nullopt when there is no such part or the body
// is not well formed.
std::optional<std::string_view> multipart_field(std::string_view body, std::string_view boundary,
                                                std::string_view field);

}  // namespace linkstream::api
