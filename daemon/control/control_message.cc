#include "daemon/control/control_message.h"

#include <fmt/format.h>
#include <simdjson.h>

#include "runtime/json/json_string.h"

namespace alert::daemon {
namespace {

using engine::RuleChange;

absl::Status Invalid(std::string message) { return absl::InvalidArgumentError(std::move(message)); }

std::optional<RuleChange::Op> OpNamed(std::string_view name) {
  if (name == "upsert") return RuleChange::Op::kUpsert;
  if (name == "delete") return RuleChange::Op::kDelete;
  if (name == "pause") return RuleChange::Op::kPause;
  if (name == "resume") return RuleChange::Op::kResume;
  return std::nullopt;
}

// The optional string or null field `name` of `object`: nullopt when absent
// or null.
absl::StatusOr<std::optional<std::string>> OptionalString(simdjson::dom::object object, std::string_view name) {
  simdjson::dom::element value;
  if (object[name].get(value) != simdjson::SUCCESS || value.is_null()) return std::nullopt;
  std::string_view text;
  if (value.get(text) != simdjson::SUCCESS) return Invalid(fmt::format("\"{}\" must be a string or null", name));
  return std::string(text);
}

void AppendOptionalString(std::string& out, const std::optional<std::string>& value) {
  if (value) {
    json::AppendString(out, *value);
  } else {
    out += "null";
  }
}

}  // namespace

absl::StatusOr<RuleChange> ParseControlMessage(std::string_view json) {
  if (json.size() > kMaxControlMessageBytes) {
    return Invalid(fmt::format("the message has {} bytes, more than the {} a control message may have", json.size(),
                               kMaxControlMessageBytes));
  }
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (auto error = parser.parse(simdjson::padded_string(json)).get(doc); error) {
    return Invalid(std::string("not JSON: ") + simdjson::error_message(error));
  }
  simdjson::dom::object object;
  if (doc.get(object) != simdjson::SUCCESS) return Invalid("a control message is a JSON object");

  RuleChange change;
  std::string_view op;
  if (object["op"].get(op) != simdjson::SUCCESS) return Invalid("\"op\" must be upsert, delete, pause or resume");
  const auto named = OpNamed(op);
  if (!named) return Invalid(fmt::format("\"op\" must be upsert, delete, pause or resume, not \"{}\"", op));
  change.op = *named;
  auto tenant = OptionalString(object, "tenant");
  if (!tenant.ok()) return tenant.status();
  change.tenant = std::move(*tenant);
  std::string_view rule_id;
  if (object["rule_id"].get(rule_id) != simdjson::SUCCESS || rule_id.empty()) {
    return Invalid("\"rule_id\" must be a non-empty string");
  }
  change.rule_id = std::string(rule_id);
  if (change.op != RuleChange::Op::kUpsert) return change;

  int64_t version = 0;
  if (object["version"].get(version) != simdjson::SUCCESS || version < 1) {
    return Invalid("an upsert's \"version\" must be an integer of at least 1");
  }
  change.version = version;
  std::string_view source;
  if (object["source"].get(source) != simdjson::SUCCESS) return Invalid("an upsert's \"source\" must be a string");
  change.source = std::string(source);
  return change;
}

ControlAnswer MalformedAnswer(std::string_view json, std::string_view problem) {
  ControlAnswer answer;
  answer.status = "rejected";
  answer.message = "malformed control message: " + std::string(problem);
  answer.diagnostics = "[{\"severity\":\"error\",\"message\":";
  json::AppendString(answer.diagnostics, answer.message);
  answer.diagnostics += "}]";
  // Name the rule when the message does, so that its writer finds the answer.
  if (json.size() <= kMaxControlMessageBytes) {
    simdjson::dom::parser parser;
    simdjson::dom::object object;
    if (parser.parse(simdjson::padded_string(json)).get(object) == simdjson::SUCCESS) {
      if (auto tenant = OptionalString(object, "tenant"); tenant.ok()) answer.tenant = *tenant;
      if (auto rule_id = OptionalString(object, "rule_id"); rule_id.ok()) answer.rule_id = *rule_id;
      int64_t version = 0;
      if (object["version"].get(version) == simdjson::SUCCESS) answer.version = version;
    }
  }
  return answer;
}

ControlAnswer AnswerOf(const RuleChange& change, const engine::ChangeResult& result, std::optional<int64_t> version) {
  ControlAnswer answer;
  answer.tenant = change.tenant;
  answer.rule_id = change.rule_id;
  answer.version = change.op == RuleChange::Op::kUpsert ? std::optional<int64_t>(change.version) : version;
  answer.status = engine::StatusName(result.status);
  answer.message = result.message;
  answer.diagnostics = result.diagnostics_json.empty() ? "[]" : result.diagnostics_json;
  return answer;
}

void AddWarning(ControlAnswer* answer, std::string_view warning) {
  std::string item = "{\"severity\":\"warning\",\"message\":";
  json::AppendString(item, warning);
  item += '}';
  std::string& list = answer->diagnostics;
  if (list.size() <= 2) {
    list = "[" + item + "]";
  } else {
    list.insert(list.size() - 1, "," + item);
  }
}

std::string ToJson(const ControlAnswer& answer) {
  std::string out = "{\"tenant\":";
  AppendOptionalString(out, answer.tenant);
  out += ",\"rule_id\":";
  AppendOptionalString(out, answer.rule_id);
  out += ",\"version\":" + (answer.version ? std::to_string(*answer.version) : std::string("null"));
  out += ",\"status\":";
  json::AppendString(out, answer.status);
  out += ",\"message\":";
  json::AppendString(out, answer.message);
  out += ",\"diagnostics\":" + answer.diagnostics + "}";
  return out;
}

std::string ControlMessageJson(const engine::RuleChange& change) {
  static constexpr const char* kOps[] = {"upsert", "delete", "pause", "resume"};
  std::string json = fmt::format("{{\"op\":\"{}\",\"tenant\":{},\"rule_id\":{}", kOps[static_cast<int>(change.op)],
                                 change.tenant ? json::Quote(*change.tenant) : "null", json::Quote(change.rule_id));
  if (change.op == engine::RuleChange::Op::kUpsert) {
    json += fmt::format(",\"version\":{},\"source\":{}", change.version, json::Quote(change.source));
  }
  return json + "}";
}

std::string ControlKey(const engine::RuleChange& change) { return change.tenant.value_or("") + "/" + change.rule_id; }

std::string KeyOf(const ControlAnswer& answer) {
  return answer.tenant.value_or("") + "/" + answer.rule_id.value_or("");
}

}  // namespace alert::daemon
