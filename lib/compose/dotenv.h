#pragma once
// Compose's dotenv format: the `.env` file of a project (the compose file's directory), read for
// `${VARIABLE}` interpolation (the values minify's environment does not set), and each service's
// `env_file` (what the app gets), as compose-go reads both.
//
// Not docker's --env-file format (pipeline::parse_env_file takes each line as it is): here
//   KEY=VALUE         blank lines and `#` comment lines skipped, an optional `export ` prefix
//   KEY=a value # c   unquoted: trimmed, cut at a `#` that follows a space or a tab
//   KEY='$literal'    single-quoted: as written (only \' is an escaped quote)
//   KEY="a\n${B}"     double-quoted: \n \r \t \\ \" unescaped, then interpolated; may span lines
//   KEY               a name alone: the environment's value, or nothing when it has none
// Unquoted and double-quoted values are interpolated (compose/interpolation.h) from the
// environment first, then the entries above them. Values are bytes; a later KEY wins.

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "compose/interpolation.h"

namespace minify::compose {

// A .env file that cannot be read as one: what() is one line, "FILE:LINE: ...".
class DotenvError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Dotenv {
  std::map<std::string, std::string> values;
  std::vector<std::string> unset;  // variables its values read with no value and no default
};

// Reads `text`, the .env file `file` (named in errors); `environment` is minify's. Throws
// DotenvError.
Dotenv parse_dotenv(std::string_view text, const std::string& file,
                    const VariableLookup& environment);

}  // namespace minify::compose
