// Path de-duplication: the checker already gives each distinct path (by its
// normalized text) one slot; after folding and dead-branch removal some slots
// are read by nothing. This pass drops them, and unused regexes, and
// renumbers what remains, so that the runtime extracts each distinct path
// that a rule still reads exactly once per event.

#include <map>

#include "compiler/checked/walk.h"
#include "compiler/opt/pass.h"

namespace alert::opt {
namespace {

using checked::Op;

bool UsesPath(const checked::Expr& e) {
  return e.op == Op::kPath || e.op == Op::kExists || e.op == Op::kEvery || e.op == Op::kAny;
}

bool UsesRegex(const checked::Expr& e) {
  if (e.op == Op::kMatch || e.op == Op::kNotMatch) return true;
  return e.op == Op::kCall &&
         (e.function == checked::Function::kMatch || e.function == checked::Function::kSearch) &&
         e.args[1]->op == Op::kConst;
}

// Every place the rule names a path id, outside expressions.
std::vector<uint32_t*> PathFields(checked::Rule& rule) {
  std::vector<uint32_t*> fields;
  for (uint32_t& id : rule.group_by) fields.push_back(&id);
  if (rule.dedupe_by) fields.push_back(&*rule.dedupe_by);
  if (rule.time) fields.push_back(&*rule.time);
  if (rule.fire && rule.fire->across) fields.push_back(&rule.fire->across->path);
  for (auto& b : rule.baselines) fields.push_back(&b.path);
  auto templates = [&](checked::Template& t) {
    for (auto& part : t.parts) {
      if (part.kind == checked::Template::Part::Kind::kPath) fields.push_back(&part.index);
    }
  };
  if (rule.message) templates(*rule.message);
  for (auto& l : rule.labels) templates(l.value);
  return fields;
}

template <typename T>
std::map<uint32_t, uint32_t> Compact(std::vector<T>& table, const std::vector<bool>& used) {
  std::map<uint32_t, uint32_t> remap;
  std::vector<T> kept;
  for (uint32_t i = 0; i < table.size(); ++i) {
    if (!used[i]) continue;
    remap[i] = static_cast<uint32_t>(kept.size());
    kept.push_back(std::move(table[i]));
  }
  table = std::move(kept);
  return remap;
}

class PrunePaths : public Pass {
 public:
  std::string_view name() const override { return "prune-paths"; }
  void Run(checked::Rule& rule) const override {
    std::vector<bool> paths(rule.paths.size()), regexes(rule.regexes.size());
    checked::ForEachExpr(rule, [&](checked::Expr& e) {
      if (UsesPath(e)) paths[e.index] = true;
      if (UsesRegex(e)) regexes[e.index] = true;
    });
    for (uint32_t* id : PathFields(rule)) paths[*id] = true;
    const auto path_map = Compact(rule.paths, paths);
    const auto regex_map = Compact(rule.regexes, regexes);
    checked::ForEachExpr(rule, [&](checked::Expr& e) {
      if (UsesPath(e)) e.index = path_map.at(e.index);
      if (UsesRegex(e)) e.index = regex_map.at(e.index);
    });
    for (uint32_t* id : PathFields(rule)) *id = path_map.at(*id);
  }
};

}  // namespace

std::unique_ptr<Pass> MakePrunePaths() { return std::make_unique<PrunePaths>(); }

}  // namespace alert::opt
