#include <doctest/doctest.h>

#include "analysis/keep_set.h"
#include "analysis/path_glob.h"
#include "unit/analysis/keep_set_view.h"
#include "unit/analysis/test_tree.h"

using namespace minify::analysis;
using minify::record::kExec;
using minify::record::kRead;
using minify::testing::kept_paths;
using minify::testing::record_of;
using minify::testing::skipped_lines;
using minify::testing::TestTree;

namespace {

bool kept(const KeepSet& keep, const std::string& path) {
  return keep.entries.count(path) == 1;
}

}  // namespace

TEST_CASE("glob patterns: whole paths by component, base names anywhere, subtrees covered") {
  CHECK(glob_covers("/usr/share/doc", "/usr/share/doc/python3/README"));
  CHECK(glob_covers("/usr/share/doc/*", "/usr/share/doc/python3/README"));
  CHECK_FALSE(glob_covers("/usr/share/doc/*", "/usr/share/doc"));
  CHECK_FALSE(glob_covers("/usr/*/doc", "/usr/share/x/doc"));
  CHECK(glob_covers("*.pyc", "/usr/lib/python3/__pycache__/a.cpython-311.pyc"));
  CHECK(glob_covers("__pycache__", "/usr/lib/python3/__pycache__/a.pyc"));
  CHECK_FALSE(glob_covers("*.pyc", "/usr/lib/python3/a.py"));
  CHECK_FALSE(glob_covers("/usr/share/docs", "/usr/share/doc"));
}

TEST_CASE("--include keeps a directory's whole subtree and what its symlinks point to") {
  TestTree tree;
  tree.file("/app/static/css/site.css", "css");
  tree.file("/app/static/index.html", "html");
  tree.file("/shared/logo.png", "png");
  tree.symlink("/app/static/logo.png", "../../shared/logo.png");
  tree.file("/app/other.txt", "no");
  DirectoryRoot root(tree.dir());
  Rules rules;
  rules.include = {"/app/static"};
  KeepSet keep = close_keep_set(root, record_of({}), rules);
  CHECK(kept_paths(keep) ==
        std::vector<std::string>{"/app", "/app/static", "/app/static/css",
                                 "/app/static/css/site.css", "/app/static/index.html",
                                 "/app/static/logo.png", "/shared", "/shared/logo.png"});
  CHECK(keep.entries.at("/app/static/index.html").reason == "include");
}

TEST_CASE("--include globs expand in the root; one matching nothing is a warning") {
  TestTree tree;
  tree.file("/usr/lib/python3.11/a.py", "a");
  tree.file("/usr/lib/python3.12/b.py", "b");
  tree.file("/usr/lib/perl5/c.pm", "c");
  tree.symlink("/lib", "usr/lib");
  DirectoryRoot root(tree.dir());
  Rules rules;
  rules.include = {"/lib/python3.1*/*.py", "/nothing/*"};
  KeepSet keep = close_keep_set(root, record_of({}), rules);
  CHECK(kept_paths(keep) ==
        std::vector<std::string>{"/lib", "/usr", "/usr/lib", "/usr/lib/python3.11",
                                 "/usr/lib/python3.11/a.py", "/usr/lib/python3.12",
                                 "/usr/lib/python3.12/b.py"});
  CHECK(keep.warnings ==
        std::vector<std::string>{"--include /nothing/* matches nothing in the image"});
  Rules relative;
  relative.include = {"usr/lib"};
  CHECK_THROWS_AS(close_keep_set(root, record_of({}), relative), RuleError);
}

