#include "compiler/jit/jit.h"

#include <algorithm>
#include <atomic>
#include <mutex>

#include <fmt/format.h>

#include "compiler/checked/print.h"
#include "compiler/codegen/exported_functions.h"
#include "compiler/codegen/llvm_includes.h"
#include "compiler/codegen/lower.h"
#include "runtime/plan/path_plan.h"

namespace alert::jit {
namespace {

absl::Status ToStatus(llvm::Error error) {
  std::string message = llvm::toString(std::move(error));
  return absl::InternalError("LLVM: " + message);
}

// The IR pipeline of JitOptions::opt_level over `module`.
void OptimizeModule(llvm::Module& module, int opt_level) {
  if (opt_level <= 0) return;
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder pb;
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  if (opt_level >= 3) {
    pb.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O3).run(module, mam);
    return;
  }
  llvm::FunctionPassManager functions;
  functions.addPass(llvm::EarlyCSEPass());
  functions.addPass(llvm::InstCombinePass());
  functions.addPass(llvm::SimplifyCFGPass());
  llvm::ModulePassManager passes;
  passes.addPass(llvm::createModuleToFunctionPassAdaptor(std::move(functions)));
  passes.run(module, mam);
}

}  // namespace

struct Jit::Impl {
 public:
  Impl(std::unique_ptr<llvm::orc::LLJIT> lljit, JitOptions options, llvm::orc::JITTargetMachineBuilder machine,
       std::unique_ptr<llvm::TargetMachine> target)
      : lljit_(std::move(lljit)), options_(options), machine_(std::move(machine)), target_(std::move(target)) {}

  // `module` as assembly text, by a target machine like the JIT's.
  std::string Assembly(const llvm::Module& module) {
    auto target = machine_.createTargetMachine();
    if (!target) {
      llvm::consumeError(target.takeError());
      return "";
    }
    std::unique_ptr<llvm::Module> copy = llvm::CloneModule(module);
    llvm::SmallString<0> text;
    llvm::raw_svector_ostream out(text);
    llvm::legacy::PassManager passes;
    if ((*target)->addPassesToEmitFile(passes, out, nullptr, llvm::CodeGenFileType::AssemblyFile)) return "";
    passes.run(*copy);
    return std::string(text.str());
  }

  // `module`'s object file, by the JIT's target machine (one compile at a time).
  llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> Object(llvm::Module& module) {
    std::lock_guard<std::mutex> lock(compile_mutex_);
    llvm::orc::SimpleCompiler compile(*target_);
    return compile(module);
  }

  // What a cached object depends on besides its rules: this code
  // generator, LLVM, the CPU and the optimization level.
  std::string TargetKey() const {
    return fmt::format("alertjit-codegen-{};llvm-{};{};{};O{}", kCodegenVersion, LLVM_VERSION_STRING,
                       target_->getTargetCPU().str(), target_->getTargetFeatureString().str(), options_.opt_level);
  }

  llvm::orc::LLJIT& lljit() { return *lljit_; }
  const JitOptions& options() const { return options_; }
  std::string NextDylibName() { return fmt::format("alert_batch_{}", next_.fetch_add(1)); }

 private:
  // Bumped whenever the generated code or BatchPlan::data's order changes.
  static constexpr int kCodegenVersion = 1;
  std::unique_ptr<llvm::orc::LLJIT> lljit_;
  JitOptions options_;
  llvm::orc::JITTargetMachineBuilder machine_;
  std::mutex compile_mutex_;
  std::unique_ptr<llvm::TargetMachine> target_;
  std::atomic<uint64_t> next_{0};
};

struct CompiledBatch::State {
  std::vector<checked::Rule> rules;
  codegen::BatchPlan plan;
  llvm::orc::ExecutionSession* session = nullptr;
  llvm::orc::JITDylib* dylib = nullptr;  // the batch's code, removed with it
  bool from_cache = false;
  std::unique_ptr<plan::PathPlan> path_plan;
  void (*function)(const codegen::EvalContext*, uint8_t*) = nullptr;
  using RuleFunction = uint8_t (*)(const codegen::EvalContext*, const Value*, uint8_t*);
  const RuleFunction* rule_functions = nullptr;
  std::string ir;
  std::string assembly;
  std::vector<Value> no_baselines;  // nothing for every baseline of any rule
};

