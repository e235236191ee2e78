#include "pipeline/run_options.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

#include "byte_names/utf8.h"
#include "errors/usage_error.h"

namespace minify::pipeline {
namespace {

constexpr std::string_view kWhiteSpace = " \t";

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  while (true) {
    auto at = text.find(separator);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return parts;
    text.remove_prefix(at + 1);
  }
}

std::string in_quotes(std::string_view text) {
  return "'" + std::string(text) + "'";
}

std::string absolute_from(std::string_view path, const std::filesystem::path& cwd) {
  return (cwd / std::filesystem::path(path)).lexically_normal().string();
}

void check_target(std::string_view flag, std::string_view spec, std::string_view target) {
  if (target.empty() || target.front() != '/')
    throw UsageError(std::string(flag) + " " + in_quotes(spec) + ": the target " +
                     in_quotes(target) + " must be an absolute path in the container");
  if (target.find_first_not_of('/') == std::string_view::npos)
    throw UsageError(std::string(flag) + " " + in_quotes(spec) + ": the target cannot be '/'");
}

// Docker's rule for a volume's name: [a-zA-Z0-9][a-zA-Z0-9_.-]+.
bool volume_name(std::string_view name) {
  auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  if (name.size() < 2 || !alnum(name.front())) return false;
  return std::all_of(name.begin() + 1, name.end(),
                     [&](char c) { return alnum(c) || c == '_' || c == '.' || c == '-'; });
}

bool bool_word(std::string_view flag, std::string_view key, std::string_view value) {
  if (value == "true" || value == "1") return true;
  if (value == "false" || value == "0") return false;
  throw UsageError(std::string(flag) + ": " + std::string(key) +
                   " expects true, false, 1 or 0, got " + in_quotes(value));
}

}  // namespace

std::optional<std::string> parse_env(std::string_view spec, const EnvLookup& lookup) {
  auto equals = spec.find('=');
  std::string name(spec.substr(0, equals));
  if (name.empty()) throw UsageError("--env: invalid environment variable " + in_quotes(spec));
  if (equals != std::string_view::npos) return std::string(spec);
  if (const char* value = lookup(name)) return name + "=" + value;
  return std::nullopt;
}

std::vector<std::string> parse_env_file(std::string_view text, const std::string& file,
                                        const EnvLookup& lookup) {
  std::vector<std::string> env;
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (text.starts_with(kBom)) text.remove_prefix(kBom.size());
  std::size_t number = 0;
  for (std::string_view raw : split(text, '\n')) {
    ++number;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    auto where = [&] { return "--env-file " + file + ":" + std::to_string(number) + ": "; };
    if (!byte_names::is_utf8(raw)) throw UsageError(where() + "bytes that are not UTF-8");
    auto start = raw.find_first_not_of(" \t\v\f\r");
    if (start == std::string_view::npos) continue;
    std::string_view line = raw.substr(start);
    if (line.front() == '#') continue;
    auto equals = line.find('=');
    std::string_view name = line.substr(0, equals);
    if (name.empty()) throw UsageError(where() + "no variable name on line " + in_quotes(line));
    if (name.find_first_of(kWhiteSpace) != std::string_view::npos)
      throw UsageError(where() + "variable " + in_quotes(name) + " contains whitespaces");
    if (equals != std::string_view::npos) {
      env.emplace_back(line);  // the value as is: no trimming, no quotes removed
    } else if (const char* value = lookup(std::string(name))) {
      env.push_back(std::string(name) + "=" + value);
    }
  }
  return env;
}

