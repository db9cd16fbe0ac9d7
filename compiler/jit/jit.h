#pragma once

// The JIT: a small owned object around ORC's LLJIT. Rule batches are compiled
// into it, each under its own resource tracker, and a batch's code is freed
// when the CompiledBatch is destroyed. Adding and removing batches is
// thread-safe and never blocks evaluation of the batches already loaded.
// No LLVM type appears in this header.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <absl/status/statusor.h>
#include <simdjson.h>

#include "compiler/checked/checked.h"
#include "runtime/jsonpath/query.h"
#include "runtime/value/value.h"

namespace alert::jit {

struct JitOptions {
  // Optimization level, 0 to 3. 0: no IR passes. 1 and 2: a short function
  // pipeline (common subexpressions, instruction combining, CFG
  // simplification), which is what the emitted code needs: it is straight
  // tests and calls, with nothing for inlining, loop or whole-module passes to
  // do, and LLVM's standard -O2 costs ten times as long (bench/RESULTS.md).
  // 3: LLVM's standard -O3 pipeline and full code generator. Default: 2.
  int opt_level = 2;
  // When not empty, each batch's object file is written here (debugging).
  // Default: empty.
  std::string dump_objects_dir;
  // Keep each batch's optimized IR as text (CompiledBatch::llvm_ir).
  // Default: false.
  bool keep_ir = false;
  // Keep each batch's machine code as assembly text (CompiledBatch::assembly).
  // Default: false.
  bool keep_assembly = false;
};

class CompiledBatch;

// One ORC LLJIT instance with the exported functions registered.
class Jit {
 public:
  struct Impl;
  explicit Jit(std::unique_ptr<Impl> impl);
  ~Jit();
  Jit(const Jit&) = delete;
  Jit& operator=(const Jit&) = delete;
  Impl& impl() { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

// Creates a JIT. Fails when LLVM cannot target the host.
absl::StatusOr<std::unique_ptr<Jit>> CreateJit(const JitOptions& options = {});

// Compiles `rules` (checked, optionally optimized) into one native function.
// The batch owns the rules. Fails only on an internal error (invalid IR, a
// symbol that does not resolve), never because of what a rule says.
absl::StatusOr<std::unique_ptr<CompiledBatch>> Compile(Jit& jit, std::vector<checked::Rule> rules);

class CompiledBatch {
 public:
  ~CompiledBatch();  // frees the batch's code

  const std::vector<checked::Rule>& rules() const;
  size_t slot_count() const;
  // The batch's singular paths, slot by slot.
  const std::vector<std::string>& slot_paths() const;
  const std::vector<jsonpath::Query>& slot_queries() const;

  // Fills `slots` (slot_count() values) from `event`: each singular path read
  // once. The values point into `event`'s document.
  void FillSlots(simdjson::dom::element event, Value* slots) const;
  // Rule `rule`'s path ids mapped to slots (-1: not a slot, as non-singular
  // and relative paths).
  const std::vector<int64_t>& slot_of_path(size_t rule) const;
  // matched[i] = whether rule i's `when` holds, from filled slots (every
  // baseline nothing).
  void Run(const Value* slots, simdjson::dom::element event, uint8_t* matched) const;
  // FillSlots and Run; `scratch` holds the slots between calls.
  void Evaluate(simdjson::dom::element event, uint8_t* matched, std::vector<Value>* scratch) const;

  // Rule by rule, for callers that evaluate some rules of an event (the
  // rule index's candidates): `shared` is shared_size() bytes, zeroed before
  // the event's first rule, where tests several rules make are memoized.
  // `baselines` holds the rule's baseline values by id (null: all nothing).
  size_t shared_size() const;
  bool RunRule(size_t rule, const Value* slots, simdjson::dom::element event, uint8_t* shared,
               const Value* baselines = nullptr) const;

  // Tests compiled natively, and parts handed to the interpreter.
  size_t native_tests() const;
  size_t fallback_tests() const;
  // Tests that several rules make, computed once per event for all of them.
  size_t shared_tests() const;
  // The batch's LLVM IR after the optimization pipeline, when JitOptions::keep_ir.
  const std::string& llvm_ir() const;
  // The batch's machine code as assembly, when JitOptions::keep_assembly.
  const std::string& assembly() const;

 private:
  friend absl::StatusOr<std::unique_ptr<CompiledBatch>> Compile(Jit& jit, std::vector<checked::Rule> rules);
  struct State;
  explicit CompiledBatch(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace alert::jit
