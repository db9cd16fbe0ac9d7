#pragma once

// The JIT: a small owned object around ORC's LLJIT. Rule batches are compiled
// into it, each to an object file linked into a JITDylib of its own, and a
// batch's code is freed when the CompiledBatch is destroyed. Adding and
// removing batches is thread-safe and never blocks evaluation of the batches
// already loaded. The generated code holds no address of the process (it
// reads its constants from EvalContext::data), so object files can be kept
// in a CodeCache and loaded by a later process instead of compiled again.
// No LLVM type appears in this header.

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <string>
#include <vector>

#include <absl/status/statusor.h>
#include <simdjson.h>

#include "compiler/checked/checked.h"
#include "compiler/codegen/lower.h"
#include "runtime/jsonpath/query.h"
#include "runtime/value/value.h"

namespace alert::jit {

// Object files by key (JitOptions::cache): the key names the rules' text,
// the optimizer's output, the code generator, LLVM's version, the CPU and
// the slots, so a cached object is only ever loaded for the code it holds.
class CodeCache {
 public:
  virtual ~CodeCache() = default;
  virtual std::optional<std::string> Load(const std::string& key) = 0;
  virtual void Store(const std::string& key, std::string_view object) = 0;
};

struct JitOptions {
  // Optimization level, 0 to 3. 0: no IR passes, the fast instruction
  // selector. 1 and 2: a short function pipeline first (common
  // subexpressions, instruction combining, CFG simplification). 3: LLVM's
  // standard -O3 pipeline and full code generator. Default: 0 — the emitted
  // code is straight tests and calls, already optimized on the rule's tree
  // (compiler/opt): the short pipeline made it no faster per event and cost
  // a third of the compile time, -O2 ten times as long (bench/RESULTS.md).
  int opt_level = 0;
  // When not empty, each batch's object file is written here (debugging).
  // Default: empty.
  std::string dump_objects_dir;
  // Keep each batch's optimized IR as text (CompiledBatch::llvm_ir).
  // Default: false.
  bool keep_ir = false;
  // Keep each batch's machine code as assembly text (CompiledBatch::assembly).
  // Default: false.
  bool keep_assembly = false;
  // Where compiled object files are looked up and stored; must outlive the
  // JIT. Default: none (every batch is compiled).
  CodeCache* cache = nullptr;
  // Whether generated IR goes through LLVM's verifier before it is optimized.
  // Default: in the sanitizer and fuzzing builds (ALERT_VERIFY_IR); a release
  // build skips it, as compilers do (its differential tests check what the
  // generated code decides).
#ifdef ALERT_VERIFY_IR
  bool verify = true;
#else
  bool verify = false;
#endif
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

using codegen::SlotAssigner;

// Compiles `rules` (checked, optionally optimized) into one native function.
// The batch owns the rules. `slot_of` places the rules' singular paths in a
// slot table shared with other batches (then FillSlots and Evaluate do not
// apply: the caller fills the slots); by default the batch has its own.
// Fails only on an internal error (invalid IR, a symbol that does not
// resolve), never because of what a rule says.
absl::StatusOr<std::unique_ptr<CompiledBatch>> Compile(Jit& jit, std::vector<checked::Rule> rules,
                                                       const SlotAssigner& slot_of = {});

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
  // Whether its object file came from JitOptions::cache.
  bool from_cache() const;

 private:
  friend absl::StatusOr<std::unique_ptr<CompiledBatch>> Compile(Jit& jit, std::vector<checked::Rule> rules,
                                                                const SlotAssigner& slot_of);
  struct State;
  explicit CompiledBatch(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace alert::jit
