#pragma once

// A state store's family as "key=value" lines in key order, to compare two
// stores or check one.

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "engine/state/state_store.h"

namespace alert::testing {

inline std::vector<std::string> StoreContents(const engine::StateStore& store, engine::Family family) {
  std::vector<std::string> seen;
  EXPECT_TRUE(store
                  .Scan(family, "",
                        [&](std::string_view k, std::string_view v) {
                          seen.push_back(std::string(k) + "=" + std::string(v));
                          return true;
                        })
                  .ok());
  return seen;
}

}  // namespace alert::testing