Mount parse_volume(std::string_view spec, const std::filesystem::path& cwd) {
  const std::string flag = "--volume";
  auto parts = split(spec, ':');
  if (parts.size() > 3 || spec.empty())
    throw UsageError(flag + " " + in_quotes(spec) + ": expected [SOURCE:]TARGET[:OPTIONS]");
  Mount mount;
  if (parts.size() == 1) {
    mount.target = std::string(parts[0]);
  } else {
    std::string_view source = parts[0];
    mount.target = std::string(parts[1]);
    if (source.empty()) throw UsageError(flag + " " + in_quotes(spec) + ": empty source");
    if (source.front() == '/' || source.front() == '.') {
      mount.type = Mount::Type::kBind;
      mount.source = absolute_from(source, cwd);
    } else if (volume_name(source)) {
      mount.source = std::string(source);
    } else {
      throw UsageError(
          flag + " " + in_quotes(spec) + ": " + in_quotes(source) +
          " is neither an absolute path nor a volume name ([a-zA-Z0-9][a-zA-Z0-9_.-]+)");
    }
  }
  if (parts.size() == 3) {
    static const std::vector<std::string_view> kKnown = {
        "ro",     "rw",      "z",     "Z",      "nocopy", "private",   "rprivate",
        "shared", "rshared", "slave", "rslave", "cached", "delegated", "consistent"};
    for (std::string_view option : split(parts[2], ',')) {
      if (std::find(kKnown.begin(), kKnown.end(), option) == kKnown.end())
        throw UsageError(flag + " " + in_quotes(spec) + ": unknown option " + in_quotes(option));
      if (option == "ro") mount.read_only = true;
      if (option == "rw") mount.read_only = false;
    }
  }
  check_target(flag, spec, mount.target);
  return mount;
}

Mount parse_mount(std::string_view spec, const std::filesystem::path& cwd) {
  const std::string flag = "--mount";
  Mount mount;
  for (std::string_view field : split(spec, ',')) {
    auto equals = field.find('=');
    std::string_view key = field.substr(0, equals);
    std::optional<std::string_view> value;
    if (equals != std::string_view::npos) value = field.substr(equals + 1);
    auto need = [&]() -> std::string_view {
      if (!value || value->empty())
        throw UsageError(flag + " " + in_quotes(spec) + ": " + in_quotes(key) + " needs a value");
      return *value;
    };
    if (key == "type") {
      std::string_view type = need();
      if (type == "bind")
        mount.type = Mount::Type::kBind;
      else if (type == "volume")
        mount.type = Mount::Type::kVolume;
      else if (type == "tmpfs")
        mount.type = Mount::Type::kTmpfs;
      else
        throw UsageError(flag + " " + in_quotes(spec) + ": type " + in_quotes(type) +
                         " is not bind, volume or tmpfs");
    } else if (key == "source" || key == "src") {
      mount.source = std::string(need());
    } else if (key == "target" || key == "destination" || key == "dst") {
      mount.target = std::string(need());
    } else if (key == "readonly" || key == "ro") {
      mount.read_only = !value || bool_word(flag, key, *value);
    } else if (key == "bind-propagation" || key == "volume-nocopy" || key == "consistency" ||
               key == "tmpfs-size" || key == "tmpfs-mode") {
      need();  // how the engine mounts it, nothing minify reads
    } else {
      throw UsageError(flag + " " + in_quotes(spec) + ": unknown key " + in_quotes(key));
    }
  }
  if (mount.target.empty()) throw UsageError(flag + " " + in_quotes(spec) + ": target is required");
  check_target(flag, spec, mount.target);
  switch (mount.type) {
    case Mount::Type::kBind:
      if (mount.source.empty())
        throw UsageError(flag + " " + in_quotes(spec) + ": a bind mount needs a source");
      mount.source = absolute_from(mount.source, cwd);
      break;
    case Mount::Type::kVolume:
      if (!mount.source.empty() && !volume_name(mount.source))
        throw UsageError(flag + " " + in_quotes(spec) + ": " + in_quotes(mount.source) +
                         " is no volume name ([a-zA-Z0-9][a-zA-Z0-9_.-]+)");
      break;
    case Mount::Type::kTmpfs:
      if (!mount.source.empty())
        throw UsageError(flag + " " + in_quotes(spec) + ": a tmpfs mount takes no source");
      break;
  }
  return mount;
}

std::string parse_extra_host(std::string_view spec) {
  auto at = spec.find_first_of("=:");
  std::string_view name = spec.substr(0, at);
  std::string_view address = at == std::string_view::npos ? "" : spec.substr(at + 1);
  if (address.size() > 2 && address.front() == '[' && address.back() == ']')
    address = address.substr(1, address.size() - 2);
  unsigned char buffer[16];
  std::string text(address);
  bool ip = ::inet_pton(AF_INET, text.c_str(), buffer) == 1 ||
            ::inet_pton(AF_INET6, text.c_str(), buffer) == 1;
  if (name.empty() || name.find_first_of(" \t") != std::string_view::npos ||
      (!ip && address != "host-gateway"))
    throw UsageError("--add-host " + in_quotes(spec) +
                     ": expected HOST:IP (an IPv4 or IPv6 address, or host-gateway)");
  return std::string(name) + ":" + text;
}

