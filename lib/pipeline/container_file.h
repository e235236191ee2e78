#pragma once
// One small file (the sensor's record, the pack summary) read out of a container into memory,
// within a bound. What a container hands back is not to be trusted with minify's memory: the app
// under analysis runs as the image says, root included, and can plant any file where the sensor
// writes; a planted 400 MB record once took minify from 33 MB to 2 GB. So the transfer is
// aborted as soon as it passes the bound, and nothing of it is parsed. And the other way: small
// files (the sensor, the record) copied into a container.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "engine/engine.h"
#include "pipeline/archive_files.h"

namespace minify::pipeline {

struct FileBound {
  std::string what;         // "the sensor's record": names it in the error
  std::uint64_t max_bytes;  // of the file's content
  std::string raised_with;  // the flag that raises the bound, or "" when none does
};

// "64 MiB", "512 KiB", "100 bytes": a bound as the errors say it.
std::string bound_text(std::uint64_t bytes);

// The content of the regular file at `path` in container `id`. Past `bound.max_bytes` (with
// room for the archive API's tar headers), throws std::runtime_error "<what> is larger than
// <bound> (<raised_with> raises the bound)" having held no more than that. EngineError
// (kNotFound when there is no such file) propagates, as does a corrupt tar (runtime_error).
// `on_bytes` is told of each chunk received (progress).
std::string read_container_file(const engine::Engine& engine, std::string_view id,
                                std::string_view path, const FileBound& bound,
                                engine::Cancel cancel,
                                const std::function<void(std::size_t)>& on_bytes = {});

// Copies `files` into container `id` (a tar of them extracted at "/"), in that order: the engine
// extracts a tar's entries one after another. Throws EngineError (kCancelled on Ctrl-C).
void put_container_files(const engine::Engine& engine, std::string_view id,
                         const std::vector<FileToPut>& files, engine::Cancel cancel);

}  // namespace minify::pipeline
