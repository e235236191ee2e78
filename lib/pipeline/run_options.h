#pragma once
// How the analysis and verify runs start, beyond the image's own config: `docker run`'s run-time
// options, spelt and read as docker's CLI reads them (-e, --env-file, -v, --mount, --network,
// --add-host, --entrypoint, --cmd, -u, -w, --cap-add, --expose, -p). They change the runs only: the
// slim image keeps the original's Env, Entrypoint, Cmd, User and WorkingDir, and what the app
// touched under a mount target is the mount's, never packed.
//
// Every parser throws UsageError (errors/usage_error.h) with one line naming the flag and the
// value at fault.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace minify::pipeline {

struct Mount {
  enum class Type { kBind, kVolume, kTmpfs };
  Type type = Type::kVolume;
  std::string source;  // bind: an absolute host path; volume: its name, "" for an anonymous one
  std::string target;  // an absolute container path
  bool read_only = false;

  bool operator==(const Mount&) const = default;
};

// -p/--publish: a container TCP port bound on the host, where the probes reach it.
struct PublishedPort {
  int container = 0;
  std::string host_ip = "127.0.0.1";  // minify's default, not docker's 0.0.0.0: an app under
                                      // analysis is not offered to the network
  std::string host_port;              // "": one the engine picks

  bool operator==(const PublishedPort&) const = default;
};

struct RunOptions {
  std::vector<std::string> env;  // "NAME=value", in order (the engine keeps the last of a name)
  std::vector<Mount> mounts;
  std::string network;                   // --network; "": the engine's default bridge
  std::vector<std::string> extra_hosts;  // --add-host "NAME:IP"
  // --entrypoint replaces the image's ENTRYPOINT and, as with `docker run`, drops its CMD unless
  // --cmd (or words after --) gives one; an empty --entrypoint clears it.
  std::optional<std::vector<std::string>> entrypoint;
  std::optional<std::vector<std::string>> cmd;
  std::optional<std::string> user;         // -u: replaces the image's USER for the app
  std::optional<std::string> working_dir;  // -w
  std::vector<std::string> cap_add;        // "NET_ADMIN", ..., "ALL": no "CAP_" prefix
  std::vector<int> expose;                 // more container TCP ports to publish and probe
  std::vector<PublishedPort> publish;      // -p: as expose, at a host address and port

  bool operator==(const RunOptions&) const = default;
};

// Looks a name up in minify's own environment: nullptr when it is not set.
using EnvLookup = std::function<const char*(const std::string& name)>;

// -e NAME=value as is; -e NAME takes minify's own NAME, and nothing when it is not set. An empty
// name ("=x") is refused.
std::optional<std::string> parse_env(std::string_view spec, const EnvLookup& lookup);

// An --env-file's text, read as docker reads one: a line per variable, leading white space
// dropped, '#' lines and empty lines skipped, NAME=value taken as is (no quotes removed, no
// trimming of the value), a bare NAME from minify's environment (skipped when unset), a UTF-8
// BOM at the start dropped. A name with a space or a tab, an empty name or bytes that are not
// UTF-8 are refused naming `file` and the line.
std::vector<std::string> parse_env_file(std::string_view text, const std::string& file,
                                        const EnvLookup& lookup);

// -v [SRC:]DST[:OPTIONS]: SRC absolute (or starting with '.', made absolute from `cwd`) is a
// bind, otherwise a named volume; DST alone is an anonymous volume. OPTIONS: comma-separated ro,
// rw, z, Z, nocopy and the propagation modes (only ro changes what minify does).
Mount parse_volume(std::string_view spec, const std::filesystem::path& cwd);

// --mount type=bind|volume|tmpfs,source=...,target=...,readonly: docker's key=value list (src,
// destination, dst and ro too; the type defaults to volume; readonly takes an optional
// true/false/1/0). A relative bind source is made absolute from `cwd`.
Mount parse_mount(std::string_view spec, const std::filesystem::path& cwd);

// --add-host NAME:IP (or NAME=IP): a host name and an IPv4/IPv6 address, or "host-gateway".
std::string parse_extra_host(std::string_view spec);

// --cap-add: "net_admin", "CAP_NET_ADMIN" -> "NET_ADMIN"; "ALL" as is. Refuses an empty name or
// one with characters no capability has.
std::string parse_capability(std::string_view spec);

// --expose PORT[/tcp]: a TCP port, 1-65535.
int parse_expose(std::string_view spec);

// -p/--publish [[IP:]HOSTPORT:]PORT[/tcp] (IP may be [v6]; HOSTPORT may be empty: "IP::PORT").
PublishedPort parse_publish(std::string_view spec);

// The app's argv under these options: --entrypoint and --cmd over the image's own. Empty when
// nothing is left to run.
std::vector<std::string> app_argv(const RunOptions& run,
                                  const std::vector<std::string>& image_entrypoint,
                                  const std::vector<std::string>& image_cmd);

// Whether `path` is `target` or lies under it, by path components ("/data2" is not under
// "/data").
bool under_mount(std::string_view path, std::string_view target);

}  // namespace minify::pipeline
