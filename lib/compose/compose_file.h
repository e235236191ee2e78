#pragma once
// A compose file (compose-spec), read with yaml-cpp into what minify runs: the services with their
// run options (pipeline::RunOptions, the same as docker run's flags), the networks and volumes
// they use, their dependencies and health checks.
//
// Read: services (image, environment as a map or a list, env_file, volumes in the short and the
// long syntax, networks, depends_on as a list or a map with condition service_started,
// service_healthy or service_completed_successfully, healthcheck, command, entrypoint, user,
// working_dir, ports, expose, cap_add, extra_hosts); top-level volumes and networks (name,
// external); the project's name (top-level `name`, else the file's directory's). YAML merge keys
// (`<<: *common`) are resolved first (merge_keys.h); `x-*` extension fields are ignored, at the
// top level and in a service, as compose ignores them. Names are made
// as compose makes them: the project's network `default` is PROJECT_default, a volume `data` is
// PROJECT_data (unless `name:` or external). `build:` is refused (minify slims images, it does not
// build them); so is anything that is not the spec's shape, in one line naming the key at fault
// (ComposeError).
//
// Before any of that, every string value of the file (not its keys) is interpolated as compose
// does (compose/interpolation.h: $VAR, ${VAR}, ${VAR:-default}, ${VAR:?error}, ${VAR:+alt}, $$,
// ...) from minify's environment, then the project's .env file beside the compose file
// (compose/dotenv.h) for what the environment does not set; the same two give the value of an
// environment entry or env_file line that names a variable without one. env_file files are read
// in that .env syntax too, as compose reads them (not as docker's --env-file). A required variable
// missing or a malformed `${` is a ComposeError naming the value's place; a variable read unset
// is "" and a line in Project::warnings.

#include <chrono>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/run_options.h"

namespace minify::compose {

// A compose file that cannot be read as one: what() is one line, "FILE: services.app.ports: ...".
class ComposeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class Condition { kStarted, kHealthy, kCompletedSuccessfully };

struct Dependency {
  std::string service;
  Condition condition = Condition::kStarted;
};

// The engine's Healthcheck (durations in nanoseconds, as its API takes them).
struct Healthcheck {
  std::vector<std::string> test;  // ["CMD", ...], ["CMD-SHELL", "..."] or ["NONE"]
  std::int64_t interval_ns = 0, timeout_ns = 0, start_period_ns = 0;
  int retries = 0;
};

struct Service {
  std::string name;
  std::string image;
  pipeline::RunOptions run;           // its network is set by the project (the first of `networks`)
  std::vector<std::string> networks;  // keys of the project's networks; {"default"} when none
  std::vector<Dependency> depends_on;
  std::optional<Healthcheck> healthcheck;
};

// A network or a volume of the project: its key in the file and its name on the engine.
struct Resource {
  std::string key;
  std::string name;
  bool external = false;
};

struct Project {
  std::string name;
  std::vector<Service> services;   // in file order
  std::vector<Resource> networks;  // "default" first when a service uses it
  std::vector<Resource> volumes;
  // One line each, for the caller to show: "FILE: services.app.image: the variable TAG is not
  // set: read as an empty string" (once a variable).
  std::vector<std::string> warnings;

  // Throws ComposeError naming the services there are.
  const Service& service(std::string_view name) const;
  const Resource& network(std::string_view key) const;
};

// Reads `text`, the compose file `file` (relative paths are from its directory; `file` names it
// in errors). `lookup` gives minify's environment (environment entries with no value, env_file
// lines with no '='). Throws ComposeError.
Project parse_compose(std::string_view text, const std::filesystem::path& file,
                      const pipeline::EnvLookup& lookup);

// Reads the file and parses it; throws ComposeError when it cannot be read.
Project read_compose_file(const std::filesystem::path& file, const pipeline::EnvLookup& lookup);

// "1m30s", "10s", "500ms", "2h", "1.5s" as compose reads durations; throws ComposeError naming
// `where`.
std::int64_t duration_ns(std::string_view text, const std::string& where);

// The services `name` needs started before it, dependencies first (each once). Throws
// ComposeError for an unknown service or a dependency cycle.
std::vector<const Service*> start_order(const Project& project, std::string_view name);

}  // namespace minify::compose
