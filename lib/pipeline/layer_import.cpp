#include "pipeline/layer_import.h"

#include <unistd.h>

#include <cstdio>
#include <exception>
#include <random>
#include <thread>

#include "pipeline/run_watch.h"

namespace minify::pipeline {
namespace {

std::string unique_reference() {
  char name[64];
  std::snprintf(name, sizeof name, "minify-layer-import:%d-%08x", static_cast<int>(::getpid()),
                static_cast<unsigned>(std::random_device{}()));
  return name;
}

}  // namespace

LayerImport::LayerImport(const engine::Engine& engine, RunWatch* watch)
    : engine_(engine),
      watch_(watch),
      reference_(unique_reference()),
      exceptions_(std::uncaught_exceptions()) {
  if (watch_) watch_->layer_importing(reference_);
}

LayerImport::~LayerImport() {
  if (removed_) return;
  const bool unwinding = std::uncaught_exceptions() > exceptions_;
  remove_import(engine_, reference_,
                sent_ && !landed_ && unwinding ? std::chrono::seconds(3) : std::chrono::seconds(0));
  if (watch_) watch_->import_removed();
}

void LayerImport::remove() {
  if (removed_.exchange(true)) return;
  remove_import(engine_, reference_, std::chrono::seconds(0));
  if (watch_) watch_->import_removed();
}

void remove_import(const engine::Engine& engine, const std::string& reference,
                   std::chrono::milliseconds landing) {
  const auto give_up = std::chrono::steady_clock::now() + landing;
  try {
    while (!engine.remove_image(reference)) {
      if (std::chrono::steady_clock::now() >= give_up) return;  // it never landed
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
  } catch (const std::exception&) {
  }
}

}  // namespace minify::pipeline