absl::StatusOr<std::unique_ptr<Jit>> CreateJit(const JitOptions& options) {
  static std::once_flag targets;
  std::call_once(targets, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });
  auto machine = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!machine) return ToStatus(machine.takeError());
  // Instruction selection and register allocation dominate compile time
  // (SelectionDAG costs ~1.5 ms per rule); on the straight tests and calls
  // the lowering emits, the fast selector loses nothing measurable
  // (bench/RESULTS.md). Level 3 asks for the full code generator.
  machine->setCodeGenOptLevel(options.opt_level >= 3 ? llvm::CodeGenOptLevel::Default : llvm::CodeGenOptLevel::None);
  // The small code model: calls to the runtime reach it through the jump
  // entries JITLink makes for far targets, and the fast selector lowers them
  // itself (with the large model it hands every call to SelectionDAG).
  machine->setCodeModel(llvm::CodeModel::Small);
  llvm::orc::JITTargetMachineBuilder machine_copy = *machine;
  auto target = machine->createTargetMachine();
  if (!target) return ToStatus(target.takeError());
  auto lljit = llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(std::move(*machine)).create();
  if (!lljit) return ToStatus(lljit.takeError());
  if (!options.dump_objects_dir.empty()) {
    (*lljit)->getObjTransformLayer().setTransform(llvm::orc::DumpObjects(options.dump_objects_dir));
  }

  // The exported functions, by address: no -rdynamic, no process symbols.
  llvm::orc::SymbolMap symbols;
  struct Registration {
    llvm::orc::LLJIT* jit;
    llvm::orc::SymbolMap* symbols;
  } registration{lljit->get(), &symbols};
  codegen::ForEachExportedFunction(
      [](const char* name, void* address, void* arg) {
        auto* r = static_cast<Registration*>(arg);
        (*r->symbols)[r->jit->mangleAndIntern(name)] = llvm::orc::ExecutorSymbolDef(
            llvm::orc::ExecutorAddr::fromPtr(address), llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable);
      },
      &registration);
  if (auto error = (*lljit)->getMainJITDylib().define(llvm::orc::absoluteSymbols(std::move(symbols)))) {
    return ToStatus(std::move(error));
  }
  return std::make_unique<Jit>(
      std::make_unique<Jit::Impl>(std::move(*lljit), options, std::move(machine_copy), std::move(*target)));
}

