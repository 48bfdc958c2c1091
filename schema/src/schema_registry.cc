#include "linkstream/schema/schema_registry.h"

// JSON Schema `pattern`s are not matched by RapidJSON here but by RE2. RapidJSON's own
// regex engine (Debian's 1.1.0) keeps its match state inside the compiled pattern (two
// threads corrupt each other: a crash seen under load) and simulates counted repetitions
// such as {1,64} state by state (83 % of the projector's time); std::regex backtracks and
// recurses once per character (about a third of a redirect's instructions). RE2 matches in
// linear time, and a compiled RE2 is safe to share between threads. With both macros 0
// (schema.h turns std::regex on unless told otherwise) RapidJSON ignores `pattern`; this
// file applies every pattern itself, after RapidJSON has checked everything else (lengths
// first, so a pattern only ever sees a bounded string).
#define RAPIDJSON_SCHEMA_USE_INTERNALREGEX 0
#define RAPIDJSON_SCHEMA_USE_STDREGEX 0

#include <rapidjson/error/en.h>
#include <rapidjson/schema.h>
#include <rapidjson/stringbuffer.h>
#include <re2/re2.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "embedded_schemas.h"

namespace linkstream::schema {

namespace {

[[noreturn]] void build_defect(const internal::EmbeddedSchema& embedded, const std::string& what) {
  std::fprintf(stderr, "schema %.*s v%d: %s\n", static_cast<int>(embedded.name.size()),
               embedded.name.data(), embedded.version, what.c_str());
  std::abort();
}

// A `pattern` on a top-level property: the only place linkstream's schemas put one.
struct PropertyPattern {
  std::string property;
  std::unique_ptr<RE2> pattern;
};

struct CompiledSchema {
  // The source document is kept alive beside its compiled form.
  std::unique_ptr<rapidjson::Document> source;
  std::unique_ptr<rapidjson::SchemaDocument> schema;
  std::vector<PropertyPattern> patterns;
};

// Refuses a `pattern` anywhere but directly in a top-level property (RapidJSON would
// ignore it, and the schema would accept any string there).
void forbid_patterns_below(const internal::EmbeddedSchema& embedded, const rapidjson::Value& node,
                           const std::string& where) {
  if (node.IsArray()) {
    for (const auto& element : node.GetArray()) forbid_patterns_below(embedded, element, where);
    return;
  }
  if (!node.IsObject()) return;
  for (const auto& member : node.GetObject()) {
    if (member.name == "pattern")
      build_defect(embedded, "a pattern in " + where + " is not applied");
    forbid_patterns_below(embedded, member.value, where);
  }
}

std::vector<PropertyPattern> property_patterns(const internal::EmbeddedSchema& embedded,
                                               const rapidjson::Document& source) {
  std::vector<PropertyPattern> patterns;
  for (const auto& member : source.GetObject()) {
    if (member.name != "properties") {
      forbid_patterns_below(embedded, member.value, member.name.GetString());
      continue;
    }
    for (const auto& property : member.value.GetObject()) {
      const std::string name = property.name.GetString();
      for (const auto& keyword : property.value.GetObject()) {
        if (keyword.name != "pattern") {
          forbid_patterns_below(embedded, keyword.value, name);
          continue;
        }
        RE2::Options options;
        options.set_log_errors(false);
        auto pattern = std::make_unique<RE2>(keyword.value.GetString(), options);
        if (!pattern->ok()) build_defect(embedded, "pattern of " + name + ": " + pattern->error());
        patterns.push_back({name, std::move(pattern)});
      }
    }
  }
  return patterns;
}

CompiledSchema compile(const internal::EmbeddedSchema& embedded) {
  auto source = std::make_unique<rapidjson::Document>();
  source->Parse(embedded.text.data(), embedded.text.size());
  if (source->HasParseError() || !source->IsObject()) {
    build_defect(embedded, std::string("does not parse: ") +
                               rapidjson::GetParseError_En(source->GetParseError()));
  }
  auto patterns = property_patterns(embedded, *source);
  auto compiled = std::make_unique<rapidjson::SchemaDocument>(*source);
  return {std::move(source), std::move(compiled), std::move(patterns)};
}

std::optional<std::string> run_validator(const CompiledSchema& compiled,
                                         const rapidjson::Value& value) {
  rapidjson::SchemaValidator validator(*compiled.schema);
  if (!value.Accept(validator)) {
    rapidjson::StringBuffer where;
    validator.GetInvalidDocumentPointer().StringifyUriFragment(where);
    std::string place = where.GetString();
    if (place == "#") place = "the document";
    return "'" + place + "' breaks the rule '" + validator.GetInvalidSchemaKeyword() + "'";
  }
  // Valid apart from patterns, so `value` is an object (every schema here says so).
  for (const auto& [property, pattern] : compiled.patterns) {
    const auto it = value.FindMember(property.c_str());
    if (it == value.MemberEnd() || !it->value.IsString()) continue;  // patterns apply to strings
    const re2::StringPiece text(it->value.GetString(), it->value.GetStringLength());
    // JSON Schema patterns search (ECMA 262), they do not have to match the whole string.
    if (!RE2::PartialMatch(text, *pattern)) return "'#/" + property + "' breaks the rule 'pattern'";
  }
  return std::nullopt;
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
  return run_validator(impl_->envelope, envelope);
}

std::optional<std::string> SchemaRegistry::validate_data(std::string_view type, int version,
                                                         const rapidjson::Value& data) const {
  auto it = impl_->by_type_and_version.find(std::make_pair(std::string(type), version));
  if (it == impl_->by_type_and_version.end()) {
    return "no schema for " + std::string(type) + " v" + std::to_string(version);
  }
  return run_validator(it->second, data);
}

}  // namespace linkstream::schema
