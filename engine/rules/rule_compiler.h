#pragma once

// The rule set's compiler: batches of rules compiled by the JIT (on a thread
// of its own when tiered), their code installed into the rules that asked
// for it. Each batch's memo area of shared tests gets a range of the
// per-event `shared` bytes; ranges are not reused (only batches of several
// rules have shared tests, and those come from bulk adds).

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <absl/status/statusor.h>
#include <simdjson.h>

#include "compiler/checked/checked.h"
#include "compiler/jit/jit.h"
#include "runtime/value/value.h"

namespace alert::engine {

struct CompiledRules;

// A rule's native `when`: its function in a compiled batch.
class NativeRule {
 public:
  NativeRule(const CompiledRules* code, size_t index) : code_(code), index_(index) {}
  // `shared` is the event's memo bytes, `shared_size` of them; false in
  // `*ran` when this batch's range is not among them yet (its code was
  // installed during the event: the caller decides otherwise this once).
  bool Run(const Value* slots, simdjson::dom::element event, uint8_t* shared, size_t shared_size,
           const Value* baselines, bool* ran) const;

 private:
  const CompiledRules* code_;
  size_t index_;
};

// One compiled batch; rules hold it (shared) while they use its code.
struct CompiledRules {
  std::unique_ptr<jit::CompiledBatch> batch;
  size_t shared_offset = 0, shared_end = 0;  // its range of the memo bytes
  std::vector<NativeRule> natives;           // by position in the batch
};

inline bool NativeRule::Run(const Value* slots, simdjson::dom::element event, uint8_t* shared, size_t shared_size,
                            const Value* baselines, bool* ran) const {
  *ran = code_->shared_end <= shared_size;
  return *ran && code_->batch->RunRule(index_, slots, event, shared + code_->shared_offset, baselines);
}

class RuleCompiler {
 public:
  struct Request {
    uint32_t id;      // the rule's id in the set
    uint64_t ticket;  // its install ticket: code for an older version is not installed
    checked::Rule rule;
    std::vector<int64_t> slot_of_path;
  };
  // Called, under Lock(), with each compiled rule's code and its share of
  // the batch's compile time (the batch's seconds over its rules).
  using Install = std::function<void(uint32_t id, uint64_t ticket, const NativeRule* native,
                                     const std::shared_ptr<const CompiledRules>& code, double seconds)>;

  // `background`: compile on a thread of its own; otherwise in Submit.
  static absl::StatusOr<std::unique_ptr<RuleCompiler>> Create(jit::CodeCache* cache, bool background);
  // Stop first, then free the code that uses the JIT, then this.
  ~RuleCompiler();
  // Drops what is queued and waits for the batch being compiled.
  void Stop();

  void SetInstall(Install install) { install_ = std::move(install); }
  // Compiles `batch` as one object file.
  void Submit(std::vector<Request> batch);
  // Returns when every batch submitted so far is compiled and installed.
  void Wait();
  // Held by the rule set while it changes the rules the installer touches.
  std::unique_lock<std::mutex> Lock() { return std::unique_lock<std::mutex>(install_mutex_); }
  // The per-event memo bytes every installed batch fits in.
  size_t shared_size() const { return shared_size_.load(std::memory_order_acquire); }
  // Batches compiled, linked from the code cache, and failed (their rules
  // stay with the interpreter).
  struct Counts {
    uint64_t compiled = 0, from_cache = 0, failed = 0;
  };
  Counts counts() const;

 private:
  RuleCompiler() = default;
  void Run();
  void CompileOne(std::vector<Request> batch);

  std::unique_ptr<jit::Jit> jit_;
  Install install_;
  std::mutex install_mutex_;
  std::atomic<size_t> shared_size_{1};
  size_t shared_next_ = 0;

  mutable std::mutex queue_mutex_;
  std::condition_variable queued_, drained_;
  std::deque<std::vector<Request>> queue_;
  size_t busy_ = 0;
  bool stop_ = false;
  Counts counts_;
  std::thread thread_;
};

}  // namespace alert::engine
