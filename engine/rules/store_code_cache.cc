#include "engine/rules/store_code_cache.h"

namespace alert::engine {

std::optional<std::string> StoreCodeCache::Load(const std::string& key) {
  auto value = store_.Get(Family::kRules, "code/" + key);
  if (!value.ok()) {
    ++errors_;
    return std::nullopt;
  }
  ++(*value ? hits_ : misses_);
  return *value;
}

void StoreCodeCache::Store(const std::string& key, std::string_view object) {
  WriteBatch batch;
  batch.Put(Family::kRules, "code/" + key, object);
  if (!store_.Write(batch).ok()) ++errors_;
}

}  // namespace alert::engine
