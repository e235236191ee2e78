#include "compose/compose_file.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "compose/dotenv.h"
#include "compose/interpolation.h"
#include "compose/merge_keys.h"
#include "errors/usage_error.h"
#include "probe/command_words.h"

namespace minify::compose {
namespace {

// Where in the file a value is, for error lines: "services.app.ports[1]".
class Reader {
 public:
  Reader(std::string file, std::filesystem::path dir, const pipeline::EnvLookup& lookup)
      : file_(std::move(file)), dir_(std::move(dir)), lookup_(lookup) {}

  [[noreturn]] void fail(const std::string& where, const std::string& what) const {
    throw ComposeError(file_ + ": " + where + ": " + what);
  }

  std::string scalar(const YAML::Node& node, const std::string& where) const {
    if (!node.IsScalar()) fail(where, "expected a single value");
    return node.Scalar();
  }

  std::vector<std::string> scalars(const YAML::Node& node, const std::string& where) const {
    if (node.IsScalar()) return {node.Scalar()};
    if (!node.IsSequence()) fail(where, "expected a list");
    std::vector<std::string> out;
    for (std::size_t i = 0; i < node.size(); ++i)
      out.push_back(scalar(node[i], where + "[" + std::to_string(i) + "]"));
    return out;
  }

  // A command as compose takes one: a list as is, a string split like a shell's words.
  std::vector<std::string> command(const YAML::Node& node, const std::string& where) const {
    if (node.IsSequence()) return scalars(node, where);
    try {
      return probe::split_command(scalar(node, where));
    } catch (const UsageError& e) {
      fail(where, e.what());
    }
  }

  // Calls a parser of lib/pipeline, turning its UsageError into this file's error.
  template <typename Parse>
  auto checked(const std::string& where, Parse&& parse) const -> decltype(parse()) {
    try {
      return parse();
    } catch (const UsageError& e) {
      fail(where, e.what());
    }
  }

  const std::string& file() const { return file_; }
  const std::filesystem::path& dir() const { return dir_; }
  const pipeline::EnvLookup& lookup() const { return lookup_; }

 private:
  std::string file_;
  std::filesystem::path dir_;
  const pipeline::EnvLookup& lookup_;
};

std::optional<std::string> value_of(const char* value) {
  return value != nullptr ? std::optional<std::string>(value) : std::nullopt;
}

// The warning for a variable read unset, at `place` (a file, or a file and a key).
std::string unset_warning(const std::string& place, const std::string& name) {
  return place + ": the variable " + name + " is not set: read as an empty string";
}

// Where interpolation takes values from, as compose: minify's environment, then the project's
// .env file (read once, here) for what the environment does not set.
class Variables {
 public:
  Variables(const std::filesystem::path& dotenv_file, const pipeline::EnvLookup& environment)
      : environment_(environment) {
    std::error_code error;
    if (!std::filesystem::exists(dotenv_file, error)) return;  // a project may have none
    std::ifstream in(dotenv_file, std::ios::binary);
    if (!in || !std::filesystem::is_regular_file(dotenv_file, error))
      throw ComposeError(dotenv_file.string() + ": cannot be read");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    try {
      dotenv_ = parse_dotenv(text, dotenv_file.string(),
                             [&](const std::string& name) { return value_of(environment_(name)); });
    } catch (const DotenvError& e) {
      throw ComposeError(e.what());
    }
  }

  // What `${NAME}` reads.
  std::optional<std::string> operator()(const std::string& name) const {
    return value_of(lookup(name));
  }

  // The same as a pipeline::EnvLookup, for what the file takes from the environment (an
  // environment entry with no value, an env_file line with no '=').
  const char* lookup(const std::string& name) const {
    if (const char* value = environment_(name)) return value;
    auto it = dotenv_.values.find(name);
    return it == dotenv_.values.end() ? nullptr : it->second.c_str();
  }

  // Variables the .env file's own values read unset.
  const std::vector<std::string>& dotenv_unset() const { return dotenv_.unset; }

