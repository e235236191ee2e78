#pragma once
// The checks behind the rules of rule_catalog.h, one function per family, each in its own file.
// Each reads the context and reports findings into it; none throws on any parsed Dockerfile.

#include "lint/lint_context.h"

namespace minify::lint {

void check_base_image(LintContext& ctx);        // DF001 DF002 DF003 (base_image_rules.cpp)
void check_build_tools(LintContext& ctx);       // DF004 (build_tools_rule.cpp)
void check_package_managers(LintContext& ctx);  // DF005-DF010 (package_manager_rules.cpp)
void check_npm(LintContext& ctx);               // DF011-DF013 (npm_rules.cpp)
void check_layers(LintContext& ctx);            // DF014 DF015 (layer_rules.cpp)
void check_copy_add(LintContext& ctx);          // DF016-DF018 (copy_add_rules.cpp)
void check_security(LintContext& ctx);          // DF019-DF022 (security_rules.cpp)

// Every family above, in catalogue order (linter.cpp).
void check_all(LintContext& ctx);

}  // namespace minify::lint
