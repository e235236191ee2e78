#include "pipeline/slim_image_load.h"

#include <exception>
#include <thread>

#include "pipeline/run_watch.h"

namespace minify::pipeline {

std::optional<std::string> image_id_of(const engine::Engine& engine, const std::string& reference) {
  try {
    return engine.inspect_image(reference).value("Id", std::string());
  } catch (const engine::EngineError& e) {
    if (e.kind() == engine::ErrorKind::kNotFound) return std::nullopt;
    throw;
  }
}

void undo_load(const engine::Engine& engine, const std::string& reference,
               const std::optional<std::string>& previous_id, std::chrono::milliseconds landing) {
  const auto give_up = std::chrono::steady_clock::now() + landing;
  try {
    while (true) {
      auto now = image_id_of(engine, reference);
      if (now && now != previous_id) break;
      if (std::chrono::steady_clock::now() >= give_up) return;  // it never landed
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    engine.remove_image(reference);
    if (previous_id) engine.tag_image(*previous_id, reference);
  } catch (const std::exception&) {
  }
}

SlimImageLoad::SlimImageLoad(const engine::Engine& engine, std::string reference, RunWatch* watch)
    : engine_(engine),
      reference_(std::move(reference)),
      previous_id_(image_id_of(engine_, reference_)),
      watch_(watch),
      exceptions_(std::uncaught_exceptions()) {
  if (watch_) watch_->image_loading(reference_, previous_id_);
}

SlimImageLoad::~SlimImageLoad() {
  if (std::uncaught_exceptions() > exceptions_)
    undo_load(engine_, reference_, previous_id_,
              sending_ ? std::chrono::seconds(3) : std::chrono::seconds(0));
  if (watch_) watch_->image_settled();  // kept, or undone here: nothing left for the watch
}

}  // namespace minify::pipeline