 private:
  const pipeline::EnvLookup& environment_;
  Dotenv dotenv_;
};

// A copy of `node` with every string value interpolated (keys as they are): a copy rather than
// in place, as an alias shares its anchor's node and would be interpolated twice. `warnings`
// gets a line for each variable read unset that is not yet in `seen_unset`, naming its place.
YAML::Node interpolated(const Reader& in, const YAML::Node& node, const std::string& where,
                        const VariableLookup& variables, std::set<std::string>& seen_unset,
                        std::vector<std::string>& warnings) {
  auto at = [&](const std::string& key) { return where.empty() ? key : where + "." + key; };
  switch (node.Type()) {
    case YAML::NodeType::Scalar: {
      Interpolated result;
      try {
        result = interpolate(node.Scalar(), variables);
      } catch (const InterpolationError& e) {
        in.fail(where, e.what());
      }
      for (const auto& name : result.unset)
        if (seen_unset.insert(name).second)
          warnings.push_back(unset_warning(in.file() + ": " + where, name));
      YAML::Node out(result.text);
      out.SetTag(node.Tag());
      return out;
    }
    case YAML::NodeType::Sequence: {
      YAML::Node out(YAML::NodeType::Sequence);
      for (std::size_t i = 0; i < node.size(); ++i)
        out.push_back(interpolated(in, node[i], where + "[" + std::to_string(i) + "]", variables,
                                   seen_unset, warnings));
      return out;
    }
    case YAML::NodeType::Map: {
      YAML::Node out(YAML::NodeType::Map);
      for (const auto& item : node)
        out.force_insert(
            item.first,
            interpolated(in, item.second, at(item.first.IsScalar() ? item.first.Scalar() : "?"),
                         variables, seen_unset, warnings));
      return out;
    }
    default:
      return YAML::Node(YAML::NodeType::Null);
  }
}

// compose's project name rule: lower case, [a-z0-9_-] only.
std::string project_name(std::string raw) {
  std::string name;
  for (char c : raw) {
    char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (std::isalnum(static_cast<unsigned char>(lower)) || lower == '_' || lower == '-')
      name.push_back(lower);
  }
  return name;
}

std::vector<Resource> resources(const Reader& in, const YAML::Node& node, const std::string& kind,
                                const std::string& project) {
  std::vector<Resource> out;
  if (!node) return out;
  if (!node.IsMap()) in.fail(kind, "expected a map of names");
  for (const auto& item : node) {
    std::string key = in.scalar(item.first, kind);
    std::string where = kind + "." + key;
    Resource r{key, project + "_" + key, false};
    const YAML::Node& body = item.second;
    if (body && !body.IsNull()) {
      if (!body.IsMap()) in.fail(where, "expected a map");
      if (body["external"]) {
        const YAML::Node& external = body["external"];
        r.external = external.IsMap() || in.scalar(external, where + ".external") == "true";
        if (external.IsMap() && external["name"])
          r.name = in.scalar(external["name"], where + ".external.name");
        else if (r.external)
          r.name = key;
      }
      if (body["name"]) r.name = in.scalar(body["name"], where + ".name");
    }
    out.push_back(r);
  }
  return out;
}

const Resource* find_resource(const std::vector<Resource>& all, std::string_view key) {
  for (const auto& r : all)
    if (r.key == key) return &r;
  return nullptr;
}

pipeline::Mount short_volume(const Reader& in, const std::string& spec, const std::string& where,
                             const std::vector<Resource>& volumes) {
  auto colon = spec.find(':');
  if (colon == std::string::npos)
    return in.checked(where, [&] { return pipeline::parse_volume(spec, in.dir()); });
  std::string source = spec.substr(0, colon);
  std::string rest = spec.substr(colon);
  if (source.starts_with("~")) {
    const char* home = in.lookup()("HOME");
    source = std::string(home ? home : "") + source.substr(1);
  }
  if (source.starts_with(".") || source.starts_with("/"))
    return in.checked(where, [&] { return pipeline::parse_volume(source + rest, in.dir()); });
  const Resource* volume = find_resource(volumes, source);
  if (!volume)
    in.fail(where, "volume '" + source + "' is not declared under the top-level volumes");
  return in.checked(where, [&] { return pipeline::parse_volume(volume->name + rest, in.dir()); });
}

pipeline::Mount long_volume(const Reader& in, const YAML::Node& node, const std::string& where,
                            const std::vector<Resource>& volumes) {
  std::string type = node["type"] ? in.scalar(node["type"], where + ".type") : "volume";
  std::string spec = "type=" + type;
  if (node["source"]) {
    std::string source = in.scalar(node["source"], where + ".source");
    if (type == "volume") {
      const Resource* volume = find_resource(volumes, source);
      if (!volume)
        in.fail(where, "volume '" + source + "' is not declared under the top-level volumes");
      source = volume->name;
    }
    spec += ",source=" + source;
  }
  if (!node["target"]) in.fail(where, "target is required");
  spec += ",target=" + in.scalar(node["target"], where + ".target");
  if (node["read_only"] && in.scalar(node["read_only"], where + ".read_only") == "true")
    spec += ",readonly";
  return in.checked(where, [&] { return pipeline::parse_mount(spec, in.dir()); });
}

// The container port of a ports entry: "80", "8080:80", "127.0.0.1:8080:80/tcp", or the long
// syntax's target; nullopt for a UDP one (nothing to probe over HTTP).
std::optional<int> container_port(const Reader& in, const YAML::Node& node,
                                  const std::string& where) {
  if (node.IsMap()) {
    if (!node["target"]) in.fail(where, "target is required");
    if (node["protocol"] && in.scalar(node["protocol"], where + ".protocol") != "tcp")
      return std::nullopt;
    std::string target = in.scalar(node["target"], where + ".target");
    return in.checked(where, [&] { return pipeline::parse_expose(target); });
  }
  std::string spec = in.scalar(node, where);
  std::string port = spec.substr(spec.rfind(':') == std::string::npos ? 0 : spec.rfind(':') + 1);
  if (port.ends_with("/udp")) return std::nullopt;
  return in.checked(where, [&] { return pipeline::parse_expose(port); });
}

Healthcheck healthcheck(const Reader& in, const YAML::Node& node, const std::string& where) {
  if (!node.IsMap()) in.fail(where, "expected a map");
  Healthcheck check;
  if (node["disable"] && in.scalar(node["disable"], where + ".disable") == "true") {
    check.test = {"NONE"};
    return check;
  }
  if (node["test"]) {
    if (node["test"].IsSequence()) {
      check.test = in.scalars(node["test"], where + ".test");
    } else {
      check.test = {"CMD-SHELL", in.scalar(node["test"], where + ".test")};
    }
  }
  auto duration = [&](const char* key, std::int64_t& into) {
    if (node[key]) into = duration_ns(in.scalar(node[key], where + "." + key), where + "." + key);
  };
  duration("interval", check.interval_ns);
  duration("timeout", check.timeout_ns);
  duration("start_period", check.start_period_ns);
  if (node["retries"]) {
    std::string retries = in.scalar(node["retries"], where + ".retries");
    try {
      check.retries = std::stoi(retries);
    } catch (const std::exception&) {
      in.fail(where + ".retries", "expected a number, got '" + retries + "'");
    }
  }
  return check;
}

std::vector<Dependency> dependencies(const Reader& in, const YAML::Node& node,
                                     const std::string& where) {
  std::vector<Dependency> out;
  if (node.IsSequence()) {
    for (const auto& name : in.scalars(node, where)) out.push_back({name, Condition::kStarted});
    return out;
  }
  if (!node.IsMap()) in.fail(where, "expected a list or a map of services");
  for (const auto& item : node) {
    Dependency d{in.scalar(item.first, where), Condition::kStarted};
    std::string at = where + "." + d.service;
    if (item.second && item.second.IsMap() && item.second["condition"]) {
      std::string condition = in.scalar(item.second["condition"], at + ".condition");
      if (condition == "service_healthy")
        d.condition = Condition::kHealthy;
      else if (condition == "service_completed_successfully")
        d.condition = Condition::kCompletedSuccessfully;
      else if (condition != "service_started")
        in.fail(at + ".condition",
                "expected service_started, service_healthy or service_completed_successfully");
    }
    out.push_back(d);
  }
  return out;
}

void environment(const Reader& in, const YAML::Node& node, const std::string& where,
                 std::vector<std::string>& env) {
  if (node.IsMap()) {
    for (const auto& item : node) {
      std::string name = in.scalar(item.first, where);
      if (item.second.IsNull()) {
        if (const char* value = in.lookup()(name)) env.push_back(name + "=" + value);
      } else {
        env.push_back(name + "=" + in.scalar(item.second, where + "." + name));
      }
    }
    return;
  }
  for (const auto& spec : in.scalars(node, where))
    if (auto variable = in.checked(where, [&] { return pipeline::parse_env(spec, in.lookup()); }))
      env.push_back(*variable);
}

void env_files(const Reader& in, const YAML::Node& node, const std::string& where,
               std::vector<std::string>& env) {
  std::vector<std::pair<std::string, bool>> files;  // path, required
  if (node.IsScalar()) {
    files.push_back({node.Scalar(), true});
  } else if (node.IsSequence()) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      std::string at = where + "[" + std::to_string(i) + "]";
      if (node[i].IsMap()) {
        if (!node[i]["path"]) in.fail(at, "path is required");
        bool required =
            !node[i]["required"] || in.scalar(node[i]["required"], at + ".required") != "false";
        files.push_back({in.scalar(node[i]["path"], at + ".path"), required});
      } else {
        files.push_back({in.scalar(node[i], at), true});
      }
    }
  } else {
    in.fail(where, "expected a file or a list of files");
  }
  // Compose reads them as .env files (quotes removed, values interpolated), not as docker's
  // --env-file: a value reads what earlier files set, then the project's variables.
  std::map<std::string, std::string> values;
  VariableLookup lookup = [&](const std::string& name) -> std::optional<std::string> {
    if (auto it = values.find(name); it != values.end()) return it->second;
    return value_of(in.lookup()(name));
  };
  for (const auto& [path, required] : files) {
    std::filesystem::path full = in.dir() / path;
    std::ifstream file(full, std::ios::binary);
    if (!file) {
      if (!required) continue;
      in.fail(where, "cannot read " + full.string());
    }
    std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    Dotenv read;
    try {
      read = parse_dotenv(text, full.string(), lookup);
    } catch (const DotenvError& e) {
      in.fail(where, e.what());
    }
    for (auto& [name, value] : read.values) values[name] = std::move(value);
  }
  for (const auto& [name, value] : values) env.push_back(name + "=" + value);
}

