#include "engine/rules/rule_compiler.h"

#include <chrono>
#include <map>

#include "runtime/os/thread_name.h"

namespace alert::engine {

absl::StatusOr<std::unique_ptr<RuleCompiler>> RuleCompiler::Create(jit::CodeCache* cache, bool background) {
  std::unique_ptr<RuleCompiler> compiler(new RuleCompiler());
  jit::JitOptions options;
  options.cache = cache;
  auto jit = jit::CreateJit(options);
  if (!jit.ok()) return jit.status();
  compiler->jit_ = std::move(*jit);
  if (background) {
    compiler->thread_ = std::thread([c = compiler.get()] {
      os::NameThisThread("alert-compile");
      c->Run();
    });
  }
  return compiler;
}

RuleCompiler::~RuleCompiler() { Stop(); }

void RuleCompiler::Stop() {
  {
    std::lock_guard<std::mutex> lock(queue_mutex_);
    stop_ = true;
    queue_.clear();
  }
  queued_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void RuleCompiler::Submit(std::vector<Request> batch) {
  if (!thread_.joinable()) {
    CompileOne(std::move(batch));
    return;
  }
  {
    std::lock_guard<std::mutex> lock(queue_mutex_);
    queue_.push_back(std::move(batch));
  }
  queued_.notify_one();
}

void RuleCompiler::Wait() {
  std::unique_lock<std::mutex> lock(queue_mutex_);
  drained_.wait(lock, [&] { return queue_.empty() && busy_ == 0; });
}

RuleCompiler::Counts RuleCompiler::counts() const {
  std::lock_guard<std::mutex> lock(queue_mutex_);
  return counts_;
}

void RuleCompiler::Run() {
  for (;;) {
    std::vector<Request> batch;
    {
      std::unique_lock<std::mutex> lock(queue_mutex_);
      queued_.wait(lock, [&] { return stop_ || !queue_.empty(); });
      if (stop_) return;
      batch = std::move(queue_.front());
      queue_.pop_front();
      ++busy_;
    }
    CompileOne(std::move(batch));
    {
      std::lock_guard<std::mutex> lock(queue_mutex_);
      --busy_;
    }
    drained_.notify_all();
  }
}

void RuleCompiler::CompileOne(std::vector<Request> batch) {
  // The batch reads the rule set's slots: each path where its rule has it.
  std::map<std::string, uint32_t> slot_of_text;
  std::vector<checked::Rule> rules;
  for (Request& r : batch) {
    for (size_t p = 0; p < r.rule.paths.size(); ++p) {
      if (r.slot_of_path[p] >= 0) slot_of_text[r.rule.paths[p].text] = static_cast<uint32_t>(r.slot_of_path[p]);
    }
    rules.push_back(std::move(r.rule));
  }
  const auto started = std::chrono::steady_clock::now();
  auto compiled = jit::Compile(*jit_, std::move(rules),
                               [&](const checked::Path& path) { return slot_of_text.at(path.text); });
  if (!compiled.ok()) {
    // The rules stay with the interpreter, which decides alike.
    std::lock_guard<std::mutex> lock(queue_mutex_);
    ++counts_.failed;
    return;
  }
  {
    std::lock_guard<std::mutex> lock(queue_mutex_);
    ++((*compiled)->from_cache() ? counts_.from_cache : counts_.compiled);
  }
  const double share = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() /
                       static_cast<double>(batch.size());
  auto code = std::make_shared<CompiledRules>();
  code->batch = std::move(*compiled);
  for (size_t i = 0; i < batch.size(); ++i) code->natives.emplace_back(code.get(), i);
  std::unique_lock<std::mutex> lock(install_mutex_);
  if (code->batch->shared_tests() > 0) {
    code->shared_offset = shared_next_;
    shared_next_ += code->batch->shared_tests();
    code->shared_end = shared_next_;
    shared_size_.store(std::max<size_t>(1, shared_next_), std::memory_order_release);
  }
  const std::shared_ptr<const CompiledRules> shared = code;
  for (size_t i = 0; i < batch.size(); ++i) {
    if (install_) install_(batch[i].id, batch[i].ticket, &code->natives[i], shared, share);
  }
}

}  // namespace alert::engine
