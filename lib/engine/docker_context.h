#pragma once
// The docker CLI's context store, read-only: ~/.docker (or DOCKER_CONFIG) holds config.json, whose
// "currentContext" names the context `docker context use` chose, and one folder per context:
//   contexts/meta/<sha256 of the name>/meta.json   {"Name":..,"Endpoints":{"docker":{"Host":..,
//                                                    "SkipTLSVerify":..}}}
//   contexts/tls/<sha256 of the name>/docker/{ca,cert,key}.pem   (only for a TLS context)
// Every failure is a std::invalid_argument with one line naming the context and the file.

#include <filesystem>
#include <string>

#include "engine/endpoint.h"

namespace minify::engine {

// config.json's "currentContext" in `config_dir`; "" when the file or the key is absent.
std::string current_context_name(const std::filesystem::path& config_dir);

// The docker endpoint of context `name` (not "default", which lives in no store), with its TLS
// files when the store has any.
Endpoint read_docker_context(const std::filesystem::path& config_dir, const std::string& name);

// The folder name the store uses for context `name`: the hex SHA-256 of the name.
std::string context_folder_name(const std::string& name);

}  // namespace minify::engine