Service service(const Reader& in, const std::string& name, const YAML::Node& node,
                const std::vector<Resource>& volumes) {
  const std::string where = "services." + name;
  if (!node.IsMap()) in.fail(where, "expected a map");
  static const std::set<std::string> kIgnored = {
      "container_name", "restart", "labels", "logging",    "hostname", "stop_grace_period",
      "stop_signal",    "init",    "tty",    "stdin_open", "deploy",   "profiles"};
  static const std::set<std::string> kRead = {"image",      "environment", "env_file",    "volumes",
                                              "networks",   "depends_on",  "healthcheck", "command",
                                              "entrypoint", "user",        "working_dir", "ports",
                                              "expose",     "cap_add",     "extra_hosts", "build"};
  for (const auto& item : node) {
    std::string key = in.scalar(item.first, where);
    // x-*: the spec's extension fields, which compose itself ignores.
    if (!kRead.contains(key) && !kIgnored.contains(key) && !key.starts_with("x-"))
      in.fail(where + "." + key, "not supported by minify");
  }
  if (node["build"])
    in.fail(where + ".build",
            "building images is out of minify's scope: build it first, then give its image:");
  Service s;
  s.name = name;
  if (!node["image"]) in.fail(where, "image is required");
  s.image = in.scalar(node["image"], where + ".image");
  pipeline::RunOptions& run = s.run;
  if (node["env_file"]) env_files(in, node["env_file"], where + ".env_file", run.env);
  if (node["environment"]) environment(in, node["environment"], where + ".environment", run.env);
  if (const auto& list = node["volumes"]) {
    if (!list.IsSequence()) in.fail(where + ".volumes", "expected a list");
    for (std::size_t i = 0; i < list.size(); ++i) {
      std::string at = where + ".volumes[" + std::to_string(i) + "]";
      run.mounts.push_back(list[i].IsMap() ? long_volume(in, list[i], at, volumes)
                                           : short_volume(in, in.scalar(list[i], at), at, volumes));
    }
  }
  if (const auto& networks = node["networks"]) {
    if (networks.IsMap())
      for (const auto& item : networks) s.networks.push_back(in.scalar(item.first, where));
    else
      s.networks = in.scalars(networks, where + ".networks");
  }
  if (s.networks.empty()) s.networks = {"default"};
  if (node["depends_on"])
    s.depends_on = dependencies(in, node["depends_on"], where + ".depends_on");
  if (node["healthcheck"])
    s.healthcheck = healthcheck(in, node["healthcheck"], where + ".healthcheck");
  if (node["command"]) run.cmd = in.command(node["command"], where + ".command");
  if (node["entrypoint"]) run.entrypoint = in.command(node["entrypoint"], where + ".entrypoint");
  if (node["user"]) run.user = in.scalar(node["user"], where + ".user");
  if (node["working_dir"]) run.working_dir = in.scalar(node["working_dir"], where + ".working_dir");
  for (const char* key : {"ports", "expose"}) {
    if (!node[key]) continue;
    const auto& list = node[key];
    if (!list.IsSequence()) in.fail(where + "." + key, "expected a list");
    for (std::size_t i = 0; i < list.size(); ++i)
      if (auto port =
              container_port(in, list[i], where + "." + key + "[" + std::to_string(i) + "]"))
        run.expose.push_back(*port);
  }
  if (node["cap_add"])
    for (const auto& cap : in.scalars(node["cap_add"], where + ".cap_add"))
      run.cap_add.push_back(
          in.checked(where + ".cap_add", [&] { return pipeline::parse_capability(cap); }));
  if (const auto& hosts = node["extra_hosts"]) {
    std::vector<std::string> specs;
    if (hosts.IsMap())
      for (const auto& item : hosts)
        specs.push_back(in.scalar(item.first, where + ".extra_hosts") + "=" +
                        in.scalar(item.second, where + ".extra_hosts"));
    else
      specs = in.scalars(hosts, where + ".extra_hosts");
    for (const auto& spec : specs)
      run.extra_hosts.push_back(
          in.checked(where + ".extra_hosts", [&] { return pipeline::parse_extra_host(spec); }));
  }
  return s;
}

}  // namespace

