#pragma once

// Filling `message` and label templates (LANGUAGE.md, "Messages").

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/checked/checked.h"
#include "runtime/value/value.h"

namespace alert::engine {

// What the placeholders of one notification read. Values are written as
// text: strings as they are, other values as JSON, nothing as `null`.
struct MessageContext {
  const checked::Rule* rule = nullptr;
  uint64_t count = 0;                        // {{count}}
  Value value;                               // {{value}}
  const std::vector<std::string>* key = nullptr;  // {{key}}, {{key.N}}: each value's text
  std::optional<int64_t> window_start, window_end;
  // {{$.path}}: the text of each template path, by path id, from the key's
  // last matching event (missing entries are empty).
  const std::vector<std::pair<uint32_t, std::string>>* paths = nullptr;
};

std::string RenderTemplate(const checked::Template& t, const MessageContext& context);

// A value as a placeholder writes it.
std::string PlaceholderText(const Value& v);

}  // namespace alert::engine