std::string parse_capability(std::string_view spec) {
  std::string name;
  for (char c : spec)
    name.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  if (name.starts_with("CAP_")) name.erase(0, 4);
  bool word = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isupper(static_cast<unsigned char>(c)) || c == '_';
  });
  if (!word) throw UsageError("--cap-add: " + in_quotes(spec) + " is no capability name");
  return name;
}

int parse_expose(std::string_view spec) {
  std::string_view port = spec;
  if (auto slash = spec.find('/'); slash != std::string_view::npos) {
    if (spec.substr(slash + 1) != "tcp")
      throw UsageError("--expose " + in_quotes(spec) + ": only TCP ports are probed");
    port = spec.substr(0, slash);
  }
  int value = 0;
  bool digits = !port.empty() && port.size() <= 5 &&
                std::all_of(port.begin(), port.end(),
                            [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  if (digits) value = std::stoi(std::string(port));
  if (!digits || value < 1 || value > 65535)
    throw UsageError("--expose " + in_quotes(spec) + ": expected a port, 1-65535");
  return value;
}

PublishedPort parse_publish(std::string_view spec) {
  PublishedPort port;
  std::string_view rest = spec;
  auto bad = [&](const std::string& why) {
    return UsageError("--publish " + in_quotes(spec) + ": " + why);
  };
  if (rest.starts_with("[")) {  // [v6]:HOSTPORT:PORT
    auto close = rest.find("]:");
    if (close == std::string_view::npos) throw bad("expected [IPv6]:HOSTPORT:PORT");
    port.host_ip = std::string(rest.substr(1, close - 1));
    rest.remove_prefix(close + 2);
    auto colon = rest.find(':');
    if (colon == std::string_view::npos) throw bad("expected [IPv6]:HOSTPORT:PORT");
    port.host_port = std::string(rest.substr(0, colon));
    rest.remove_prefix(colon + 1);
  } else {
    auto parts = split(rest, ':');
    if (parts.size() > 3) throw bad("expected [[IP:]HOSTPORT:]PORT");
    if (parts.size() == 3) port.host_ip = std::string(parts[0]);
    if (parts.size() >= 2) port.host_port = std::string(parts[parts.size() - 2]);
    rest = parts.back();
  }
  if (!port.host_port.empty()) {
    try {
      parse_expose(port.host_port);
    } catch (const UsageError&) {
      throw bad("the host port " + in_quotes(port.host_port) + " is no port (1-65535)");
    }
  }
  unsigned char buffer[16];
  if (::inet_pton(AF_INET, port.host_ip.c_str(), buffer) != 1 &&
      ::inet_pton(AF_INET6, port.host_ip.c_str(), buffer) != 1)
    throw bad(in_quotes(port.host_ip) + " is no IP address");
  try {
    port.container = parse_expose(rest);
  } catch (const UsageError&) {
    throw bad("the container port " + in_quotes(rest) + " is no TCP port (1-65535)");
  }
  return port;
}

std::vector<std::string> app_argv(const RunOptions& run,
                                  const std::vector<std::string>& image_entrypoint,
                                  const std::vector<std::string>& image_cmd) {
  std::vector<std::string> argv = run.entrypoint ? *run.entrypoint : image_entrypoint;
  // `docker run --entrypoint X IMAGE` runs X alone: the image's CMD was written for its own
  // ENTRYPOINT.
  const std::vector<std::string> none;
  const auto& cmd = run.cmd ? *run.cmd : run.entrypoint ? none : image_cmd;
  argv.insert(argv.end(), cmd.begin(), cmd.end());
  return argv;
}

bool under_mount(std::string_view path, std::string_view target) {
  while (target.size() > 1 && target.back() == '/') target.remove_suffix(1);
  if (!path.starts_with(target)) return false;
  return path.size() == target.size() || path[target.size()] == '/' || target == "/";
}

}  // namespace minify::pipeline
