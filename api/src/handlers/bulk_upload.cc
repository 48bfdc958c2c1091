#include "handlers/bulk_upload.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "handlers/idempotency_header.h"
#include "http/multipart.h"

namespace linkstream::api {

using Pistache::Http::Code;

namespace {

std::string report_json(const ImportReport& report) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("count");
  w.Uint64(report.imported);
  w.Key("imported");
  w.Uint64(report.imported);
  w.Key("rows");
  w.Uint64(report.rows);
  w.Key("errors");
  w.StartArray();
  for (const auto& error : report.errors) {
    w.StartObject();
    w.Key("line");
    w.Uint64(error.line);
    w.Key("error");
    w.String(error.message.c_str());
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return buffer.GetString();
}

}  // namespace

void answer_bulk_upload(const Pistache::Http::Request& request, std::string_view route,
                        const Reply& reply, ImportService& imports, ImportKind kind) {
  auto content_type = request.headers().tryGet<Pistache::Http::Header::ContentType>();
  const auto mime = content_type ? content_type->mime() : Pistache::Http::Mime::MediaType();
  std::optional<std::string_view> file;
  if (mime.sub() == Pistache::Http::Mime::Subtype::FormData) {
    file = multipart_field(request.body(), mime.getParam("boundary").value_or(""), "file");
  } else if (mime.toString().rfind("text/csv", 0) == 0 && !request.body().empty()) {
    file = request.body();
  }
  if (!file) {
    return reply.field_error(
        Code::Bad_Request, "file",
        "send the CSV as multipart/form-data in the field 'file' (curl -F file=@data.csv)");
  }
  const auto key = idempotency_key_of(request, route, *file, reply);
  if (!key) return;  // answered
  // The file is read into rows before import() returns; the rows outlive the request.
  imports.import(kind, *file, *key,
                 [reply](const ImportReport& report, const ImportRefusal* refusal) {
                   if (!refusal) return reply.json(Code::Created, report_json(report));
                   switch (refusal->kind) {
                     case ImportRefusal::Kind::kFile:
                       return reply.field_error(Code::Bad_Request, "file", refusal->message);
                     case ImportRefusal::Kind::kKeyReused:
                       return reply.field_error(Code::Unprocessable_Entity, "Idempotency-Key",
                                                refusal->message);
                   }
                 });
}

}  // namespace linkstream::api