Jit::Jit(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Jit::~Jit() = default;

namespace {

// The cache key of a batch: everything its object file depends on.
std::string CacheKey(const std::string& target, const std::vector<checked::Rule>& rules,
                     const codegen::BatchPlan& plan) {
  llvm::SHA256 hash;
  hash.update(target);
  for (size_t i = 0; i < rules.size(); ++i) {
    hash.update(llvm::StringRef("\0rule\0", 6));
    hash.update(rules[i].source);
    hash.update(checked::PrintRule(rules[i]));
    for (const int64_t slot : plan.slot_of_path[i]) hash.update(std::to_string(slot) + ",");
  }
  const auto digest = hash.final();
  return llvm::toHex(llvm::ArrayRef<uint8_t>(digest.data(), digest.size()), /*LowerCase=*/true);
}

}  // namespace

absl::StatusOr<std::unique_ptr<CompiledBatch>> Compile(Jit& jit_handle, std::vector<checked::Rule> rules,
                                                       const SlotAssigner& slot_of) {
  Jit::Impl& jit = jit_handle.impl();
  auto state = std::make_unique<CompiledBatch::State>();
  state->rules = std::move(rules);
  auto context = std::make_unique<llvm::LLVMContext>();
  // Every batch has a JITDylib of its own, so the names in its code are fixed
  // (and its object file the same in every process).
  const std::string name = "alert_batch";
  std::unique_ptr<llvm::Module> module = codegen::LowerBatch(*context, state->rules, name, &state->plan, slot_of);
  CodeCache* cache = jit.options().cache;
  const std::string key = cache ? CacheKey(jit.TargetKey(), state->rules, state->plan) : "";
  std::optional<std::string> cached = cache ? cache->Load(key) : std::nullopt;
  std::unique_ptr<llvm::MemoryBuffer> object;
  if (cached && !jit.options().keep_ir && !jit.options().keep_assembly) {
    object = llvm::MemoryBuffer::getMemBufferCopy(*cached, name);
    state->from_cache = true;
  } else {
    if (jit.options().verify) {
      std::string verify_errors;
      llvm::raw_string_ostream verify_out(verify_errors);
      if (llvm::verifyModule(*module, &verify_out)) return absl::InternalError("invalid IR: " + verify_out.str());
    }
    module->setDataLayout(jit.lljit().getDataLayout());
    module->setTargetTriple(jit.lljit().getTargetTriple().str());
    OptimizeModule(*module, jit.options().opt_level);
    if (jit.options().keep_ir) state->ir = codegen::PrintModule(*module);
    if (jit.options().keep_assembly) state->assembly = jit.Assembly(*module);
    auto compiled = jit.Object(*module);
    if (!compiled) return ToStatus(compiled.takeError());
    object = std::move(*compiled);
    if (cache) cache->Store(key, std::string_view(object->getBufferStart(), object->getBufferSize()));
  }

  auto dylib = jit.lljit().createJITDylib(jit.NextDylibName());
  if (!dylib) return ToStatus(dylib.takeError());
  state->session = &jit.lljit().getExecutionSession();
  state->dylib = &*dylib;
  state->dylib->addToLinkOrder(jit.lljit().getMainJITDylib());
  if (auto error = jit.lljit().addObjectFile(*state->dylib, std::move(object))) return ToStatus(std::move(error));
  auto address = jit.lljit().lookup(*state->dylib, name);
  if (!address) return ToStatus(address.takeError());
  state->function = address->toPtr<void (*)(const codegen::EvalContext*, uint8_t*)>();
  auto table = jit.lljit().lookup(*state->dylib, name + "_rules");
  if (!table) return ToStatus(table.takeError());
  state->rule_functions = table->toPtr<const CompiledBatch::State::RuleFunction*>();
  if (!slot_of) state->path_plan = std::make_unique<plan::PathPlan>(state->plan.slots);
  size_t max_baselines = 1;
  for (const auto& rule : state->rules) max_baselines = std::max(max_baselines, rule.baselines.size());
  state->no_baselines.resize(max_baselines);
  return std::unique_ptr<CompiledBatch>(new CompiledBatch(std::move(state)));
}

CompiledBatch::CompiledBatch(std::unique_ptr<State> state) : state_(std::move(state)) {}

CompiledBatch::~CompiledBatch() {
  if (state_ && state_->dylib) llvm::consumeError(state_->session->removeJITDylib(*state_->dylib));
}

const std::vector<checked::Rule>& CompiledBatch::rules() const { return state_->rules; }
size_t CompiledBatch::slot_count() const { return state_->plan.slots.size(); }
const std::vector<std::string>& CompiledBatch::slot_paths() const { return state_->plan.slot_texts; }
size_t CompiledBatch::native_tests() const { return state_->plan.native_tests; }
size_t CompiledBatch::fallback_tests() const { return state_->plan.fallback_tests; }
size_t CompiledBatch::shared_tests() const { return state_->plan.shared_tests; }
const std::string& CompiledBatch::llvm_ir() const { return state_->ir; }
const std::string& CompiledBatch::assembly() const { return state_->assembly; }
bool CompiledBatch::from_cache() const { return state_->from_cache; }

const std::vector<jsonpath::Query>& CompiledBatch::slot_queries() const { return state_->plan.slots; }
size_t CompiledBatch::shared_size() const { return std::max<size_t>(state_->plan.shared_tests, 1); }

void CompiledBatch::FillSlots(simdjson::dom::element event, Value* slots) const {
  state_->path_plan->ExtractDom(event, slots);
}

const std::vector<int64_t>& CompiledBatch::slot_of_path(size_t rule) const { return state_->plan.slot_of_path[rule]; }

bool CompiledBatch::RunRule(size_t rule, const Value* slots, simdjson::dom::element event, uint8_t* shared,
                            const Value* baselines) const {
  const codegen::EvalContext ctx{slots, event, baselines ? baselines : state_->no_baselines.data(),
                                 state_->plan.data.data()};
  return state_->rule_functions[rule](&ctx, slots, shared) != 0;
}

void CompiledBatch::Run(const Value* slots, simdjson::dom::element event, uint8_t* matched) const {
  const codegen::EvalContext ctx{slots, event, state_->no_baselines.data(), state_->plan.data.data()};
  state_->function(&ctx, matched);
}

void CompiledBatch::Evaluate(simdjson::dom::element event, uint8_t* matched, std::vector<Value>* scratch) const {
  scratch->resize(slot_count());
  FillSlots(event, scratch->data());
  Run(scratch->data(), event, matched);
}

}  // namespace alert::jit