const Service& Project::service(std::string_view name) const {
  for (const auto& s : services)
    if (s.name == name) return s;
  std::string known;
  for (const auto& s : services) known += (known.empty() ? "" : ", ") + s.name;
  throw ComposeError("no service '" + std::string(name) + "' in the compose file (it has " + known +
                     ")");
}

const Resource& Project::network(std::string_view key) const {
  if (const Resource* r = find_resource(networks, key)) return *r;
  throw ComposeError("network '" + std::string(key) +
                     "' is not declared under the top-level networks");
}

Project parse_compose(std::string_view text, const std::filesystem::path& file,
                      const pipeline::EnvLookup& lookup) {
  std::filesystem::path absolute = std::filesystem::absolute(file);
  Variables variables(absolute.parent_path() / ".env", lookup);
  pipeline::EnvLookup environment = [&](const std::string& name) { return variables.lookup(name); };
  Reader in(file.string(), absolute.parent_path(), environment);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    throw ComposeError(file.string() + ": not YAML: " + e.what());
  }
  if (!root.IsMap()) in.fail("(top)", "expected a map with services");
  try {
    root = with_merge_keys(root);
  } catch (const MergeKeyError& e) {
    in.fail(e.where(), e.what());
  }
  Project project;
  std::set<std::string> seen_unset;
  for (const auto& name : variables.dotenv_unset())
    if (seen_unset.insert(name).second)
      project.warnings.push_back(unset_warning((absolute.parent_path() / ".env").string(), name));
  root = interpolated(in, root, "", std::cref(variables), seen_unset, project.warnings);
  project.name = project_name(root["name"] ? in.scalar(root["name"], "name")
                                           : absolute.parent_path().filename().string());
  if (project.name.empty()) in.fail("name", "no project name can be made of it");
  project.volumes = resources(in, root["volumes"], "volumes", project.name);
  project.networks = resources(in, root["networks"], "networks", project.name);
  if (!root["services"] || !root["services"].IsMap() || root["services"].size() == 0)
    in.fail("services", "expected a map of at least one service");
  for (const auto& item : root["services"]) {
    std::string name = in.scalar(item.first, "services");
    project.services.push_back(service(in, name, item.second, project.volumes));
  }
  bool uses_default = false;
  for (const auto& s : project.services) {
    for (const auto& key : s.networks) {
      if (key == "default")
        uses_default = true;
      else if (!find_resource(project.networks, key))
        in.fail("services." + s.name + ".networks",
                "network '" + key + "' is not declared under the top-level networks");
    }
    for (const auto& d : s.depends_on)
      if (std::none_of(project.services.begin(), project.services.end(),
                       [&](const Service& other) { return other.name == d.service; }))
        in.fail("services." + s.name + ".depends_on", "no service '" + d.service + "'");
  }
  if (uses_default && !find_resource(project.networks, "default"))
    project.networks.insert(project.networks.begin(),
                            {"default", project.name + "_default", false});
  return project;
}

