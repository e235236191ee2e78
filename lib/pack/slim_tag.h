#pragma once
// The name a slim image gets unless the user says otherwise: NAME.slim:TAG.

#include <string>
#include <string_view>

namespace minify::pack {

// "app" -> "app.slim:latest", "app:1.2" -> "app.slim:1.2", "reg:5000/team/app:1" ->
// "reg:5000/team/app.slim:1", "app@sha256:..." -> "app.slim:latest". An image id ("sha256:..." or
// bare hex) has no name: "minify-slim:<first 12 hex>".
std::string slim_tag_for(std::string_view reference);

// Adds ":latest" to a reference without a tag ("app" -> "app:latest"; "reg:5000/app" too).
std::string with_tag(std::string_view reference);

}  // namespace minify::pack
