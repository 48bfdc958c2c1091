#include "http/multipart.h"

#include <gtest/gtest.h>

namespace linkstream::api {
namespace {

const std::string kBody =
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"note\"\r\n\r\n"
    "hello\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"file\"; filename=\"users.csv\"\r\n"
    "Content-Type: text/csv\r\n\r\n"
    "id,username\r\n1,ada\r\n"
    "\r\n--XyZ--\r\n";

TEST(Multipart, FindsTheNamedPartWithItsContentExactly) {
  EXPECT_EQ(multipart_field(kBody, "XyZ", "file"), "id,username\r\n1,ada\r\n");
  EXPECT_EQ(multipart_field(kBody, "XyZ", "note"), "hello");
}

TEST(Multipart, AFieldNamedOnlyAsAFilenameIsNotThatField) {
  const std::string body =
      "--b\r\nContent-Disposition: form-data; name=\"other\"; "
      "filename=\"file\"\r\n\r\nx\r\n--b--\r\n";
  EXPECT_FALSE(multipart_field(body, "b", "file"));
}

TEST(Multipart, MissingPartsWrongBoundariesAndTruncatedBodiesGiveNothing) {
  EXPECT_FALSE(multipart_field(kBody, "XyZ", "absent"));
  EXPECT_FALSE(multipart_field(kBody, "other", "file"));
  EXPECT_FALSE(multipart_field(kBody, "", "file"));
  EXPECT_FALSE(multipart_field(kBody.substr(0, 120), "XyZ", "file"));
  EXPECT_FALSE(multipart_field("", "XyZ", "file"));
}

}  // namespace
}  // namespace linkstream::api
