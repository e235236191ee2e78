#include "pipeline/leftovers.h"

#include <map>
#include <optional>
#include <string>

#include "pipeline/temp_dir.h"

namespace minify::pipeline {
namespace {

using Doomed = std::function<bool(const RunOwner&)>;

LeftoversRemoved remove_where(const engine::Engine& engine, const std::filesystem::path& temp_root,
                              const Doomed& doomed) {
  LeftoversRemoved removed;
  std::map<std::string, bool> verdicts;  // by label: /proc is read once per run
  auto is_doomed = [&](const RunOwner& owner) {
    auto [it, fresh] = verdicts.try_emplace(owner.label(), false);
    if (fresh) it->second = doomed(owner);
    return it->second;
  };
  try {
    for (const auto& container : engine.list_containers(kOwnerLabel)) {
      auto label = container.labels.find(kOwnerLabel);
      if (label == container.labels.end()) continue;
      auto owner = RunOwner::parse(label->second);
      if (!owner || !is_doomed(*owner)) continue;
      try {
        if (engine.remove_container(container.id, true, true)) ++removed.containers;
      } catch (const std::exception&) {
      }
    }
    // After the containers, which hold them.
    auto remove_labelled = [&](const std::vector<engine::NamedResource>& listed,
                               bool (engine::Engine::*remove)(std::string_view) const,
                               std::size_t& count) {
      for (const auto& resource : listed) {
        auto label = resource.labels.find(kOwnerLabel);
        if (label == resource.labels.end()) continue;
        auto owner = RunOwner::parse(label->second);
        if (!owner || !is_doomed(*owner)) continue;
        try {
          if ((engine.*remove)(resource.name)) ++count;
        } catch (const std::exception&) {
        }
      }
    };
    remove_labelled(engine.list_networks(kOwnerLabel), &engine::Engine::remove_network,
                    removed.networks);
    remove_labelled(engine.list_volumes(kOwnerLabel), &engine::Engine::remove_volume,
                    removed.volumes);
  } catch (const std::exception&) {
    // The engine does not answer: the run that asked will say so itself, soon.
  }
  std::error_code error;
  for (std::filesystem::directory_iterator it(temp_root, error), end; !error && it != end;
       it.increment(error)) {
    auto owner = build_dir_owner(it->path().filename().string());
    if (!owner || !is_doomed(*owner)) continue;
    std::error_code ignored;
    if (std::filesystem::remove_all(it->path(), ignored) > 0 && !ignored) ++removed.dirs;
  }
  return removed;
}

}  // namespace

LeftoversRemoved remove_dead_runs_leftovers(const engine::Engine& engine,
                                            const std::filesystem::path& temp_root) {
  return remove_where(engine, temp_root, [](const RunOwner& owner) { return owner.dead(); });
}

LeftoversRemoved remove_leftovers_of(const engine::Engine& engine, const RunOwner& owner,
                                     const std::filesystem::path& temp_root) {
  return remove_where(engine, temp_root, [&](const RunOwner& candidate) {
    return candidate.pid == owner.pid && candidate.start == owner.start &&
           (candidate.boot_id.empty() || candidate.boot_id == owner.boot_id);
  });
}

}  // namespace minify::pipeline
