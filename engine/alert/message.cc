#include "engine/alert/message.h"

#include "engine/time/event_time.h"
#include "runtime/json/write_value.h"

namespace alert::engine {

std::string PlaceholderText(const Value& v) {
  if (v.kind() == Value::Kind::kString) return std::string(v.string());
  return json::ValueToJson(v);
}

std::string RenderTemplate(const checked::Template& t, const MessageContext& c) {
  using Kind = checked::Template::Part::Kind;
  std::string out;
  for (const auto& part : t.parts) {
    switch (part.kind) {
      case Kind::kText: out += part.text; break;
      case Kind::kCount: out += std::to_string(c.count); break;
      case Kind::kValue: out += PlaceholderText(c.value); break;
      case Kind::kKey:
        if (c.key) {
          for (size_t i = 0; i < c.key->size(); ++i) {
            if (i > 0) out += ", ";
            out += (*c.key)[i];
          }
        }
        break;
      case Kind::kKeyN:
        if (c.key && part.index < c.key->size()) out += (*c.key)[part.index];
        break;
      case Kind::kRule: out += c.rule->id; break;
      case Kind::kWindowStart:
        if (c.window_start) out += FormatRfc3339(*c.window_start);
        break;
      case Kind::kWindowEnd:
        if (c.window_end) out += FormatRfc3339(*c.window_end);
        break;
      case Kind::kPath:
        if (c.paths) {
          for (const auto& [id, text] : *c.paths) {
            if (id == part.index) out += text;
          }
        }
        break;
    }
  }
  return out;
}

}  // namespace alert::engine
