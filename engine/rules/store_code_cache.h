#pragma once

// The JIT's code cache in a state store: each compiled batch's object file
// under "code/<key>" in the rules family (the key names the rules, the
// optimizer's output, the code generator, LLVM, the CPU and the slots:
// jit::CodeCache), so that a restart with the same rules links the objects
// it compiled before instead of compiling them again. Objects are written
// when compiled, outside checkpoints (they are derived data; losing one
// costs a compile). Thread-safe: the compile thread stores, while the
// engine's thread writes checkpoints, through a store that is (RocksStore).

#include <atomic>
#include <string>

#include "compiler/jit/jit.h"
#include "engine/state/state_store.h"

namespace alert::engine {

class StoreCodeCache final : public jit::CodeCache {
 public:
  explicit StoreCodeCache(StateStore& store) : store_(store) {}
  std::optional<std::string> Load(const std::string& key) override;
  void Store(const std::string& key, std::string_view object) override;

  uint64_t hits() const { return hits_; }
  uint64_t misses() const { return misses_; }
  uint64_t errors() const { return errors_; }  // reads and writes that failed (each costs a compile)

 private:
  StateStore& store_;
  std::atomic<uint64_t> hits_{0}, misses_{0}, errors_{0};
};

}  // namespace alert::engine
