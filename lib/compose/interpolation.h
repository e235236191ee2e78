#pragma once
// Compose's `${VARIABLE}` interpolation (compose-spec, "Interpolation"): the template language of
// a compose file's values and of its project's .env file, as pure functions over byte strings.
//
//   $VAR, ${VAR}     the value; an unset one is "" (and reported in `unset`, compose warns)
//   ${VAR:-default}  default when VAR is unset or empty;  ${VAR-default}  when unset
//   ${VAR:?message}  an error when unset or empty;        ${VAR?message}  when unset
//   ${VAR:+alt}      alt when VAR is set and not empty;   ${VAR+alt}      when set
//   $$               a literal $
//
// A name is [_A-Za-z][_A-Za-z0-9]*. The text after an operator is a template itself
// (`${A:-${B:-x}}`), running to the first `}` not closing a nested `${`; it is only evaluated when
// it is used, so a default that is not taken neither warns nor fails. A `$` followed by none of
// the above (`$1`, `$ `, a final `$`) is kept as it is, as compose keeps it. A `${` that is not
// closed, or holds no name or an operator compose does not know (`${ A}`, `${A/x/y}`), is an error.

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace minify::compose {

// A template that cannot be interpolated: malformed, or a required variable missing. what() is one
// line without the place; the caller adds it.
class InterpolationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A variable's value, or nullopt when it is unset (set and empty is "").
using VariableLookup = std::function<std::optional<std::string>(const std::string& name)>;

struct Interpolated {
  std::string text;
  std::vector<std::string> unset;  // variables read with no value and no default, in order, once
};

// `text` with its variables replaced from `lookup`. Throws InterpolationError.
Interpolated interpolate(std::string_view text, const VariableLookup& lookup);

}  // namespace minify::compose