Project read_compose_file(const std::filesystem::path& file, const pipeline::EnvLookup& lookup) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ComposeError(file.string() + ": cannot be read");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return parse_compose(text, file, lookup);
}

std::int64_t duration_ns(std::string_view text, const std::string& where) {
  static const std::vector<std::pair<std::string_view, double>> kUnits = {
      {"ns", 1}, {"us", 1e3}, {"ms", 1e6}, {"s", 1e9}, {"m", 60e9}, {"h", 3600e9}};
  double total = 0;
  std::string_view rest = text;
  auto bad = [&]() {
    return ComposeError(where + ": '" + std::string(text) +
                        "' is no duration (e.g. 10s, 1m30s, 500ms)");
  };
  if (rest.empty()) throw bad();
  while (!rest.empty()) {
    std::size_t digits = 0;
    while (digits < rest.size() &&
           (std::isdigit(static_cast<unsigned char>(rest[digits])) || rest[digits] == '.'))
      ++digits;
    if (digits == 0) throw bad();
    double value = 0;
    try {
      value = std::stod(std::string(rest.substr(0, digits)));
    } catch (const std::exception&) {
      throw bad();
    }
    rest.remove_prefix(digits);
    std::size_t letters = 0;
    while (letters < rest.size() && std::isalpha(static_cast<unsigned char>(rest[letters])))
      ++letters;
    std::string_view unit = rest.substr(0, letters);
    auto it =
        std::find_if(kUnits.begin(), kUnits.end(), [&](const auto& u) { return u.first == unit; });
    if (it == kUnits.end()) throw bad();
    total += value * it->second;
    rest.remove_prefix(letters);
  }
  return static_cast<std::int64_t>(std::llround(total));
}

std::vector<const Service*> start_order(const Project& project, std::string_view name) {
  std::vector<const Service*> order;
  std::set<std::string> done, visiting;
  std::function<void(const Service&)> visit = [&](const Service& s) {
    for (const auto& d : s.depends_on) {
      if (done.contains(d.service)) continue;
      if (!visiting.insert(d.service).second)
        throw ComposeError("services " + s.name + " and " + d.service + " depend on each other");
      const Service& dependency = project.service(d.service);
      visit(dependency);
      visiting.erase(d.service);
      done.insert(d.service);
      order.push_back(&dependency);
    }
  };
  const Service& target = project.service(name);
  visiting.insert(target.name);
  visit(target);
  return order;
}

}  // namespace minify::compose