TEST_CASE("--include-bin, --include-exe and --include-shell bring their ELF closure") {
  TestTree tree;
  tree.glibc_base();
  tree.copy("/usr/lib/x86_64-linux-gnu/libgreet.so.1", FIXTURE_GREET);
  tree.copy("/usr/bin/hello", FIXTURE_HELLO_PLAIN);
  tree.copy("/usr/local/bin/tool", FIXTURE_HELLO_PLAIN);
  tree.copy("/usr/bin/dash", FIXTURE_HELLO_PLAIN);
  tree.symlink("/usr/bin/sh", "dash");
  tree.file("/usr/bin/notexec", "x", 0644);
  DirectoryRoot root(tree.dir());

  auto closure_of = [&](const Rules& rules) { return close_keep_set(root, record_of({}), rules); };
  Rules bin;
  bin.include_bin = {"/bin/hello"};
  KeepSet by_bin = closure_of(bin);
  CHECK(kept(by_bin, "/bin"));
  CHECK(kept(by_bin, "/usr/bin/hello"));
  CHECK(kept(by_bin, "/usr/lib/x86_64-linux-gnu/libgreet.so.1"));
  CHECK(kept(by_bin, "/usr/lib/x86_64-linux-gnu/libc.so.6"));
  CHECK(kept(by_bin, "/usr/lib64/ld-linux-x86-64.so.2"));

  Rules exe;
  exe.include_exe = {"tool"};
  exe.path_env = "/nope:/usr/local/bin:/usr/bin";
  KeepSet by_exe = closure_of(exe);
  CHECK(kept(by_exe, "/usr/local/bin/tool"));
  CHECK(kept(by_exe, "/usr/lib/x86_64-linux-gnu/libgreet.so.1"));
  CHECK_FALSE(kept(by_exe, "/usr/bin/hello"));

  Rules shell;
  shell.include_shell = true;
  KeepSet by_shell = closure_of(shell);
  CHECK(kept(by_shell, "/bin"));
  CHECK(kept(by_shell, "/usr/bin/sh"));
  CHECK(by_shell.entries.at("/usr/bin/sh").symlink_target == "dash");
  CHECK(kept(by_shell, "/usr/bin/dash"));
  CHECK(kept(by_shell, "/usr/lib/x86_64-linux-gnu/libc.so.6"));

  Rules missing_exe;
  missing_exe.include_exe = {"notexec"};
  missing_exe.path_env = "/usr/bin";
  CHECK_THROWS_WITH(closure_of(missing_exe),
                    "--include-exe notexec: not found on the image's PATH /usr/bin");
  Rules missing_bin;
  missing_bin.include_bin = {"/usr/bin/python3"};
  CHECK_THROWS_WITH(closure_of(missing_bin),
                    "--include-bin: /usr/bin/python3 is not a file in the image");
  std::filesystem::remove(tree.host("/usr/bin/sh"));
  CHECK_THROWS_WITH(closure_of(shell), "--include-shell: the image has no /bin/sh");
}

TEST_CASE("--exclude is applied last, wins even over what the app used, and says so") {
  TestTree tree;
  tree.file("/app/main.py", "import x");
  tree.symlink("/srv", "app");
  tree.file("/app/__pycache__/main.cpython-311.pyc", "pyc");
  tree.file("/usr/share/doc/app/README", "doc");
  DirectoryRoot root(tree.dir());
  Rules rules;
  rules.include = {"/usr/share/doc"};
  rules.exclude = {"*.pyc", "/usr/share/doc/*", "/sr?"};
  KeepSet keep = close_keep_set(
      root, record_of({{"/srv/main.py", kRead}, {"/app/__pycache__/main.cpython-311.pyc", kRead}}),
      rules);
  CHECK(kept_paths(keep) == std::vector<std::string>{"/app", "/app/__pycache__", "/app/main.py",
                                                     "/usr", "/usr/share", "/usr/share/doc"});
  CHECK(skipped_lines(keep) ==
        std::vector<std::string>{
            "/app/__pycache__/main.cpython-311.pyc: excluded by --exclude *.pyc",
            "/srv: excluded by --exclude /sr?",
            "/usr/share/doc/app: excluded by --exclude /usr/share/doc/*",
            "/usr/share/doc/app/README: excluded by --exclude /usr/share/doc/*"});
  CHECK(keep.warnings ==
        std::vector<std::string>{
            "--exclude *.pyc removes /app/__pycache__/main.cpython-311.pyc, which the app used",
            "--exclude /sr? removes /srv, which the app used"});
}
