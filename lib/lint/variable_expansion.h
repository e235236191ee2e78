#pragma once
// ARG/ENV substitution as BuildKit does it in FROM, COPY, ADD, WORKDIR, USER, ENV...:
// $NAME, ${NAME}, ${NAME:-word}, ${NAME-word}, ${NAME:+word}, ${NAME+word}.
// An unset name expands to nothing; the escape character before '$' keeps it literal; a
// malformed `${` stays as written (lint reports on what it can read, it never refuses here).

#include <map>
#include <set>
#include <string>
#include <string_view>

namespace minify::lint {

using Variables = std::map<std::string, std::string, std::less<>>;

// `unset`, when given, receives the names used without a default that have no value: the result
// is then only a guess of what the build will see.
std::string expand_variables(std::string_view word, const Variables& vars, char escape = '\\',
                             std::set<std::string, std::less<>>* unset = nullptr);

}  // namespace minify::lint
