#include "linkstream/schema/schema_registry.h"

// RapidJSON's own regex engine (Debian's 1.1.0) keeps its search state inside the compiled
// pattern, so two threads validating against one schema corrupt each other (a crash seen
// under load). std::regex only reads a const pattern: safe to share between threads.
// Defining the first macro (to anything) turns the internal engine off; schema.h then picks
// std::regex only while RAPIDJSON_SCHEMA_USE_STDREGEX is left undefined.
#define RAPIDJSON_SCHEMA_USE_INTERNALREGEX 0

#include <rapidjson/error/en.h>
#include <rapidjson/schema.h>
#include <rapidjson/stringbuffer.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <utility>

#include "embedded_schemas.h"

namespace linkstream::schema {

namespace {

struct CompiledSchema {
  // The source document is kept alive beside its compiled form.
  std::unique_ptr<rapidjson::Document> source;
  std::unique_ptr<rapidjson::SchemaDocument> schema;
};

CompiledSchema compile(const internal::EmbeddedSchema& embedded) {
  auto source = std::make_unique<rapidjson::Document>();
  source->Parse(embedded.text.data(), embedded.text.size());
  if (source->HasParseError()) {
    std::fprintf(stderr, "schema %.*s v%d does not parse: %s at %zu\n",
                 static_cast<int>(embedded.name.size()), embedded.name.data(), embedded.version,
                 rapidjson::GetParseError_En(source->GetParseError()), source->GetErrorOffset());
    std::abort();
  }
  auto compiled = std::make_unique<rapidjson::SchemaDocument>(*source);
  return {std::move(source), std::move(compiled)};
}

std::optional<std::string> run_validator(const rapidjson::SchemaDocument& schema,
                                         const rapidjson::Value& value) {
  rapidjson::SchemaValidator validator(schema);
  if (value.Accept(validator)) return std::nullopt;
  rapidjson::StringBuffer where;
  validator.GetInvalidDocumentPointer().StringifyUriFragment(where);
  std::string place = where.GetString();
  if (place == "#") place = "the document";
  return "'" + place + "' breaks the rule '" + validator.GetInvalidSchemaKeyword() + "'";
}

}  // namespace

struct SchemaRegistry::Impl {
  CompiledSchema envelope;
  std::map<std::pair<std::string, int>, CompiledSchema, std::less<>> by_type_and_version;
};

SchemaRegistry::SchemaRegistry() : impl_(new Impl) {
  for (const auto& embedded : internal::embedded_schemas()) {
    if (embedded.name == "envelope") {
      impl_->envelope = compile(embedded);
    } else {
      impl_->by_type_and_version.emplace(
          std::make_pair(std::string(embedded.name), embedded.version), compile(embedded));
    }
  }
  if (!impl_->envelope.schema) {
    std::fprintf(stderr, "no envelope schema was compiled in\n");
    std::abort();
  }
}

SchemaRegistry::~SchemaRegistry() {
  delete impl_;
}

const SchemaRegistry& SchemaRegistry::instance() {
  static const SchemaRegistry registry;
  return registry;
}

bool SchemaRegistry::knows(std::string_view type, int version) const {
  return impl_->by_type_and_version.find(std::make_pair(std::string(type), version)) !=
         impl_->by_type_and_version.end();
}

bool SchemaRegistry::knows_type(std::string_view type) const {
  for (const auto& [key, compiled] : impl_->by_type_and_version) {
    if (key.first == type) return true;
  }
  return false;
}

std::optional<std::string> SchemaRegistry::validate_envelope(
    const rapidjson::Value& envelope) const {
  return run_validator(*impl_->envelope.schema, envelope);
}

std::optional<std::string> SchemaRegistry::validate_data(std::string_view type, int version,
                                                         const rapidjson::Value& data) const {
  auto it = impl_->by_type_and_version.find(std::make_pair(std::string(type), version));
  if (it == impl_->by_type_and_version.end()) {
    return "no schema for " + std::string(type) + " v" + std::to_string(version);
  }
  return run_validator(*it->second.schema, data);
}

}  // namespace linkstream::schema
