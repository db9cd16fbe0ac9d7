#include "runtime/json/write_value.h"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "runtime/json/json_string.h"

namespace alert::json {
namespace {

void Append(std::string& out, const Value& v, bool canonical);

void AppendObject(std::string& out, simdjson::dom::object object, bool canonical) {
  std::vector<std::pair<std::string_view, simdjson::dom::element>> members;
  for (auto field : object) members.emplace_back(field.key, field.value);
  if (canonical) {
    std::stable_sort(members.begin(), members.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  }
  out += '{';
  for (size_t i = 0; i < members.size(); ++i) {
    if (i > 0) out += ',';
    AppendString(out, members[i].first);
    out += ':';
    Append(out, Value::Of(members[i].second), canonical);
  }
  out += '}';
}

void Append(std::string& out, const Value& v, bool canonical) {
  switch (v.kind()) {
    case Value::Kind::kNothing:
    case Value::Kind::kNull: out += "null"; return;
    case Value::Kind::kBool: out += v.boolean() ? "true" : "false"; return;
    case Value::Kind::kNumber:
      if (canonical) {
        AppendCanonicalNumber(out, v.number());
      } else {
        out += v.number().ToString();
      }
      return;
    case Value::Kind::kString: AppendString(out, v.string()); return;
    case Value::Kind::kArray:
      out += '[';
      for (size_t i = 0; i < v.size(); ++i) {
        if (i > 0) out += ',';
        Append(out, v.at(i), canonical);
      }
      out += ']';
      return;
    case Value::Kind::kObject: AppendObject(out, v.element().get_object().value_unsafe(), canonical); return;
  }
}

}  // namespace

void AppendCanonicalNumber(std::string& out, const Number& n) {
  if (n.kind() == Number::Kind::kDouble && n.IsIntegral()) {
    const double d = n.double_value();
    if (d >= -9223372036854775808.0 && d < 9223372036854775808.0) {
      fmt::format_to(std::back_inserter(out), "{}", static_cast<int64_t>(d));
      return;
    }
    if (d >= 0 && d < 18446744073709551616.0) {
      fmt::format_to(std::back_inserter(out), "{}", static_cast<uint64_t>(d));
      return;
    }
  }
  out += n.ToString();
}

void AppendValue(std::string& out, const Value& v) { Append(out, v, false); }
void AppendCanonical(std::string& out, const Value& v) { Append(out, v, true); }

std::string ValueToJson(const Value& v) {
  std::string out;
  AppendValue(out, v);
  return out;
}

std::string CanonicalJson(const Value& v) {
  std::string out;
  AppendCanonical(out, v);
  return out;
}

}  // namespace alert::json
